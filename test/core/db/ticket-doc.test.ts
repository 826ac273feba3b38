/**
 * The packed stored form (ticket-doc.ts): every ticket comes back exactly as it was given, key
 * order included, whatever its embedded objects hold; damage is reported as DamagedRecordError.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createVendorClient } from '../../../src/main/core/api/index'
import { openCache, type TicketCache } from '../../../src/main/core/db/cache'
import {
  DamagedRecordError,
  isDamagedRecord,
  packTicket,
  snapshotSource,
  unpackTicket,
} from '../../../src/main/core/db/ticket-doc'
import { getTicket } from '../../../src/main/core/db/ticket-reader'
import type { Employee, Ticket } from '../../../src/shared/domain/api-schemas'
import { FIXTURE_DIR } from '../../fixtures/api-examples/extract'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { NOW, sampleTickets, tempDir } from './cache-fixtures'

let tmp: ReturnType<typeof tempDir>
let cache: TicketCache

beforeEach(() => {
  tmp = tempDir()
  cache = openCache(join(tmp.dir, 'cache.sqlite')).cache
})

afterEach(() => {
  cache.close()
  tmp.cleanup()
})

/** Exactly as given: the same JSON text, so key order and every null and unknown field. */
function expectRoundTrip(tickets: readonly Ticket[]): void {
  for (const t of tickets) {
    const back = cache.getTicket(t.id)?.ticket
    expect(JSON.stringify(back), `ticket ${t.id}`).toBe(JSON.stringify(t))
  }
}

function snapshots(kind?: string): number {
  const sql = kind
    ? 'SELECT count(*) FROM snapshots WHERE kind = ?'
    : 'SELECT count(*) FROM snapshots'
  return cache
    .connection()
    .prepare(sql)
    .pluck()
    .get(...(kind ? [kind] : [])) as number
}

function storedJson(id: number): string {
  return cache
    .connection()
    .prepare('SELECT json FROM ticket_json WHERE id = ?')
    .pluck()
    .get(id) as string
}

const employee = (id: number, extra: Partial<Employee> = {}): Employee => ({
  id,
  name: `Agent ${id}`,
  employee_no: `a${id}`,
  group: { id: 2, name: '測試B組', description: null },
  ...extra,
})

describe('the packed stored form', () => {
  it('gives back generated tickets exactly, each embedded object stored once', () => {
    const tickets = sampleTickets(300)
    cache.upsertTickets(tickets.slice(0, 150), NOW)
    cache.upsertTickets(tickets.slice(150), NOW)
    expectRoundTrip(tickets)
    const employees = new Set(
      tickets.flatMap((t) =>
        [t.creater, t.handler, ...(t.interact_collections ?? []).map((i) => i.handler)]
          .filter((e) => e != null)
          .map((e) => JSON.stringify(e)),
      ),
    )
    expect(snapshots('employee')).toBe(employees.size)
    const whole = tickets.reduce((n, t) => n + JSON.stringify(t).length, 0)
    const stored = tickets.reduce((n, t) => n + storedJson(t.id).length, 0)
    expect(stored / whole).toBeLessThan(0.5)
  })

  it("gives back the vendor document's example tickets exactly", () => {
    const read = (name: string): unknown =>
      JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.json`), 'utf8'))
    const search = read('ticket-search') as { data: Ticket[] }
    const created = (read('ticket-create') as { data: Ticket }).data
    const viewed = read('ticket-view') as Ticket
    const updated = read('ticket-update') as Ticket
    // One id per stored ticket: the view and the update describe the same ticket.
    const tickets = [
      ...search.data,
      { ...created, id: 990001 },
      { ...viewed, id: 990002 },
      {
        ...updated,
        id: 990003,
      },
    ]
    expect(tickets.some((t) => (t.interact_collections ?? []).some((i) => i.handler))).toBe(true)
    cache.upsertTickets(tickets, NOW)
    expectRoundTrip(tickets)
  })

  it('keeps two versions of one employee apart, each where it was embedded', () => {
    const before = employee(3)
    const after = employee(3, { name: 'Agent 3 (renamed)', extension: null })
    // Same fields, another key order: a third exact text, a third snapshot.
    const reordered = { employee_no: 'a3', id: 3, name: 'Agent 3', group: before.group }
    const tickets: Ticket[] = [
      { id: 1, subject: 'a', creater: before, handler: after },
      { id: 2, subject: 'b', handler: before, interact_collections: [{ id: 7, handler: after }] },
      { id: 3, subject: 'c', creater: reordered, handler_id: 3 },
    ]
    cache.upsertTickets(tickets, NOW)
    expectRoundTrip(tickets)
    expect(snapshots('employee')).toBe(3)
    expect(Object.keys(cache.getTicket(3)?.ticket.creater ?? {})).toEqual(Object.keys(reordered))
  })

  it('keeps nulls, absent keys, odd values and unknown fields as they were', () => {
    const tickets: Ticket[] = [
      { id: 1, subject: null, content: null, handler: null, creater: null, contact: null },
      { id: 2 },
      { id: 3, interact_collections: null, sponsor: null, category: null },
      {
        id: 4,
        interact_collections: [
          { id: 1, handler: null },
          { id: 2 },
          { id: 3, handler_id: 5, handler: employee(5), memo: 'x' },
        ],
      },
      { id: 5, campaign_queue: { id: 1, name: 'q', nested: { deep: [1, null, 'x'] } } },
      { id: 6, future_field: { kept: true }, sub_category: { id: 9, category: null } },
      JSON.parse('{"id":7,"__proto__":{"polluted":true},"handler":{"id":1,"__proto__":1}}'),
    ]
    cache.upsertTickets(tickets, NOW)
    expectRoundTrip(tickets)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    // Writing the same tickets again changes nothing: the packed text is the same.
    expect(cache.upsertTickets(tickets, NOW)).toMatchObject({ unchanged: tickets.length })
  })

  it('packs values the schema would refuse without confusing them with references', () => {
    // The client validates tickets before they reach the cache; the packed form does not rely on it.
    const db = cache.connection()
    const odd = {
      id: 9,
      creater: 5,
      handler: 'nobody',
      sponsor: [],
      contact: false,
      interact_collections: [42, 'text', null, [1], { id: 1, handler: 0 }],
    } as unknown as Ticket
    const packed = packTicket(db, odd)
    expect(JSON.stringify(unpackTicket(9, packed, snapshotSource(db)))).toBe(JSON.stringify(odd))
  })

  it("keeps the contact's national id only in its snapshot", () => {
    const tickets = sampleTickets(50).filter((t) => t.contact?.identity_no)
    expect(tickets.length).toBeGreaterThan(0)
    cache.upsertTickets(tickets, NOW)
    const id = tickets[0]?.contact?.identity_no as string
    const db = cache.connection()
    const count = (sql: string): number => db.prepare(sql).pluck().get(id) as number
    expect(count('SELECT count(*) FROM ticket_json WHERE instr(json, ?) > 0')).toBe(0)
    expect(count('SELECT count(*) FROM employees WHERE instr(json, ?) > 0')).toBe(0)
    const contactColumns = db
      .prepare('SELECT name FROM pragma_table_info(?)')
      .pluck()
      .all('contacts')
    expect(contactColumns).not.toContain('json')
    expect(
      count("SELECT count(*) FROM snapshots WHERE kind = 'contact' AND instr(json, ?) > 0"),
    ).toBe(1)
    expect(cache.getContact(tickets[0]?.contact?.id ?? -1)).toEqual(tickets[0]?.contact)
  })
})

/** The reader itself (ticket-reader.ts): it throws; the cache's getTicket catches it (below). */
const readStored = (id: number): unknown => getTicket(cache.connection(), id)

describe('a damaged stored ticket', () => {
  it('is reported as DamagedRecordError naming the ticket, and the others still read', () => {
    const tickets = sampleTickets(20)
    cache.upsertTickets(tickets, NOW)
    const [bad, good] = tickets as [Ticket, Ticket]
    const json = storedJson(bad.id)
    const broken = json.slice(0, 20) + '\u0001' + json.slice(20)
    cache.connection().prepare('UPDATE ticket_json SET json = ? WHERE id = ?').run(broken, bad.id)
    let error: unknown
    try {
      readStored(bad.id)
    } catch (e) {
      error = e
    }
    expect(isDamagedRecord(error)).toBe(true)
    expect((error as DamagedRecordError).ticketId).toBe(bad.id)
    expect((error as Error).message).toMatch(new RegExp(`ticket ${bad.id} is damaged`))
    expect(cache.getTicket(good.id)?.ticket).toEqual(good)

    // Fetched again and written, it is whole again (and still found by its text); the write
    // noted the damage it replaced, for the sync's report.
    expect(cache.upsertTickets([bad], NOW)).toMatchObject({ updated: 1 })
    expect(cache.takeDamagedTicketIds()).toEqual([bad.id])
    expectRoundTrip([bad])
    const term = (bad.subject ?? '').slice(0, 2)
    const found = cache.queryTickets(
      { filters: { search: term }, limit: 500 },
      { meId: null, now: NOW },
    )
    expect(found.rows.map((r) => r.id)).toContain(bad.id)
  })

  it('whose snapshot is missing or damaged is reported too, and repaired by a new write', () => {
    const tickets = sampleTickets(20).filter((t) => t.creater)
    cache.upsertTickets(tickets, NOW)
    const one = tickets[0] as Ticket
    const ref = JSON.parse(storedJson(one.id)).creater as number
    const db = cache.connection()
    db.prepare('UPDATE snapshots SET json = ? WHERE id = ?').run('{"id":1,', ref)
    expect(() => readStored(one.id)).toThrow(DamagedRecordError)
    cache.upsertTickets([{ ...one, subject: 'again' }], NOW)
    expectRoundTrip([{ ...one, subject: 'again' }])

    db.prepare('DELETE FROM snapshots WHERE id = ?').run(ref)
    expect(() => readStored(one.id)).toThrow(/snapshot .* of creater is missing/)
    const deleted = cache.deleteTickets([one.id])
    expect(deleted).toBe(1)
  })

  it('read through the cache is dropped (null) and its id noted for the sync to fetch again', () => {
    const tickets = sampleTickets(20)
    cache.upsertTickets(tickets, NOW)
    const [bad, good] = tickets as [Ticket, Ticket]
    const json = storedJson(bad.id)
    const broken = json.slice(0, 20) + '\u0001' + json.slice(20)
    cache.connection().prepare('UPDATE ticket_json SET json = ? WHERE id = ?').run(broken, bad.id)
    expect(cache.getTicket(bad.id)).toBeNull()
    expect(cache.allTicketIds()).not.toContain(bad.id)
    // Told apart from "not cached": readers say it is damaged and will be fetched again.
    expect(cache.isDamagedTicket(bad.id)).toBe(true)
    expect(cache.isDamagedTicket(good.id)).toBe(false)
    expect(cache.takeDamagedTicketIds()).toEqual([bad.id])
    expect(cache.isDamagedTicket(bad.id)).toBe(false)
    expect(cache.takeDamagedTicketIds()).toEqual([])
    expect(cache.getTicket(good.id)?.ticket).toEqual(good)
  })
})

describe('tickets read from the sandbox through the API client', () => {
  let sandbox: TestSandbox

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 400, seed: 8 })
  })

  afterAll(async () => {
    await sandbox.close()
  })

  it('come back exactly as the client gave them', async () => {
    const client = createVendorClient({ baseUrl: sandbox.url + '/api/v1', timeoutMs: 10_000 })
    const tickets: Ticket[] = []
    for (let page = 1; ; page++) {
      const result = await client.searchTickets({ page, per_page: 100 })
      tickets.push(...result.data)
      if (page >= result.meta.last_page) break
    }
    expect(tickets).toHaveLength(400)
    for (let i = 0; i < tickets.length; i += 100)
      cache.upsertTickets(tickets.slice(i, i + 100), NOW)
    expectRoundTrip(tickets)
    const one = await client.getTicket(tickets[5]?.id ?? -1)
    cache.upsertTickets([one], NOW)
    expectRoundTrip([one])
  })
})

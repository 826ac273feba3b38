/**
 * One full sync makes the cache equal to the server, field for field, for every ticket and every
 * lookup list; after another agent creates, updates (every writable field) and deletes, one more
 * sync makes it equal again, with exact counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket, TicketUpdateInput } from '../../../src/shared/domain/api-schemas'
import {
  cacheView,
  ids,
  serverView,
  startHarness,
  type ServerView,
  type SyncHarness,
} from '../../helpers/sync-harness'

const TICKETS = 600

let h: SyncHarness

beforeAll(async () => {
  // The server caps pages at 40 while the engine asks for 100: it must follow meta.last_page.
  h = await startHarness({ tickets: TICKETS, seed: 11, perPageCap: 40 })
})
afterAll(async () => {
  await h?.close()
})

function expectCacheEqualsServer(server: ServerView): void {
  const cached = cacheView(h.cache)
  expect(ids(cached.tickets)).toEqual(ids(server.tickets))
  for (const [id, ticket] of server.tickets) {
    expect(cached.tickets.get(id), `ticket ${id}`).toStrictEqual(ticket)
  }
  for (const table of Object.keys(server.lookups) as (keyof ServerView['lookups'])[]) {
    expect(server.lookups[table].length, table).toBeGreaterThan(0)
    expect(cached.lookups[table], table).toStrictEqual(server.lookups[table])
  }
}

interface Choices {
  employees: number[]
  sponsors: number[]
  codes: { id: number; status: number }[]
  subCategories: number[]
  contacts: number[]
}

function choices(server: ServerView): Choices {
  const idsOf = (list: unknown[]): number[] => list.map((x) => (x as { id: number }).id)
  const contacts = new Set<number>()
  for (const t of server.tickets.values()) if (t.contact_id != null) contacts.add(t.contact_id)
  return {
    employees: idsOf(server.lookups.employees),
    sponsors: idsOf(server.lookups.sponsors),
    codes: server.lookups.termination_codes.map((c) => c as { id: number; status: number }),
    subCategories: idsOf(server.lookups.sub_categories),
    contacts: [...contacts],
  }
}

/** A value different from `current`, from `options`. */
function other<T>(options: T[], current: T | null | undefined, salt: number): T {
  const candidates = options.filter((o) => o !== current)
  if (candidates.length === 0) throw new Error('no alternative value to change to')
  return candidates[salt % candidates.length] as T
}

/** Changes every writable field of `ticket` to a new valid value. */
function changeEverything(ticket: Ticket, c: Choices, salt: number): TicketUpdateInput {
  const status = ((ticket.status ?? 0) + 1 + (salt % 3)) % 4
  const code = c.codes.find((x) => x.status === status && x.id !== ticket.termination_code_id)
  const day = String((salt % 27) + 1).padStart(2, '0')
  const dueAt = `2031-04-${day} 0${salt % 10}:1${salt % 10}:2${salt % 10}`
  return {
    subject: `另一位客服改了主旨 ${salt}`,
    content: `內容也改了：客戶要求退款，第 ${salt} 次更新。Refund requested.`,
    status,
    priority: ((ticket.priority ?? 0) + 1) % 4,
    due_at: ticket.due_at === dueAt ? null : dueAt,
    status_memo: `備註 ${salt}`,
    handler_id: other(c.employees, ticket.handler_id, salt),
    sponsor_id: other(c.sponsors, ticket.sponsor_id, salt),
    termination_code_id: code?.id ?? null,
    sub_category_id: other(c.subCategories, ticket.sub_category_id, salt),
    contact_id: other(c.contacts, ticket.contact_id, salt),
  }
}

describe('full sync against the sandbox', () => {
  it('fills an empty cache equal to the server, field for field', async () => {
    const engine = h.engine()
    const summary = await engine.runFull()
    const server = await serverView(h.sandbox.apiBase)

    expect(summary).toMatchObject({
      kind: 'all',
      complete: true,
      stable: true,
      fetched: TICKETS,
      inserted: TICKETS,
      updated: 0,
      unchanged: 0,
      deleted: 0,
    })
    expect(summary.pages).toBe(Math.ceil(TICKETS / 40))
    expectCacheEqualsServer(server)
    expect(engine.status()).toMatchObject({ state: 'online', error: null })
    expect(engine.status().lastSyncAt).not.toBeNull()

    // Nothing changed: a second sync writes nothing and deletes nothing.
    const again = await h.engine().runFull()
    expect(again).toMatchObject({ inserted: 0, updated: 0, deleted: 0, unchanged: TICKETS })
  })

  it('after creates, updates of every writable field and deletes, converges in one sync', async () => {
    const before = await serverView(h.sandbox.apiBase)
    const c = choices(before)
    const all = [...before.tickets.values()].sort((a, b) => a.id - b.id)
    // Spread the changes over the whole listing: first, middle and last pages.
    const toUpdate = all.filter((_, i) => i % 37 === 5)
    const toDelete = all.filter((_, i) => i % 53 === 7 && !toUpdate.includes(all[i] as Ticket))
    const control = h.sandbox.control

    for (const [i, ticket] of toUpdate.entries()) {
      const patch = changeEverything(ticket, c, i + 1)
      const updated = await control.updateTicket(ticket.id, patch)
      // Every field really changed on the server (the test would prove nothing otherwise).
      for (const [field, value] of Object.entries(patch)) {
        expect((updated as Record<string, unknown>)[field], field).toEqual(value)
        if (field !== 'termination_code_id' || value !== null)
          expect((ticket as Record<string, unknown>)[field], field).not.toEqual(value)
      }
    }
    for (const ticket of toDelete) await control.deleteTicket(ticket.id)
    const created: Ticket[] = []
    for (let i = 0; i < 7; i++) {
      created.push(
        await control.createTicket({
          subject: `新工單 ${i} 理賠`,
          content: `另一位客服新建的工單 ${i}`,
          priority: i % 4,
          status: i % 2,
          handler_id: c.employees[i % c.employees.length] ?? null,
          contact_id: c.contacts[i % c.contacts.length] ?? null,
          creater_id: c.employees[(i + 1) % c.employees.length] ?? 1,
        }),
      )
    }

    const summary = await h.engine().runFull()
    const after = await serverView(h.sandbox.apiBase)
    expect(after.tickets.size).toBe(TICKETS - toDelete.length + created.length)
    expectCacheEqualsServer(after)
    expect(summary).toMatchObject({
      complete: true,
      fetched: after.tickets.size,
      inserted: created.length,
      updated: toUpdate.length,
      deleted: toDelete.length,
      unchanged: after.tickets.size - created.length - toUpdate.length,
      keptAfterCheck: 0,
      uncheckedCandidates: 0,
    })
    for (const ticket of toDelete) expect(h.cache.getTicket(ticket.id)).toBeNull()
  })
})

// The change log inside a real (encrypted) cache file: numbered in the write's transaction, an
// unchanged re-write logs nothing, pruning makes old cursors answer snapshot_required.
import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCache, type TicketCache } from '../../src/main/core/db/cache'
import type { Db } from '../../src/main/core/db/open-database'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import {
  changesAfter,
  epochOf,
  headSeq,
  installChangeLog,
  markBaseline,
  pruneChanges,
  replaceLookupsLogged,
  withAttribution,
} from '../../src/hub/change-log'
import { cursorServable, readHistory, snapshotChunks } from '../../src/hub/feed'

/** When the test's hub store first ran (server time). */
const STARTED_AT = '2026-12-01 09:00:00'
let dir: string
let cache: TicketCache
let db: Db
const key = randomBytes(32)

function open(): void {
  cache = openCache(join(dir, 'hub.sqlite'), {
    key,
    onOpen: (d) => {
      installChangeLog(d, STARTED_AT)
      db = d
    },
  }).cache
}

const ticket = (id: number, fields: Partial<Ticket> = {}): Ticket =>
  ({
    id,
    subject: `ticket ${id}`,
    status: 0,
    updated_at: '2026-12-01 10:00:00',
    contact: { id: 9, name: '陳小明', identity_no: 'A123456789' },
    ...fields,
  }) as Ticket

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hub-log-'))
  open()
})

afterEach(() => {
  cache.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the change log', () => {
  it('numbers creates, changes and deletes; an unchanged write logs nothing', () => {
    cache.upsertTickets([ticket(1), ticket(2)], '2026-12-01 10:00:00')
    cache.upsertTickets([ticket(1)], '2026-12-01 10:01:00')
    cache.upsertTickets([ticket(1, { status: 1, updated_at: '2026-12-01 10:02:00' })], 'x')
    cache.deleteTickets([2])
    const rows = changesAfter(db, 0, 100)
    expect(rows.map((r) => [r.ticket_id, r.kind])).toEqual([
      [1, 'created'],
      [2, 'created'],
      [1, 'changed'],
      [2, 'deleted'],
    ])
    expect(headSeq(db)).toBe(4)
  })

  it('attributes a write to its author and keeps national ids out of history', () => {
    cache.upsertTickets([ticket(1)], 'x')
    withAttribution(db, [1], { employeeId: 7, name: '王佩珊' }, () =>
      cache.upsertTickets(
        [ticket(1, { status: 2, contact: { id: 9, identity_no: 'B223456789' } })],
        'y',
      ),
    )
    cache.upsertTickets([ticket(1, { status: 3 })], 'z')
    const { entries } = readHistory(db, 1, 'Asia/Taipei')
    // The first read's insert is the baseline, not an event.
    expect(entries.map((e) => [e.kind, e.by?.name ?? null])).toEqual([
      ['changed', '王佩珊'],
      ['changed', null],
    ])
    expect(entries[0]?.fields).toEqual([{ field: 'status', old: 0, new: 2 }])
    const text = JSON.stringify(entries)
    expect(text).not.toContain('A123456789')
    expect(text).not.toContain('B223456789')
  })

  it("starts a ticket's history at what the hub saw change, not at its first read", () => {
    const before = { created_at: '2026-11-30 08:00:00' }
    const during = { created_at: '2026-12-01 09:30:00' }
    cache.upsertTickets([ticket(1, before), ticket(2, during)], 'x')
    markBaseline(db)
    cache.upsertTickets([ticket(1, { ...before, status: 1 })], 'y')
    cache.upsertTickets([ticket(3, { created_at: '2026-11-29 08:00:00' })], 'z')
    const kinds = (id: number): string[] =>
      readHistory(db, id, 'Asia/Taipei').entries.map((e) => e.kind)
    // Read in the first sweep: baseline. Created after the hub started: news, even in that sweep.
    expect(kinds(1)).toEqual(['changed'])
    expect(readHistory(db, 1, 'Asia/Taipei').entries[0]?.fields).toEqual([
      { field: 'status', old: 0, new: 1 },
    ])
    expect(kinds(2)).toEqual(['created'])
    // First seen after the first read (an old ticket the sweep missed, or restored): news too.
    expect(kinds(3)).toEqual(['created'])
    // The feed keeps every insert: desktops following it need them.
    expect(changesAfter(db, 0, 100).filter((r) => r.kind === 'created')).toHaveLength(3)
  })

  it('logs lookup lists only when they change, in the replacing transaction', () => {
    const lists = {
      employees: [],
      sponsors: [{ id: 1, name: 'S' }],
      terminationCodes: [],
      categories: [],
      subCategories: [],
    }
    expect(replaceLookupsLogged(db, lists, () => cache.replaceLookups(lists))).toBe(true)
    expect(replaceLookupsLogged(db, lists, () => cache.replaceLookups(lists))).toBe(false)
    expect(() =>
      replaceLookupsLogged(db, lists, () => {
        throw new Error('the replace failed')
      }),
    ).toThrow()
    expect(changesAfter(db, 0, 10).map((r) => r.kind)).toEqual(['lookups'])
  })

  it('keeps its epoch when reopened; pruning makes older cursors unservable', () => {
    cache.upsertTickets([ticket(1), ticket(2), ticket(3)], 'x')
    const epoch = epochOf(db)
    cache.close()
    open()
    expect(epochOf(db)).toBe(epoch)
    expect(cursorServable(db, epoch, 0)).toBe(true)
    expect(cursorServable(db, epoch, 4)).toBe(false) // past the head
    expect(cursorServable(db, 'other', 1)).toBe(false)
    // Two changes from ten days ago are pruned; the third is kept.
    db.prepare(
      "UPDATE hub_changes SET at = strftime('%Y-%m-%d %H:%M:%S', 'now', '-10 days') WHERE seq <= 2",
    ).run()
    expect(pruneChanges(db, 8)).toBe(2)
    expect(cursorServable(db, epoch, 1)).toBe(false)
    expect(cursorServable(db, epoch, 2)).toBe(true)
    expect(changesAfter(db, 2, 10).map((r) => r.seq)).toEqual([3])
    cache.upsertTickets([ticket(4)], 'x')
    expect(headSeq(db)).toBe(4) // never reused after pruning
  })

  it('pins a snapshot at its cursor while writes go on', async () => {
    cache.upsertTickets([ticket(1), ticket(2)], 'x')
    const chunks = snapshotChunks(join(dir, 'hub.sqlite'), key)
    const first = ((await chunks.next()).value as string).split('\n')
    const begin = JSON.parse(first[0] as string) as { cursor: string }
    // Written after the snapshot began: neither is in it.
    cache.upsertTickets(
      [ticket(1, { subject: 'later', updated_at: '2026-12-02 00:00:00' }), ticket(3)],
      'y',
    )
    const rest: { type: string; ticket?: Ticket; cursor?: string }[] = []
    for await (const chunk of chunks) {
      for (const line of chunk.split('\n').filter((l) => l !== ''))
        rest.push(JSON.parse(line) as (typeof rest)[number])
    }
    const tickets = rest.flatMap((l) => (l.ticket ? [l.ticket] : []))
    expect(tickets.map((t) => [t.id, t.subject])).toEqual([
      [1, 'ticket 1'],
      [2, 'ticket 2'],
    ])
    expect(rest.at(-1)).toEqual({ type: 'end', cursor: begin.cursor, tickets: 2 })
    expect(begin.cursor).toBe(`${epochOf(db)}:2`)
  })
})

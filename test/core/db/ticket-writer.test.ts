import { statSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCache, type TicketCache } from '../../../src/main/core/db/cache'
import { openDatabase } from '../../../src/main/core/db/open-database'
import { statsTargets } from '../../../src/main/core/db/planner-stats'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import { NOW, sampleTickets, tempDir } from './cache-fixtures'

let tmp: ReturnType<typeof tempDir>
let cache: TicketCache

beforeEach(() => {
  tmp = tempDir()
  cache = openCache(`${tmp.dir}/cache.sqlite`).cache
})

afterEach(() => {
  cache.close()
  tmp.cleanup()
})

const totalChanges = (): number =>
  (cache.connection().prepare('SELECT total_changes() AS n').get() as { n: number }).n

describe('upsertTickets', () => {
  it('counts inserted, updated and unchanged tickets, and skips unchanged ones without writing', () => {
    const tickets = sampleTickets(150)
    const first = cache.upsertTickets(tickets.slice(0, 100), NOW)
    expect(first).toMatchObject({ inserted: 100, updated: 0, unchanged: 0 })
    expect(first.insertedIds).toEqual(tickets.slice(0, 100).map((t) => t.id))

    const before = totalChanges()
    const again = cache.upsertTickets(tickets.slice(0, 100), '2026-06-01 13:00:00')
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 100 })
    expect(totalChanges()).toBe(before)
    expect(cache.getTicket(tickets[0]?.id ?? -1)?.syncedAt).toBe(NOW)

    const moved = { ...(tickets[1] as Ticket), status: 3, updated_at: '2026-06-01 11:59:00' }
    // Same updated_at but a different embedded name: still written (the JSON differs).
    const renamed = { ...(tickets[2] as Ticket), subject: '改過的主旨' }
    const mixed = cache.upsertTickets([moved, renamed, ...tickets.slice(100, 110)], NOW)
    expect(mixed).toMatchObject({ inserted: 10, updated: 2, unchanged: 0 })
    expect(mixed.updatedIds).toEqual([moved.id, renamed.id])
    expect(cache.ticketCount()).toBe(110)
    expect(cache.ticketUpdatedAt([moved.id, renamed.id, 99999])).toEqual(
      new Map([
        [moved.id, '2026-06-01 11:59:00'],
        [renamed.id, renamed.updated_at ?? null],
      ]),
    )
  })

  it('gives back each ticket exactly as it was stored, unknown fields included', () => {
    const tickets = sampleTickets(20)
    cache.upsertTickets(tickets, NOW)
    for (const t of tickets) {
      expect(cache.getTicket(t.id)).toEqual({ ticket: t, syncedAt: NOW })
    }
    const odd = tickets.find((t) => 'future_field' in t) as Ticket
    expect(cache.getTicket(odd.id)?.ticket['future_field']).toEqual({ kept: [1, 'two'] })
    expect(cache.getTicket(424242)).toBeNull()
    expect(cache.allTicketIds()).toEqual(tickets.map((t) => t.id).sort((a, b) => a - b))
  })

  it('keeps the contacts, interactions and employees the tickets embed', () => {
    const tickets = sampleTickets(200)
    cache.upsertTickets(tickets, NOW)
    const withContact = tickets.find((t) => t.contact?.membership_no) as Ticket
    const contact = withContact.contact
    expect(cache.getContact(contact?.id ?? -1)).toEqual(contact)
    expect(cache.searchContacts(contact?.membership_no ?? '', 5).map((c) => c.id)).toContain(
      contact?.id,
    )
    const surname = (contact?.name ?? '').slice(0, 1)
    expect(
      cache
        .searchContacts(surname, 50)
        .every(
          (c) => (c.name ?? '').includes(surname) || (c.membership_no ?? '').includes(surname),
        ),
    ).toBe(true)

    const handler = tickets.find((t) => t.handler)?.handler
    expect(cache.getEmployee(handler?.id ?? -1)).toEqual(handler)
    const byNo = cache.searchEmployees((handler?.employee_no ?? '').toUpperCase(), 10)
    expect(byNo.map((e) => e.id)).toContain(handler?.id)

    const withCalls = tickets.filter((t) => (t.interact_collections ?? []).length > 0)
    const expected = withCalls.reduce((n, t) => n + (t.interact_collections?.length ?? 0), 0)
    expect(cache.stats().interactions).toBe(expected)
    // Replacing a ticket replaces its interactions; deleting it removes them.
    const one = withCalls[0] as Ticket
    cache.upsertTickets(
      [{ ...one, interact_collections: [], updated_at: '2026-06-01 11:00:00' }],
      NOW,
    )
    expect(cache.stats().interactions).toBe(expected - (one.interact_collections?.length ?? 0))
    const two = withCalls[1] as Ticket
    expect(cache.deleteTickets([two.id, 999999])).toBe(1)
    expect(cache.stats().interactions).toBe(
      expected - (one.interact_collections?.length ?? 0) - (two.interact_collections?.length ?? 0),
    )
    expect(cache.getTicket(two.id)).toBeNull()
    expect(
      cache
        .queryTickets(
          { filters: { search: two.subject ?? '' }, limit: 500 },
          { meId: null, now: NOW },
        )
        .rows.map((r) => r.id),
    ).not.toContain(two.id)
  })

  it('writes sync state in the same transaction as the page', () => {
    const tickets = sampleTickets(10)
    cache.upsertTickets(tickets, NOW, { sweepPage: 3 })
    expect(cache.getState('sweepPage')).toBe(3)
    const broken = [
      { ...(tickets[0] as Ticket), id: 5000 },
      { id: 'not a number' } as unknown as Ticket,
    ]
    expect(() => cache.upsertTickets(broken, NOW, { sweepPage: 4 })).toThrow()
    expect(cache.getState('sweepPage')).toBe(3)
    expect(cache.getTicket(5000)).toBeNull()
  })
})

describe('upsertTicketsInChunks', () => {
  it('writes every ticket in chunks and the state with the last one, counting like one call', async () => {
    const tickets = sampleTickets(60)
    await cache.upsertTicketsInChunks(tickets.slice(0, 20), NOW)
    const changed = tickets.map((t, i) => (i < 5 ? { ...t, subject: `changed ${i}` } : t))
    const result = await cache.upsertTicketsInChunks(
      changed,
      NOW,
      { sweepPage: 9 },
      { chunkSize: 7 },
    )
    expect(result.inserted).toBe(tickets.length - 20)
    expect(result.updated).toBe(5)
    expect(result.unchanged).toBe(15)
    expect(result.insertedIds).toEqual(tickets.slice(20).map((t) => t.id))
    expect(cache.ticketCount()).toBe(tickets.length)
    expect(cache.getTicket(tickets[0]?.id ?? -1)?.ticket.subject).toBe('changed 0')
    expect(cache.getState('sweepPage')).toBe(9)
  })

  it('keeps the chunks before a failure and leaves the state alone', async () => {
    const tickets = sampleTickets(10)
    const broken = [...tickets.slice(0, 4), { id: 'bad' } as unknown as Ticket, ...tickets.slice(4)]
    await expect(
      cache.upsertTicketsInChunks(broken, NOW, { sweepPage: 2 }, { chunkSize: 4 }),
    ).rejects.toThrow()
    expect(cache.ticketCount()).toBe(4)
    expect(cache.getState('sweepPage')).toBeUndefined()
  })

  it('writes nothing more into a cache cleared between two chunks', async () => {
    const tickets = sampleTickets(10)
    const writing = cache.upsertTicketsInChunks(tickets, NOW, { sweepPage: 3 }, { chunkSize: 4 })
    cache.clear() // the first chunk went in synchronously; the rest would follow a turn later
    await expect(writing).rejects.toMatchObject({ code: 'cancelled' })
    expect(cache.ticketCount()).toBe(0)
    expect(cache.getState('sweepPage')).toBeUndefined()
  })
})

describe('ticketIdsFor', () => {
  it("lists a handler's tickets with the given statuses, due soonest and most urgent first", () => {
    const tickets = sampleTickets(200)
    cache.upsertTickets(tickets, NOW)
    const handler = tickets.find((t) => t.handler_id != null)?.handler_id as number
    const expected = tickets
      .filter((t) => t.handler_id === handler && (t.status === 0 || t.status === 1))
      .sort(
        (a, b) =>
          Number(a.due_at == null) - Number(b.due_at == null) ||
          (a.due_at ?? '').localeCompare(b.due_at ?? '') ||
          (b.priority ?? 0) - (a.priority ?? 0) ||
          b.id - a.id,
      )
      .map((t) => t.id)
    expect(expected.length).toBeGreaterThan(1)
    expect(cache.ticketIdsFor(handler, [0, 1])).toEqual(expected)
    expect(cache.ticketIdsFor(handler, [])).toEqual([])
  })
})

describe('bulk sync', () => {
  it('copies the log in steps between pages and leaves a small log after the bulk write finishes', () => {
    const tickets = sampleTickets(600)
    const bulk = cache.beginBulk()
    let copied = 0
    for (let i = 0; i < tickets.length; i += 100) {
      cache.upsertTickets(tickets.slice(i, i + 100), NOW)
      const step = bulk.checkpointStep()
      expect(step.copiedFrames).toBe(step.logFrames)
      copied += step.copiedFrames
    }
    bulk.finish()
    let steps = 0
    while (cache.maintenanceStep()) steps++
    expect(steps).toBeGreaterThan(3)
    expect(cache.maintenanceStep()).toBe(false)
    const analyzed = cache
      .connection()
      .prepare("SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 'tickets'")
      .get() as { n: number }
    // Every index of the tickets table has its statistics (the first sync of this empty cache
    // built its indexes in the steps before those).
    expect(analyzed.n).toBe(statsTargets(cache.connection()).length)
    expect(analyzed.n).toBeGreaterThan(3)
    expect(copied).toBeGreaterThan(0)
    expect(cache.ticketCount()).toBe(tickets.length)
    expect(statSync(`${cache.path}-wal`).size).toBeLessThan(32 * 1024 * 1024)
    expect(cache.queryTickets({ limit: 1 }, { meId: null, now: NOW }).total).toBe(tickets.length)
  })
})

describe('counts after writes', () => {
  it('follow every write, by this connection or by another one', () => {
    const ctx = { meId: 4, now: NOW }
    const tickets = sampleTickets(50)
    cache.upsertTickets(tickets, NOW)
    const before = cache.countViews({}, ctx)
    expect(before.all).toBe(tickets.length)
    expect(cache.queryTickets({ view: 'done' }, ctx).total).toBe(before.done)
    const open = tickets.filter((t) => t.status === 0 || t.status === 1)
    const first = open[0] as Ticket
    cache.upsertTickets([{ ...first, status: 3, updated_at: '2026-06-01 11:59:00' }], NOW)
    const after = cache.countViews({}, ctx)
    expect(after.open).toBe(before.open - 1)
    expect(after.done).toBe(before.done + 1)
    expect(cache.queryTickets({ view: 'done' }, ctx).total).toBe(before.done + 1)
    cache.deleteTickets([first.id])
    expect(cache.countViews({}, ctx).all).toBe(tickets.length - 1)

    const other = openDatabase(cache.path)
    other.prepare('DELETE FROM tickets WHERE id = ?').run((tickets[1] as Ticket).id)
    other.close()
    expect(cache.countViews({}, ctx).all).toBe(tickets.length - 2)
    expect(cache.queryTickets({}, ctx).total).toBe(tickets.length - 2)
  })
})

describe('sync state', () => {
  it('stores JSON values by key and removes them with undefined', () => {
    cache.setState('cursor', { page: 7, ids: [1, 2] })
    expect(cache.getState('cursor')).toEqual({ page: 7, ids: [1, 2] })
    cache.setState('cursor', undefined)
    expect(cache.getState('cursor')).toBeUndefined()
    cache.setState('lastSyncAt', '2026-06-01T04:00:00.000Z')
    expect(cache.stats().lastSyncAt).toBe('2026-06-01T04:00:00.000Z')
  })
})

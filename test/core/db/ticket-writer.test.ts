import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCache, type TicketCache } from '../../../src/main/core/db/cache'
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

/**
 * The hot tier against the real sandbox: one runHot() reads only the API's filtered listings
 * (open tickets; closed ones created in the last 7 days), picks up another agent's updates,
 * creates and deletions of open tickets, re-reads the tickets that left the tier by id, and
 * leaves old closed tickets alone. Then damage: a stored ticket with a stray 0x01 byte neither
 * stops a full sync nor a hot one; it is dropped, fetched again by id and reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import { addSeconds, serverNow } from '../../../src/shared/domain/server-time'
import {
  cacheView,
  ids,
  serverView,
  startHarness,
  type SyncHarness,
} from '../../helpers/sync-harness'

let h: SyncHarness

beforeAll(async () => {
  h = await startHarness({ tickets: 3000, seed: 91, perPageCap: 100, openShare: 0.05 })
  await h.engine().runFull()
})
afterAll(async () => {
  await h?.close()
})

const isOpen = (t: Ticket): boolean => t.status === 0 || t.status === 1

/** Replaces one character of the ticket's stored subject with byte 0x01 (as damage would). */
function damage(id: number): void {
  const db = h.cache.connection()
  const row = db.prepare('SELECT json FROM ticket_json WHERE id = ?').get(id) as { json: string }
  const at = row.json.indexOf('"subject":"') + '"subject":"'.length + 1
  const broken = row.json.slice(0, at) + '\u0001' + row.json.slice(at + 1)
  db.prepare('UPDATE ticket_json SET json = ? WHERE id = ?').run(broken, id)
  expect(() => JSON.parse(broken)).toThrow(/control character/i)
}

describe('the hot tier', () => {
  it('reads only the filtered listings and brings updates, creates and deletions of open tickets', async () => {
    const before = await serverView(h.sandbox.apiBase)
    const tickets = [...before.tickets.values()]
    const since = addSeconds(serverNow(), -7 * 86_400)
    // Open tickets older than the window: once resolved they leave the hot tier entirely.
    const open = tickets.filter((t) => isOpen(t) && (t.created_at ?? '') < since)
    const oldClosed = tickets.filter((t) => !isOpen(t) && (t.created_at ?? '') < since)
    expect(open.length).toBeGreaterThan(50)
    const [updated, deleted, resolved] = open as [Ticket, Ticket, Ticket]
    const untouchedOld = oldClosed[0] as Ticket
    const control = h.sandbox.control
    await control.updateTicket(updated.id, { subject: '熱門層：另一位客服改了主旨', priority: 3 })
    await control.deleteTicket(deleted.id)
    await control.updateTicket(resolved.id, { status: 2, status_memo: '已結案' })
    const created = await control.createTicket({ subject: '熱門層新單', content: '剛建立' })
    // An old closed ticket changes too: outside the hot tier, it waits for the daily sweep.
    await control.updateTicket(untouchedOld.id, { status_memo: '舊單的備註改了' })

    await control.resetStats()
    const summary = await h.engine().runHot()
    const stats = await control.stats()
    const server = await serverView(h.sandbox.apiBase)
    const openPages = Math.ceil([...server.tickets.values()].filter(isOpen).length / 100)
    const recentClosed = [...server.tickets.values()].filter(
      (t) => !isOpen(t) && (t.created_at ?? '') >= since,
    ).length
    expect(summary).toMatchObject({ kind: 'hot', deleted: 1, damaged: 0 })
    // Only the two filtered listings (no full sweep) and the two that left the tier, by id.
    expect(stats.requests['GET /ticket']).toBe(
      openPages + Math.max(1, Math.ceil(recentClosed / 100)),
    )
    expect(stats.requests['GET /ticket']).toBeLessThan(Math.ceil(server.tickets.size / 100) / 2)
    expect(stats.requests['GET /ticket/{id}']).toBe(2)
    expect(summary.requests).toBe(Object.values(stats.requests).reduce((a, b) => a + b, 0))
    expect(summary.bytes).toBe(stats.bytes)

    for (const id of [updated.id, resolved.id, created.id])
      expect(h.cache.getTicket(id)?.ticket, `ticket ${id}`).toStrictEqual(server.tickets.get(id))
    expect(h.cache.getTicket(deleted.id)).toBeNull()
    expect(h.cache.getTicket(untouchedOld.id)?.ticket.status_memo).not.toBe('舊單的備註改了')

    // The tier's time is server time, and the status says it is fresh.
    const tiers = h.engine().status().tiers!
    expect(tiers.hot.lastSyncAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    expect(tiers.hot.stale).toBe(false)

    // The daily sweep brings the rest: the cache equals the server again.
    await h.engine().runFull()
    const cached = cacheView(h.cache)
    expect(ids(cached.tickets)).toEqual(ids(server.tickets))
    for (const [id, t] of server.tickets)
      expect(cached.tickets.get(id), `ticket ${id}`).toStrictEqual(t)
  })
})

describe('the ticket on screen', () => {
  it("is re-read with its contact's other tickets in one request", async () => {
    const server = await serverView(h.sandbox.apiBase)
    const withContact = [...server.tickets.values()].filter((t) => t.contact_id != null)
    const target = withContact[5] as Ticket
    const sibling = withContact.find(
      (t) => t.contact_id === target.contact_id && t.id !== target.id,
    )
    await h.sandbox.control.updateTicket(target.id, { status_memo: '畫面上的工單被改了' })
    if (sibling) await h.sandbox.control.updateTicket(sibling.id, { status_memo: '同客戶的另一張' })
    await h.sandbox.control.resetStats()
    expect(await h.engine().refreshTicket(target.id)).toBe(true)
    const stats = await h.sandbox.control.stats()
    expect(stats.requests).toEqual({ 'GET /ticket': 1 })
    const after = await serverView(h.sandbox.apiBase)
    expect(h.cache.getTicket(target.id)?.ticket).toStrictEqual(after.tickets.get(target.id))
    if (sibling)
      expect(h.cache.getTicket(sibling.id)?.ticket).toStrictEqual(after.tickets.get(sibling.id))
  })
})

describe('a damaged record', () => {
  it('does not stop a full sync: dropped, fetched again, reported; later pages and deletions arrive', async () => {
    const all = h.cache.allTicketIds()
    const victim = all[Math.floor(all.length / 2)] as number
    damage(victim)
    const control = h.sandbox.control
    // Changes on the first and the last pages, and a deletion, that must still arrive.
    const lastPageTicket = all[3] as number
    const gone = all[7] as number
    await control.updateTicket(lastPageTicket, { status_memo: '損壞之後的更新' })
    await control.deleteTicket(gone)

    const summary = await h.engine().runFull()
    expect(summary.damaged).toBe(1)
    expect(summary.deleted).toBe(1)
    const server = await serverView(h.sandbox.apiBase)
    const cached = cacheView(h.cache)
    expect(ids(cached.tickets)).toEqual(ids(server.tickets))
    for (const [id, t] of server.tickets)
      expect(cached.tickets.get(id), `ticket ${id}`).toStrictEqual(t)

    // And again: a second sync sees nothing damaged.
    expect((await h.engine().runFull()).damaged).toBe(0)
  })

  it('found by a read (the screen, a re-read) outside any listing: the next hot sync fetches it by id', async () => {
    const since = addSeconds(serverNow(), -7 * 86_400)
    const server = await serverView(h.sandbox.apiBase)
    const old = [...server.tickets.values()].find(
      (t) => !isOpen(t) && (t.created_at ?? '') < since,
    ) as Ticket
    damage(old.id)
    expect(h.cache.getTicket(old.id)).toBeNull()
    const summary = await h.engine().runHot()
    expect(summary.damaged).toBe(1)
    expect(h.cache.getTicket(old.id)?.ticket).toStrictEqual(server.tickets.get(old.id))
  })
})

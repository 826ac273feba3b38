/**
 * Deletion candidates past a full sync's budget are not forgotten: they wait in the cache's own
 * state, so an engine started again (the app restarted) works them off in its hot syncs, a budget
 * at a time, without waiting for the next daily sweep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import { addSeconds, serverNow } from '../../../src/shared/domain/server-time'
import { serverView, startHarness, type SyncHarness } from '../../helpers/sync-harness'

let h: SyncHarness

beforeAll(async () => {
  h = await startHarness({ tickets: 2000, seed: 141, perPageCap: 100, openShare: 0.05 })
  await h.engine().runFull()
})
afterAll(async () => {
  await h?.close()
})

describe('deletion candidates past the budget', () => {
  it('are kept in the cache and checked by the hot syncs of an engine started again', async () => {
    // Old closed tickets: outside the hot tier, so only the candidates list can bring their end.
    const since = addSeconds(serverNow(), -8 * 86_400)
    const server = await serverView(h.sandbox.apiBase)
    const old = [...server.tickets.values()].filter(
      (t: Ticket) => (t.status === 2 || t.status === 3) && (t.created_at ?? '') < since,
    )
    const gone = old.slice(0, 8).map((t) => t.id)
    expect(gone).toHaveLength(8)
    for (const id of gone) await h.sandbox.control.deleteTicket(id)

    const first = await h.engine({ maxChecksPerSync: 3 }).runFull()
    expect(first).toMatchObject({ deleted: 3, uncheckedCandidates: 5 })
    const stillCached = gone.filter((id) => h.cache.getTicket(id) !== null)
    expect(stillCached).toHaveLength(5)

    // The app starts again: a new engine over the same cache; its first hot sync checks them.
    await h.sandbox.control.resetStats()
    const hot = await h.engine().runHot()
    expect(hot).toMatchObject({ kind: 'hot', deleted: 5, uncheckedCandidates: 0 })
    for (const id of gone) expect(h.cache.getTicket(id), `ticket ${id}`).toBeNull()
    // Each was read once by its own URL (404), on top of what the hot tier reads anyway.
    const stats = await h.sandbox.control.stats()
    expect(stats.requests['GET /ticket/{id}']).toBeGreaterThanOrEqual(5)

    // Nothing is left to check: the next hot sync reads none of them again.
    await h.sandbox.control.resetStats()
    expect(await h.engine().runHot()).toMatchObject({ deleted: 0, uncheckedCandidates: 0 })
    expect((await h.sandbox.control.stats()).requests['GET /ticket/{id}'] ?? 0).toBe(0)
  })
})

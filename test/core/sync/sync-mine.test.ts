/**
 * The fast refresh of the agent's own open tickets: a server-side change shows in the cache after
 * the next `runMine()`, and through the periodic schedule within 60 s of (fake) time; tickets that
 * left the agent's open list (reassigned, resolved, deleted) are re-read by id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TicketSearchParams } from '../../../src/main/core/api/types'
import type { SyncApi } from '../../../src/main/core/sync/ports'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import { FakeClock, serverView, startHarness, type SyncHarness } from '../../helpers/sync-harness'
import { waitFor } from '../../helpers/wait'

let h: SyncHarness
let me: number
let mine: Ticket[]
let otherEmployee: number

async function serverTicket(id: number): Promise<Ticket | undefined> {
  return (await serverView(h.sandbox.apiBase)).tickets.get(id)
}

beforeAll(async () => {
  h = await startHarness({ tickets: 500, seed: 31, perPageCap: 50 })
  await h.engine().runFull()
  const server = await serverView(h.sandbox.apiBase)
  const open = [...server.tickets.values()].filter(
    (t) => t.handler_id != null && (t.status === 0 || t.status === 1),
  )
  const byHandler = new Map<number, Ticket[]>()
  for (const t of open) byHandler.set(t.handler_id!, [...(byHandler.get(t.handler_id!) ?? []), t])
  const [best] = [...byHandler.entries()].sort((a, b) => b[1].length - a[1].length)
  ;[me, mine] = best as [number, Ticket[]]
  expect(mine.length).toBeGreaterThanOrEqual(6)
  otherEmployee = (server.lookups.employees as { id: number }[]).find((e) => e.id !== me)!.id
})
afterAll(async () => {
  await h?.close()
})

describe("the agent's own open tickets", () => {
  it('runMine picks up a change, and re-reads tickets reassigned away, resolved or deleted', async () => {
    const [changed, reassigned, resolved, deleted] = mine as [Ticket, Ticket, Ticket, Ticket]
    const control = h.sandbox.control
    await control.updateTicket(changed.id, { subject: '客戶來電催促退款', priority: 3 })
    await control.updateTicket(reassigned.id, { handler_id: otherEmployee })
    await control.updateTicket(resolved.id, { status: 2, status_memo: '已退款' })
    await control.deleteTicket(deleted.id)

    const engine = h.engine({ meId: () => me })
    await h.sandbox.control.resetStats()
    const summary = await engine.runMine()
    expect(summary).toMatchObject({ kind: 'mine', updated: 3, deleted: 1 })
    // Only the handler's open listing and the by-id re-reads: no full sweep.
    const stats = await h.sandbox.control.stats()
    expect(stats.requests['GET /ticket/{id}']).toBe(3)

    for (const t of [changed, reassigned, resolved]) {
      expect(h.cache.getTicket(t.id)?.ticket, `ticket ${t.id}`).toStrictEqual(
        await serverTicket(t.id),
      )
    }
    expect(h.cache.getTicket(changed.id)?.ticket.subject).toBe('客戶來電催促退款')
    expect(h.cache.getTicket(reassigned.id)?.ticket.handler_id).toBe(otherEmployee)
    expect(h.cache.getTicket(resolved.id)?.ticket.status).toBe(2)
    expect(h.cache.getTicket(deleted.id)).toBeNull()

    // Left the list, now cached as such: the next refresh does not read them again.
    await h.sandbox.control.resetStats()
    const again = await engine.runMine()
    expect(again).toMatchObject({ updated: 0, deleted: 0, inserted: 0 })
    expect((await h.sandbox.control.stats()).requests['GET /ticket/{id}'] ?? 0).toBe(0)
  })

  it('on the periodic schedule, a change to an open ticket of mine is cached within 60 s', async () => {
    const clock = new FakeClock()
    const engine = h.engine({
      meId: () => me,
      clock,
    })
    engine.start()
    try {
      const runOnce = async (until: number): Promise<number | null> => {
        const at = clock.fireNext(until)
        if (at === null) return null
        await waitFor(() => !engine.isRunning() && clock.pending() > 0, 'the engine to go idle')
        return at
      }
      // The first tick runs a full sweep.
      expect(await runOnce(clock.now().getTime())).not.toBeNull()
      const lastFull = engine.status().lastSyncAt
      expect(lastFull).not.toBeNull()

      const target = mine[4] as Ticket
      const changedAt = clock.now().getTime()
      await h.sandbox.control.updateTicket(target.id, { content: '客戶補件：存摺封面影本已上傳' })

      let seenAt: number | null = null
      while (seenAt === null) {
        const at = await runOnce(changedAt + 60_000)
        if (at === null) break
        if (h.cache.getTicket(target.id)?.ticket.content === '客戶補件：存摺封面影本已上傳')
          seenAt = at
      }
      expect(seenAt, 'the change reached the cache within 60 s').not.toBeNull()
      expect(seenAt! - changedAt).toBeLessThanOrEqual(60_000)
      // It came from the mine refresh, not from another full sweep.
      expect(engine.status().lastSyncAt).toBe(lastFull)
      expect(h.cache.getTicket(target.id)?.ticket).toStrictEqual(await serverTicket(target.id))
    } finally {
      engine.stop()
    }
  })

  /**
   * When each refresh that reads all my open tickets started (page 1 of the mine listing, or of
   * the hot tier's open listing, which has them too), on the engine's clock.
   */
  function recording(clock: FakeClock): { api: SyncApi; reads: { kind: string; at: number }[] } {
    const reads: { kind: string; at: number }[] = []
    const api: SyncApi = {
      ...h.client,
      searchTickets: (params: TicketSearchParams = {}, options) => {
        const open = params.statuses?.includes(0) && params.created_at__start === undefined
        if ((params.page ?? 1) === 1 && open)
          reads.push({ kind: params.handler_ids ? 'mine' : 'hot', at: clock.now().getTime() })
        return h.client.searchTickets(params, options)
      },
    }
    return { api, reads }
  }
  const gaps = (reads: { at: number }[]): number[] =>
    reads.slice(1).map((r, i) => r.at - reads[i]!.at)

  it('on the schedule, every fifth mine refresh is the hot read: 4 mine listings per hot period', async () => {
    const clock = new FakeClock()
    const { api, reads } = recording(clock)
    const engine = h.engine({ meId: () => me, clock, apiPort: api })
    const start = clock.now().getTime()
    engine.start()
    try {
      for (;;) {
        if (clock.fireNext(start + 2 * 290_000) === null) break
        await waitFor(() => !engine.isRunning() && clock.pending() > 0, 'the engine to go idle')
      }
    } finally {
      engine.stop()
    }
    // hot, 4 x mine, hot, 4 x mine, hot: my tickets read every 58 s, 8 mine listings (not 10).
    expect(reads.map((r) => r.kind).join(' ')).toBe(
      'hot mine mine mine mine hot mine mine mine mine hot',
    )
    expect(
      gaps(reads).every((g) => g === 58_000),
      JSON.stringify(gaps(reads)),
    ).toBe(true)
  })

  it('during a paced sweep with long gaps between pages, my tickets are still read every 58 s', async () => {
    const clock = new FakeClock()
    const { api, reads } = recording(clock)
    const engine = h.engine({
      meId: () => me,
      clock,
      apiPort: api,
      tiers: () => ({ pacePageMs: 45_000 }),
    })
    let done = false
    const run = engine.runFull({ paced: true }).finally(() => (done = true))
    while (!done) {
      await waitFor(() => done || clock.pending() > 0, 'the sweep to wait or end')
      if (!done) clock.fireNext(Number.MAX_SAFE_INTEGER)
    }
    expect((await run).complete).toBe(true)
    // 10 pages, 9 gaps of 45 s: ~400 s, so at least 6 reads of my tickets, none over 58 s apart
    // (a refresh checked only between pages came 90 s apart).
    expect(reads.length).toBeGreaterThanOrEqual(7)
    expect(Math.max(...gaps(reads)), JSON.stringify(gaps(reads))).toBeLessThanOrEqual(58_000)
  })
})

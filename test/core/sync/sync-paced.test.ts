/**
 * The daily sweep as a trickle, on a fake clock against the real sandbox: one page at a time
 * with the pace's gap between pages, the gap doubled after a page the server throttled (429)
 * and eased back after, and "sync now" lifting the pacing of the sweep that is running.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeClock, startHarness, type SyncHarness } from '../../helpers/sync-harness'
import { waitFor } from '../../helpers/wait'

let h: SyncHarness

beforeAll(async () => {
  h = await startHarness(
    { tickets: 400, seed: 121, perPageCap: 40 },
    { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
  )
})
afterAll(async () => {
  await h?.close()
})

describe('a paced sweep', () => {
  it('waits between pages, backs off after a 429, and "sync now" lifts the pace', async () => {
    const clock = new FakeClock(Date.now())
    const engine = h.engine({ clock, tiers: () => ({ pacePageMs: 3_000 }) })
    let done = false
    const run = engine.runFull({ paced: true }).finally(() => (done = true))
    const gaps: number[] = []
    let throttled = false
    while (!done) {
      await waitFor(() => done || clock.pending() > 0, 'the sweep to wait or end')
      if (done) break
      const before = clock.now().getTime()
      // Throttle the page after the third gap: the client retries it, the pace backs off.
      if (gaps.length === 3 && !throttled) {
        throttled = true
        await h.sandbox.control.setFaults({ failNext: { count: 1, status: 429, retryAfterSec: 0 } })
      }
      clock.fireNext(Number.MAX_SAFE_INTEGER)
      gaps.push(clock.now().getTime() - before)
      if (gaps.length === 6) engine.syncNow() // the agent asks: the rest at full speed
    }
    const summary = await run
    expect(summary.complete).toBe(true)
    expect((await h.sandbox.control.stats()).faults['status_429']).toBe(1)
    // The base gap; after the page the server throttled, doubled; then back to the base. After
    // "sync now" (at the sixth gap) the last pages come without waiting: 6 gaps, not 9.
    expect(gaps).toEqual([3_000, 3_000, 3_000, 3_000, 6_000, 3_000])
  })
})

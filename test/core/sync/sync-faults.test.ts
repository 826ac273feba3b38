/**
 * With the sandbox answering 500s, 429 bursts with Retry-After, dropped connections and truncated
 * bodies, repeated sync attempts converge to the server's data and never delete a ticket that
 * exists on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cacheView,
  ids,
  serverView,
  startHarness,
  type SyncHarness,
} from '../../helpers/sync-harness'

let h: SyncHarness

beforeAll(async () => {
  // One retry inside the client, so that faults do make whole attempts fail.
  h = await startHarness(
    { tickets: 500, seed: 41, perPageCap: 50 },
    { retries: 1, baseDelayMs: 10, maxDelayMs: 50 },
  )
})
afterAll(async () => {
  await h?.close()
})

describe('sync under injected faults', () => {
  it('repeated attempts converge and never delete a ticket that exists on the server', async () => {
    const control = h.sandbox.control
    await h.engine().runFull()
    const all = h.cache.allTicketIds()
    const deleted = all.filter((_, i) => i % 41 === 3)
    const updated = all.filter((_, i) => i % 29 === 1 && !deleted.includes(all[i] as number))
    for (const id of deleted) await control.deleteTicket(id)
    for (const id of updated) await control.updateTicket(id, { status_memo: `故障中更新 ${id}` })
    for (let i = 0; i < 5; i++)
      await control.createTicket({ subject: `新單 ${i}`, content: '故障期間' })

    await control.setFaults({
      errorRate: 0.1,
      dropRate: 0.05,
      malformedRate: 0.05,
      burst429: { count: 3, retryAfterSec: 1 },
      seed: 7,
    })
    const engine = h.engine()
    let failures = 0
    let done = false
    for (let attempt = 0; attempt < 40 && !done; attempt++) {
      const cachedBefore = new Set(h.cache.allTicketIds())
      try {
        await engine.runFull()
        done = true
      } catch {
        failures += 1
      }
      // No ticket the server still has may have left the cache.
      const onServer = (await control.listTickets()).map((t) => t.id)
      const cachedAfter = new Set(h.cache.allTicketIds())
      const lost = onServer.filter((id) => cachedBefore.has(id) && !cachedAfter.has(id))
      expect(lost, `attempt ${attempt}`).toEqual([])
    }
    expect(done).toBe(true)
    expect(failures).toBeGreaterThan(0)
    const faults = (await control.stats()).faults
    for (const kind of ['status_500', 'status_429', 'drop_after', 'malformed'])
      expect(faults[kind], kind).toBeGreaterThan(0)

    await control.clearFaults()
    const server = await serverView(h.sandbox.apiBase)
    const cached = cacheView(h.cache)
    expect(ids(cached.tickets)).toEqual(ids(server.tickets))
    for (const [id, ticket] of server.tickets)
      expect(cached.tickets.get(id), `ticket ${id}`).toStrictEqual(ticket)
    expect(cached.lookups).toStrictEqual(server.lookups)
    for (const id of deleted) expect(h.cache.getTicket(id)).toBeNull()
  })
})

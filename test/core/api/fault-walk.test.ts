/**
 * The "done when": with 10% 500s, 429 bursts and dropped connections (plus cut-off JSON),
 * walking all pages of 2,000 tickets returns exactly the sandbox's tickets, every time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVendorClient, walkPages } from '../../../src/main/core/api'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'

let sandbox: TestSandbox

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 2000, seed: 99 })
})
afterAll(() => sandbox.close())

describe('walking 2,000 tickets through faults', () => {
  it.each([1, 2, 3, 4])('returns exactly the sandbox tickets (fault seed %i)', async (seed) => {
    await sandbox.control.resetStats()
    await sandbox.control.setFaults({
      seed,
      errorRate: 0.1,
      dropRate: 0.05,
      malformedRate: 0.03,
      burst429: { count: 3, retryAfterSec: 0 },
    })
    const api = createVendorClient({
      baseUrl: sandbox.apiBase,
      retry: { retries: 10, baseDelayMs: 2, maxDelayMs: 20 },
    })
    const seen: { id: number; updated_at: string }[] = []
    for await (const items of walkPages((page) => api.searchTickets({ page, per_page: 100 }))) {
      for (const t of items) seen.push({ id: t.id, updated_at: t.updated_at! })
    }
    await sandbox.control.clearFaults()
    const stored = await sandbox.control.listTickets()
    expect(seen.length).toBe(2000)
    expect([...seen].sort((a, b) => a.id - b.id)).toEqual(stored)
    // The faults really happened.
    const { faults } = await sandbox.control.stats()
    expect(faults.status_500).toBeGreaterThan(0)
    expect(faults.status_429).toBe(3)
    expect((faults.drop_after ?? 0) + (faults.malformed ?? 0)).toBeGreaterThan(0)
  })
})

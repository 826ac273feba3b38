/**
 * A create whose answer is lost must not become two tickets (safe-create.ts), tested with the
 * sandbox dropping the connection after it committed, before it did, and failing with 500/503.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApiClient, type ApiClient } from '../../../src/main/core/api'
import type { FaultConfig } from '../../../src/sandbox/control-client'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'

let sandbox: TestSandbox
let api: ApiClient

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 150, seed: 21 })
  api = createApiClient({ baseUrl: sandbox.apiBase, retry: { baseDelayMs: 5, maxDelayMs: 20 } })
})
afterAll(() => sandbox.close())
afterEach(async () => {
  await sandbox.control.clearFaults()
  await sandbox.control.resetStats()
})

let n = 0
function body() {
  n++
  return {
    subject: `無法通話 ${n}`,
    content: `客戶反映無法撥出\n測試 ${n}`,
    contact_id: 2,
    priority: 1,
  }
}

async function countWithSubject(subject: string): Promise<number> {
  const page = await api.searchTickets({ search: subject, per_page: 100 })
  return page.data.filter((t) => t.subject === subject).length
}

async function posts(): Promise<number> {
  return (await sandbox.control.stats()).requests['POST /ticket'] ?? 0
}

describe('createTicket never makes two tickets', () => {
  const cases: [string, FaultConfig, number][] = [
    [
      'connection dropped after the server committed: found, not re-sent',
      { dropNext: { count: 1, method: 'POST', phase: 'after' } },
      1,
    ],
    [
      'connection dropped before the server acted: not found, sent again',
      { dropNext: { count: 1, method: 'POST', phase: 'before' } },
      2,
    ],
    [
      '500 from the server: looked up, not found, sent again',
      { failNext: { count: 1, status: 500, method: 'POST' } },
      2,
    ],
    [
      '503 (nothing done): simply retried',
      { failNext: { count: 1, status: 503, method: 'POST' } },
      2,
    ],
    ['429 burst: waits and retries', { burst429: { count: 2, retryAfterSec: 0 } }, 3],
  ]

  it.each(cases)('%s', async (_name, faults, expectedPosts) => {
    const b = body()
    await sandbox.control.setFaults(faults)
    const created = await api.createTicket(b)
    expect(created.subject).toBe(b.subject)
    expect(created.contact_id).toBe(2)
    await sandbox.control.clearFaults()
    expect(await posts()).toBe(expectedPosts)
    expect(await countWithSubject(b.subject)).toBe(1)
  })

  it('keeps its promise over many dropped creates', async () => {
    await sandbox.control.setFaults({ dropRate: 0.5, dropPhase: 'after', seed: 5 })
    const subjects: string[] = []
    for (let i = 0; i < 6; i++) {
      const b = body()
      subjects.push(b.subject)
      await api.createTicket(b)
    }
    await sandbox.control.clearFaults()
    for (const s of subjects) expect(await countWithSubject(s)).toBe(1)
  })

  it('does not repeat a create refused by validation', async () => {
    await expect(api.createTicket({ subject: 'x', content: ' ' })).rejects.toMatchObject({
      code: 'validation',
      fields: { content: ['The content field is required.'] },
    })
    expect(await posts()).toBe(1)
  })

  it('tells an outbox whether an earlier create went through', async () => {
    const b = body()
    const since = '2000-01-01 00:00:00'
    expect(await api.findCreatedTicket(b, since)).toBeNull()
    const made = await sandbox.control.createTicket(b)
    expect((await api.findCreatedTicket(b, since))?.id).toBe(made.id)
    // A ticket with the same subject but other fields is someone else's.
    expect(await api.findCreatedTicket({ ...b, priority: 3 }, since)).toBeNull()
  })
})

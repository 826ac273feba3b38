/**
 * What goes wrong, against the real sandbox's fault injection: each failure becomes the right
 * AppError, transient ones are retried within bounds, and nothing crashes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createVendorClient, type VendorClientOptions } from '../../../src/main/core/api'
import { parsePage } from '../../../src/main/core/api/parse-response'
import { ticketSchema } from '../../../src/shared/domain/api-schemas'
import { startSandbox } from '../../../src/sandbox/server'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { waitFor } from '../../helpers/wait'

let sandbox: TestSandbox

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 80, seed: 11, token: 'secret' })
})
afterAll(() => sandbox.close())
afterEach(async () => {
  await sandbox.control.clearFaults()
  await sandbox.control.resetStats()
})

const fast = { retries: 3, baseDelayMs: 5, maxDelayMs: 20 }
const client = (extra: Partial<VendorClientOptions> = {}) =>
  createVendorClient({ baseUrl: sandbox.apiBase, token: 'secret', retry: fast, ...extra })

async function requests(key: string): Promise<number> {
  return (await sandbox.control.stats()).requests[key] ?? 0
}

describe('error mapping', () => {
  it('unauthorized without or with a wrong token, never a redirect', async () => {
    await expect(client({ token: null }).getTicket(66)).rejects.toMatchObject({
      code: 'unauthorized',
      status: 401,
    })
    await expect(client({ token: 'wrong' }).searchTickets()).rejects.toMatchObject({
      code: 'unauthorized',
    })
  })

  it('not_this_api for an address that answers HTML', async () => {
    const api = createVendorClient({ baseUrl: sandbox.url + '/not-here', retry: fast })
    await expect(api.searchTickets()).rejects.toMatchObject({ code: 'not_this_api' })
  })

  it('not_this_api for JSON that is not a page of records', () => {
    const parsed = parsePage({ ok: true, tickets: [] }, ticketSchema, 'GET /ticket')
    expect(parsed).toMatchObject({ ok: false, failure: { error: { code: 'not_this_api' } } })
  })

  it('offline when nothing listens, after bounded retries', async () => {
    const gone = await startSandbox({ tickets: 0 })
    await gone.close()
    const api = createVendorClient({ baseUrl: gone.apiBase, retry: { ...fast, retries: 2 } })
    await expect(api.searchTickets()).rejects.toMatchObject({ code: 'offline' })
  })

  it('bad_response naming the field whose type is wrong, in a list and in a record', async () => {
    await sandbox.control.corruptTicket(79, { status: 'open' })
    await sandbox.control.corruptTicket(78, { handler: { id: 'seven' } })
    try {
      const api = client()
      const listError = await api.searchTickets({ per_page: 10 }).catch((e: unknown) => e)
      // Newest first: 80, 79, ... so ticket 79 is data[1].
      expect(listError).toMatchObject({ code: 'bad_response', path: 'data[1].status' })
      await expect(api.getTicket(79)).rejects.toMatchObject({
        code: 'bad_response',
        path: 'status',
      })
      await expect(api.getTicket(78)).rejects.toMatchObject({
        code: 'bad_response',
        path: 'handler.id',
      })
      // Not retried: the same answer would come back.
      expect(await requests('GET /ticket/{id}')).toBe(2)
    } finally {
      await sandbox.control.updateTicket(79, { status: 0 })
      await sandbox.control.corruptTicket(79, { status: 0 })
      await sandbox.control.corruptTicket(78, { handler: null, handler_id: null })
    }
  })

  it('keeps fields the schema does not know', async () => {
    await sandbox.control.corruptTicket(77, { vendor_extra: { tag: 'x' } })
    const t = await client().getTicket(77)
    expect((t as Record<string, unknown>).vendor_extra).toEqual({ tag: 'x' })
  })
})

describe('retries', () => {
  it('retries 500s up to the bound, then reports server_error', async () => {
    await sandbox.control.setFaults({ errorRate: 1 })
    await expect(client().getTicket(66)).rejects.toMatchObject({
      code: 'server_error',
      status: 500,
    })
    expect(await requests('GET /ticket/{id}')).toBe(fast.retries + 1)
  })

  it('retries a 503 and 500 burst and then succeeds', async () => {
    await sandbox.control.setFaults({ failNext: { count: 2, status: 503 } })
    expect((await client().getTicket(66)).id).toBe(66)
    expect(await requests('GET /ticket/{id}')).toBe(3)
  })

  it('waits out a 429 Retry-After even when longer than the request timeout', async () => {
    await sandbox.control.setFaults({ burst429: { count: 1, retryAfterSec: 1 } })
    const api = client({ timeoutMs: 400 })
    expect((await api.getTicket(66)).id).toBe(66)
    expect((await sandbox.control.stats()).faults.status_429).toBe(1)
  })

  it('gives up with rate_limited and the wait when Retry-After exceeds the total budget', async () => {
    await sandbox.control.setFaults({ burst429: { count: 5, retryAfterSec: 120 } })
    const api = client({ retry: { ...fast, maxTotalMs: 2000 } })
    await expect(api.getTicket(66)).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 120_000,
    })
    expect(await requests('GET /ticket/{id}')).toBe(1)
  })

  it('retries a timed-out GET', async () => {
    await sandbox.control.setFaults({ latencyMs: 300 })
    const api = client({ timeoutMs: 100, retry: { ...fast, retries: 1 } })
    await expect(api.getTicket(66)).rejects.toMatchObject({ code: 'timeout' })
    expect(await requests('GET /ticket/{id}')).toBe(2)
  })

  it('retries a GET whose connection was dropped or whose JSON was cut off', async () => {
    await sandbox.control.setFaults({ dropNext: { count: 1 } })
    expect((await client().getTicket(66)).id).toBe(66)
    await sandbox.control.setFaults({ malformedRate: 1 })
    await expect(client().getTicket(66)).rejects.toMatchObject({ code: 'bad_response' })
    await sandbox.control.setFaults({ malformedRate: 0.5, seed: 3 })
    expect((await client({ retry: { ...fast, retries: 8 } }).getTicket(66)).id).toBe(66)
  })

  it('repeats a PUT whose answer was lost: same result, applied once in effect', async () => {
    await sandbox.control.setFaults({ dropNext: { count: 1, method: 'PUT', phase: 'after' } })
    const updated = await client().updateTicket(65, { status_memo: '等待客戶回覆' })
    expect(updated.status_memo).toBe('等待客戶回覆')
    expect(await requests('PUT /ticket/{id}')).toBe(2)
  })

  it('cancels while waiting for a slow answer', async () => {
    await sandbox.control.setFaults({ latencyMs: 2000 })
    const controller = new AbortController()
    const before = await requests('GET /ticket/{id}')
    const pending = client().getTicket(66, { signal: controller.signal })
    // Cancelled once the request is at the server, while its answer is held back.
    await waitFor(
      async () => (await requests('GET /ticket/{id}')) > before,
      'the request to arrive',
    )
    controller.abort()
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' })
  })

  it('cancels during a backoff wait', async () => {
    await sandbox.control.setFaults({ burst429: { count: 3, retryAfterSec: 30 } })
    const controller = new AbortController()
    const pending = client({ retry: { ...fast, maxTotalMs: 120_000 } }).getTicket(66, {
      signal: controller.signal,
    })
    // Cancelled once the first 429 has come back, during the 30 s wait it asks for.
    await waitFor(async () => (await requests('GET /ticket/{id}')) === 1, 'the first answer')
    controller.abort()
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' })
    expect(await requests('GET /ticket/{id}')).toBe(1)
  })
})

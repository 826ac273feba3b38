/**
 * The client against a hostile server (test/helpers/hostile-server.ts in front of a real
 * sandbox): a body that drips a byte at a time, listings whose pages never end or repeat, a record
 * nested deeper than any parser's stack. Every call ends, with an error naming what the server did,
 * after a bounded number of requests.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createVendorClient, fetchAll, walkPages } from '../../../src/main/core/api'
import { openCache } from '../../../src/main/core/db/cache'
import type { Logger } from '../../../src/main/core/logger'
import { SyncEngine } from '../../../src/main/core/sync/sync-engine'
import { AppError } from '../../../src/shared/domain/errors'
import { startHostileServer, type HostileServer } from '../../helpers/hostile-server'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'

let sandbox: TestSandbox
let hostile: HostileServer

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 250, seed: 17 })
  hostile = await startHostileServer(sandbox.apiBase)
})
afterAll(async () => {
  await hostile.close()
  await sandbox.close()
})
beforeEach(() => {
  hostile.mode = 'pass'
  hostile.requests.clear()
})

async function failure(work: Promise<unknown>): Promise<AppError> {
  try {
    await work
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected the call to fail')
}

describe('a body that drips one byte at a time', () => {
  it('counts as no answer once the attempt deadline passes, and is retried as today', async () => {
    hostile.mode = 'drip'
    hostile.dripMs = 200
    const api = createVendorClient({
      baseUrl: hostile.apiBase,
      timeoutMs: 1000,
      retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 },
    })
    const error = await failure(api.getTicket(66))
    expect(error.code).toBe('timeout')
    expect(error.message).toMatch(/no complete answer in 1 s/)
    // The first attempt and one retry, each cut at its deadline.
    expect(hostile.requests.get('GET /api/v1/ticket/66')).toBe(2)
  })

  it('ends a write attempt too: the outbox sees a lost answer, not a hang', async () => {
    hostile.mode = 'drip'
    hostile.dripMs = 200
    const api = createVendorClient({ baseUrl: hostile.apiBase, timeoutMs: 1000 })
    const outcome = await api.writeOnce({ method: 'PUT', id: 66, body: { status_memo: 'x' } })
    expect(outcome.ok).toBe(false)
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('timeout')
      expect(outcome.maybeProcessed).toBe(true)
    }
  })
})

describe('pagination the client cannot trust', () => {
  const api = (): ReturnType<typeof createVendorClient> =>
    createVendorClient({ baseUrl: hostile.apiBase, retry: { retries: 0 } })

  it('a last_page of 10^9 for 250 tickets ends the walk at once with a clear error', async () => {
    hostile.mode = 'endless'
    const client = api()
    const error = await failure(fetchAll((page) => client.searchTickets({ page, per_page: 100 })))
    expect(error.code).toBe('bad_response')
    expect(error.message).toMatch(/last_page 1000000000.*250 records/)
    expect(hostile.total()).toBeLessThan(2000)
  })

  it('a lookup list with an endless last_page is walked with the same rule', async () => {
    hostile.mode = 'endless'
    const client = api()
    const error = await failure(fetchAll((page) => client.listCategories({ page })))
    expect(error.message).toMatch(/last_page 1000000000/)
    expect(hostile.total()).toBeLessThan(2000)
  })

  it('a page that repeats the one before ends the walk, naming the page', async () => {
    hostile.mode = 'repeat'
    const client = api()
    const pages: number[] = []
    const error = await failure(
      (async () => {
        for await (const items of walkPages((page) =>
          client.searchTickets({ page, per_page: 100 }),
        ))
          pages.push(items.length)
      })(),
    )
    expect(error.code).toBe('bad_response')
    expect(error.message).toMatch(/page 2 repeats/)
    expect(pages).toEqual([100])
    expect(hostile.total()).toBe(2)
  })
})

describe('a full sync against a hostile server', () => {
  async function syncThrough(
    mode: 'endless' | 'repeat' | 'deep' | 'drip',
  ): Promise<{ error: unknown; requests: number; cached: number; warnings: string[] }> {
    const dir = mkdtempSync(join(tmpdir(), 'ac-hostile-sync-'))
    const { cache } = openCache(join(dir, 'cache.sqlite'))
    const warnings: string[] = []
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message) => warnings.push(message),
      error: () => undefined,
    }
    try {
      const api = createVendorClient({
        baseUrl: hostile.apiBase,
        timeoutMs: 1000,
        logger,
        retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 },
      })
      const engine = new SyncEngine({ api: () => api, cache, meId: () => null, logger })
      hostile.mode = mode
      hostile.dripMs = 200
      hostile.requests.clear()
      let error: unknown = null
      await engine.runFull().catch((e: unknown) => (error = e))
      return { error, requests: hostile.total(), cached: cache.allTicketIds().length, warnings }
    } finally {
      cache.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }

  it('ends, naming what the server did, when last_page is 10^9: fewer than 2,000 requests', async () => {
    const heapBefore = process.memoryUsage().heapUsed
    const run = await syncThrough('endless')
    expect(String(run.error)).toMatch(/last_page 1000000000/)
    expect(run.requests).toBeLessThan(2000)
    // Nothing piles up: the walk stopped at its first page.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024)
  })

  it('ends when a page repeats the one before', async () => {
    const run = await syncThrough('repeat')
    expect(String(run.error)).toMatch(/repeats page/)
    expect(run.requests).toBeLessThan(2000)
  })

  it('ends within its deadlines when every answer drips', async () => {
    const run = await syncThrough('drip')
    expect(String(run.error)).toMatch(/no complete answer/)
  })

  it('a record nested 200,000 deep is left out and reported; the sync completes', async () => {
    const run = await syncThrough('deep')
    expect(run.error).toBeNull()
    expect(run.cached).toBeGreaterThanOrEqual(240)
    expect(run.warnings).toContain('a damaged record of a listing was left out')
  })
})

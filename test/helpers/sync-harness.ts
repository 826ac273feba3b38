/**
 * A real sandbox, a real cache file in a temp dir and the real API client, wired to a SyncEngine,
 * plus the server's own view (the raw listing, read without our client) to compare the cache with.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createVendorClient } from '../../src/main/core/api/index'
import type { VendorClient } from '../../src/main/core/api/types'
import { openCache, type TicketCache } from '../../src/main/core/db/cache'
import type { Clock, SyncApi } from '../../src/main/core/sync/ports'
import { SyncEngine, type SyncEngineOptions } from '../../src/main/core/sync/sync-engine'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import type { SandboxOptions } from '../../src/sandbox/server'
import { startTestSandbox, type TestSandbox } from './sandbox'

export interface SyncHarness {
  sandbox: TestSandbox
  dir: string
  dbPath: string
  cache: TicketCache
  client: VendorClient
  /** A new engine over this harness's cache; `api` defaults to the real client. */
  engine(options?: Partial<SyncEngineOptions> & { apiPort?: SyncApi }): SyncEngine
  close(): Promise<void>
}

export async function startHarness(
  sandboxOptions: SandboxOptions = {},
  clientRetry: { retries?: number; baseDelayMs?: number; maxDelayMs?: number } = {
    retries: 4,
    baseDelayMs: 20,
    maxDelayMs: 200,
  },
): Promise<SyncHarness> {
  const sandbox = await startTestSandbox(sandboxOptions)
  const dir = mkdtempSync(join(tmpdir(), 'agent-console-sync-'))
  const dbPath = join(dir, 'cache.sqlite')
  const { cache } = openCache(dbPath)
  const client = createVendorClient({
    baseUrl: sandbox.apiBase,
    token: sandboxOptions.token ?? null,
    timeoutMs: 5_000,
    retry: clientRetry,
  })
  return {
    sandbox,
    dir,
    dbPath,
    cache,
    client,
    engine: (options = {}) => {
      const { apiPort, ...rest } = options
      const api = apiPort ?? client
      return new SyncEngine({
        api: () => api,
        cache,
        meId: () => null,
        ...rest,
      })
    },
    close: async () => {
      cache.close()
      await sandbox.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function getJson<T>(url: string, token?: string): Promise<T> {
  const res = await fetch(url, {
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  })
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`)
  return (await res.json()) as T
}

/** Every record of a listing as the server serves it (plain fetch; faults must be off). */
export async function rawListing<T>(apiBase: string, path: string, token?: string): Promise<T[]> {
  const all: T[] = []
  for (let page = 1; ; page++) {
    const sep = path.includes('?') ? '&' : '?'
    const body = await getJson<{ data: T[]; meta: { last_page: number } }>(
      `${apiBase}${path}${sep}page=${page}&per_page=100`,
      token,
    )
    all.push(...body.data)
    if (page >= body.meta.last_page) return all
  }
}

export interface ServerView {
  tickets: Map<number, Ticket>
  lookups: Record<LookupTable, unknown[]>
}

export type LookupTable =
  'employees' | 'sponsors' | 'termination_codes' | 'categories' | 'sub_categories'

const LOOKUP_PATHS: Record<LookupTable, string> = {
  employees: '/employee',
  sponsors: '/sponsor',
  termination_codes: '/ticket-termination-code',
  categories: '/category',
  sub_categories: '/subcategory',
}

/** The whole server: every ticket as the listing returns it, and every lookup list. */
export async function serverView(apiBase: string, token?: string): Promise<ServerView> {
  const tickets = new Map<number, Ticket>()
  for (const t of await rawListing<Ticket>(apiBase, '/ticket', token)) tickets.set(t.id, t)
  const lookups = {} as Record<LookupTable, unknown[]>
  for (const [table, path] of Object.entries(LOOKUP_PATHS) as [LookupTable, string][]) {
    lookups[table] = await rawListing(apiBase, path, token)
  }
  return { tickets, lookups }
}

/** The cache's own copies: each ticket's JSON and each lookup list in its stored order. */
export function cacheView(cache: TicketCache): ServerView {
  const tickets = new Map<number, Ticket>()
  for (const id of cache.allTicketIds()) {
    const hit = cache.getTicket(id)
    if (hit) tickets.set(id, hit.ticket)
  }
  const db = cache.connection()
  const lookups = {} as Record<LookupTable, unknown[]>
  for (const table of Object.keys(LOOKUP_PATHS) as LookupTable[]) {
    const where = table === 'employees' ? 'WHERE from_list = 1' : ''
    const rows = db.prepare(`SELECT json FROM ${table} ${where} ORDER BY position`).all() as {
      json: string
    }[]
    lookups[table] = rows.map((r) => JSON.parse(r.json) as unknown)
  }
  return { tickets, lookups }
}

/** Ids sorted ascending, for readable diffs. */
export function ids(map: Map<number, unknown>): number[] {
  return [...map.keys()].sort((a, b) => a - b)
}

/** A clock whose time only moves when the test says so; timers fire in due order. */
export class FakeClock implements Clock {
  private time: number
  private seq = 0
  private readonly timers = new Map<number, { at: number; fn: () => void }>()

  constructor(start = Date.parse('2025-03-03T01:00:00Z')) {
    this.time = start
  }

  now(): Date {
    return new Date(this.time)
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const handle = ++this.seq
    this.timers.set(handle, { at: this.time + Math.max(0, ms), fn })
    return handle
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number)
  }

  pending(): number {
    return this.timers.size
  }

  /** Moves time forward without firing anything. */
  advance(ms: number): void {
    this.time += ms
  }

  /** Jumps to the earliest timer (if due by `until`), fires it, and returns its time. */
  fireNext(until: number): number | null {
    let next: [number, { at: number; fn: () => void }] | null = null
    for (const entry of this.timers) if (!next || entry[1].at < next[1].at) next = entry
    if (!next || next[1].at > until) return null
    this.timers.delete(next[0])
    this.time = Math.max(this.time, next[1].at)
    next[1].fn()
    return this.time
  }
}

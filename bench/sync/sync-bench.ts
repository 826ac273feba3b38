/**
 * The full-sync part of `npm run bench`: one full sync from an empty cache against a sandbox in
 * another process, as the app runs it (the real client, the real engine, the real cache). Reports
 * wall time, requests against the minimum, how long each database call held the thread, the
 * event loop's delay during the sync, and where the time went (server, client parsing, cache).
 */
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { ticketSchema } from '../../src/shared/domain/api-schemas'
import { SandboxControl } from '../../src/sandbox/control-client'
import { round, summarize, type Summary } from '../cache/stats'
import {
  createVendorClient,
  openCache,
  parsePage,
  SyncEngine,
  type BulkWrite,
  type SyncApi,
  type SyncSummary,
  type TicketCacheReader,
  type TicketCacheWriter,
} from '../../src/main/core'

export interface SyncBenchReport {
  tickets: number
  wallMs: number
  summary: Omit<SyncSummary, 'kind'>
  requests: {
    /** Counted by the engine (each may have been retried inside the client). */
    engine: number
    /** Counted by the server, retries included. */
    server: number
    /** Ticket pages at the server's cap plus each lookup list's pages at 100 a page. */
    minimum: number
    ticketPagesMinimum: number
    lookupPagesMinimum: number
  }
  /** Every call into the cache during the sync: how long it held the thread. */
  dbCalls: Summary & { totalMs: number; byMethod: Record<string, Summary & { totalMs: number }> }
  /** perf_hooks.monitorEventLoopDelay over the whole sync (includes the client's parsing). */
  eventLoopDelayMs: { p50: number; p99: number; max: number }
  /** Where the wall time went. */
  breakdown: {
    /** Awaiting API calls: server work, transfer, and the client's parse and validation. */
    apiMs: number
    dbMs: number
    /** A second pass over every ticket page with plain fetch + text: the server and transfer. */
    serverAndTransferMs: number
    /** JSON.parse + the client's validation of one full ticket page, per page (median). */
    clientParsePerPageMs: number
    clientValidatePerPageMs: number
    clientParseAndValidateEstimateMs: number
  }
}

const LOOKUPS = ['/employee', '/sponsor', '/ticket-termination-code', '/category', '/subcategory']

type Cache = TicketCacheReader & TicketCacheWriter

/** The cache calls the sync makes, each timed (one transaction or read each). */
const TIMED: ReadonlySet<string> = new Set<keyof Cache>([
  'upsertTickets',
  'deleteTickets',
  'allTicketIds',
  'getTicket',
  'ticketIdsFor',
  'replaceLookups',
  'getState',
  'setState',
  'beginBulk',
  'maintenanceStep',
])

/** The bulk write session's calls, each timed too. */
const TIMED_BULK = ['checkpointStep', 'finish'] as const satisfies readonly (keyof BulkWrite)[]

function timed<F extends (...args: never[]) => unknown>(
  key: string,
  fn: F,
  samples: Map<string, number[]>,
): F {
  return ((...args: Parameters<F>): ReturnType<F> => {
    const start = performance.now()
    try {
      return fn(...args) as ReturnType<F>
    } finally {
      const list = samples.get(key) ?? []
      list.push(performance.now() - start)
      samples.set(key, list)
    }
  }) as F
}

function timedBulk(bulk: BulkWrite, samples: Map<string, number[]>): BulkWrite {
  const out = { ...bulk }
  for (const key of TIMED_BULK) out[key] = timed(key, bulk[key] as never, samples)
  return out
}

/**
 * Times every call of TIMED. upsertTicketsInChunks is not timed itself: it calls upsertTickets
 * through the proxy once per transaction (one API page), so each transaction (the hold a screen's
 * query can wait behind) is a sample.
 */
function timedCache(cache: Cache, samples: Map<string, number[]>): Cache {
  return new Proxy(cache, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver)
      if (typeof value !== 'function' || typeof key !== 'string' || !TIMED.has(key)) return value
      const call = timed(
        key,
        (...args: unknown[]): unknown =>
          (value as (...a: unknown[]) => unknown).apply(receiver, args),
        samples,
      )
      if (key !== 'beginBulk') return call
      return (): BulkWrite => timedBulk(call() as BulkWrite, samples)
    },
  })
}

/** Wraps the API port to add up the time spent awaiting it. */
function timedApi(api: SyncApi, total: { ms: number }): SyncApi {
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = performance.now()
      try {
        return await fn(...args)
      } finally {
        total.ms += performance.now() - start
      }
    }
  return {
    searchTickets: wrap((p, o) => api.searchTickets(p, o)),
    getTicket: wrap((id: number, o) => api.getTicket(id, o)),
    listEmployees: wrap((p, o) => api.listEmployees(p, o)),
    listSponsors: wrap((p, o) => api.listSponsors(p, o)),
    listTerminationCodes: wrap((p, o) => api.listTerminationCodes(p, o)),
    listCategories: wrap((p, o) => api.listCategories(p, o)),
    listSubCategories: wrap((p, o) => api.listSubCategories(p, o)),
    traffic: () => api.traffic(),
  }
}

async function meta(url: string): Promise<{ total: number; last_page: number; per_page: number }> {
  const res = await fetch(url, { headers: { accept: 'application/json' } })
  const body = (await res.json()) as {
    meta: { total: number; last_page: number; per_page: unknown }
  }
  return { ...body.meta, per_page: Number(body.meta.per_page) }
}

function median(values: number[]): number {
  return summarize(values).p50
}

export async function runSyncBench(
  sandboxUrl: string,
  dir: string,
  log: (line: string) => void,
): Promise<SyncBenchReport> {
  const apiBase = sandboxUrl + '/api/v1'
  const control = new SandboxControl(sandboxUrl)

  // The minimum: every ticket page at the server's cap, and each lookup list at 100 a page.
  const first = await meta(`${apiBase}/ticket?per_page=1000`)
  const ticketPagesMinimum = first.last_page
  let lookupPagesMinimum = 0
  for (const path of LOOKUPS)
    lookupPagesMinimum += (await meta(`${apiBase}${path}?per_page=100`)).last_page

  const { cache } = openCache(join(dir, 'sync.sqlite'))
  const samples = new Map<string, number[]>()
  const apiTime = { ms: 0 }
  const client = createVendorClient({ baseUrl: apiBase, timeoutMs: 60_000 })
  const api = timedApi(client, apiTime)
  const timed = timedCache(cache, samples)
  let lastLog = 0
  const engine = new SyncEngine({
    api: () => api,
    cache: timed,
    meId: () => null,
    pageSize: 100,
    onStatus: (s) => {
      const p = s.progress
      if (p?.phase === 'tickets' && (p.done - lastLog >= 100 || p.done === p.total)) {
        lastLog = p.done
        log(`  sync: ticket page ${p.done}/${p.total}`)
      }
    },
  })

  await control.resetStats()
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const start = performance.now()
  const summary = await engine.runFull()
  const wallMs = performance.now() - start
  loop.disable()
  const stats = await control.stats()
  const serverRequests = Object.values(stats.requests).reduce((a, b) => a + b, 0)

  const all = [...samples.values()].flat()
  const byMethod: SyncBenchReport['dbCalls']['byMethod'] = {}
  for (const [name, list] of samples)
    byMethod[name] = { ...summarize(list), totalMs: round(list.reduce((a, b) => a + b, 0)) }
  const dbMs = all.reduce((a, b) => a + b, 0)
  cache.close()

  // The server alone: every ticket page again, fetched and read as text, no parsing.
  log('  server and transfer pass...')
  const rawStart = performance.now()
  let pageText = ''
  for (let page = 1; page <= ticketPagesMinimum; page++) {
    const res = await fetch(`${apiBase}/ticket?page=${page}&per_page=100`, {
      headers: { accept: 'application/json' },
    })
    const text = await res.text()
    if (page === 1) pageText = text
  }
  const serverAndTransferMs = performance.now() - rawStart

  // The client's own work per page: JSON.parse, then the schema check of every ticket.
  const parseMs: number[] = []
  const validateMs: number[] = []
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now()
    const body = JSON.parse(pageText) as unknown
    const t1 = performance.now()
    parsePage(body, ticketSchema, 'bench')
    const t2 = performance.now()
    parseMs.push(t1 - t0)
    validateMs.push(t2 - t1)
  }
  const clientParsePerPageMs = median(parseMs)
  const clientValidatePerPageMs = median(validateMs)
  const ns = (v: number): number => round(v / 1e6)
  const { kind: _kind, ...rest } = summary
  return {
    tickets: first.total,
    wallMs: round(wallMs),
    summary: rest,
    requests: {
      engine: summary.requests,
      server: serverRequests,
      minimum: ticketPagesMinimum + lookupPagesMinimum,
      ticketPagesMinimum,
      lookupPagesMinimum,
    },
    dbCalls: { ...summarize(all), totalMs: round(dbMs), byMethod },
    eventLoopDelayMs: {
      p50: ns(loop.percentile(50)),
      p99: ns(loop.percentile(99)),
      max: ns(loop.max),
    },
    breakdown: {
      apiMs: round(apiTime.ms),
      dbMs: round(dbMs),
      serverAndTransferMs: round(serverAndTransferMs),
      clientParsePerPageMs,
      clientValidatePerPageMs,
      clientParseAndValidateEstimateMs: round(
        (clientParsePerPageMs + clientValidatePerPageMs) * summary.pages,
      ),
    },
  }
}

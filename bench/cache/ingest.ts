/**
 * The cache benchmark's write side at scale: generated tickets in the API's pages, ingested into a
 * raw table (the baseline), the cache's writer with and without the search index, the layout
 * before migration 80, and a re-sync with a tenth changed; each with its longest single call and
 * the file's size.
 */
import { searchIndexBytes } from '../../src/main/core/db/cache-stats'
import { MIGRATIONS } from '../../src/main/core/db/migrations'
import { openDatabase, setAutoCheckpoint } from '../../src/main/core/db/open-database'
import { analyzeOne, statsTargets } from '../../src/main/core/db/planner-stats'
import { runMigrations } from '../../src/main/core/db/run-migrations'
import { upsertTickets } from '../../src/main/core/db/ticket-writer'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import { generateTickets } from '../../src/sandbox/seed/generate-tickets'
import { upsertTicketsLegacy } from './legacy-writer'
import { round, summarize, timed, timedCpu, type CpuMeter, type Summary } from './stats'
import type { BulkWrite, TicketCache } from '../../src/main/core'

export const BENCH_NOW = '2026-06-01 12:00:00'
const PAGE = 100
const CHUNK = 5000

/** Tickets in chunks (never all 100k objects in memory at once), pages of the API's size. */
export function* ticketPages(total: number, seed = 1): Generator<Ticket[]> {
  for (let start = 0; start < total; start += CHUNK) {
    const chunk = generateTickets({
      count: Math.min(CHUNK, total - start),
      seed: seed + start,
      startId: start + 1,
      now: BENCH_NOW,
    })
    for (let i = 0; i < chunk.length; i += PAGE) yield chunk.slice(i, i + PAGE)
  }
}

export interface IngestResult {
  rows: number
  dbMs: number
  rowsPerSec: number
  perCall: Summary
}

function ingestResult(rows: number, calls: number[]): IngestResult {
  const dbMs = calls.reduce((a, b) => a + b, 0)
  return {
    rows,
    dbMs: round(dbMs),
    rowsPerSec: Math.round((rows / dbMs) * 1000),
    perCall: summarize(calls),
  }
}

/** The baseline: the same rows (hot columns + JSON) into one plain table, a page per transaction. */
export function ingestRaw(path: string, total: number): IngestResult {
  const db = openDatabase(path)
  db.exec(`CREATE TABLE raw (id INTEGER PRIMARY KEY, status INTEGER, priority INTEGER, due_at TEXT,
    handler_id INTEGER, contact_id INTEGER, created_at TEXT, updated_at TEXT, subject TEXT, json TEXT)`)
  const insert = db.prepare('INSERT INTO raw VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
  const write = db.transaction((page: Ticket[]) => {
    for (const t of page) {
      insert.run(
        t.id,
        t.status ?? null,
        t.priority ?? null,
        t.due_at ?? null,
        t.handler_id ?? null,
        t.contact_id ?? null,
        t.created_at ?? null,
        t.updated_at ?? null,
        t.subject ?? null,
        JSON.stringify(t),
      )
    }
  })
  const calls: number[] = []
  let rows = 0
  for (const page of ticketPages(total)) {
    calls.push(timed(() => write(page)).ms)
    rows += page.length
  }
  db.close()
  return ingestResult(rows, calls)
}

/** The cache's writer without the search index. */
export function ingestWithoutSearch(path: string, total: number): IngestResult {
  const db = openDatabase(path)
  runMigrations(db)
  const calls: number[] = []
  let rows = 0
  for (const page of ticketPages(total)) {
    calls.push(timed(() => upsertTickets(db, page, BENCH_NOW, { search: false })).ms)
    rows += page.length
  }
  db.close()
  return ingestResult(rows, calls)
}

export interface BulkResult extends IngestResult {
  /** checkpointStep() after every page: each call, and their sum (also in dbMs). */
  checkpointStep: Summary
  endBulkMs: number
  /** maintenanceStep() after endBulk until it is done: each call. */
  maintenanceStep: Summary
  /** Every call that held the thread: pages, checkpoint steps, endBulk, maintenance steps. */
  held: Summary
  /** CPU time of all those calls (less sensitive to a shared machine than dbMs). */
  cpuMs: number
}

export function finishBulk(
  cache: TicketCache,
  bulk: BulkWrite,
  cpu: CpuMeter,
): { endBulkMs: number; maintenance: number[] } {
  const endBulkMs = timedCpu(cpu, () => bulk.finish()).ms
  const maintenance: number[] = []
  for (;;) {
    const step = timedCpu(cpu, () => cache.maintenanceStep())
    maintenance.push(step.ms)
    if (!step.value) break
  }
  return { endBulkMs, maintenance }
}

export function bulkResult(
  rows: number,
  pages: number[],
  steps: number[],
  end: { endBulkMs: number; maintenance: number[] },
  cpu: CpuMeter,
): BulkResult {
  const all = [...pages, ...steps, end.endBulkMs, ...end.maintenance]
  return {
    ...ingestResult(rows, all),
    perCall: summarize(pages),
    checkpointStep: summarize(steps),
    endBulkMs: round(end.endBulkMs),
    maintenanceStep: summarize(end.maintenance),
    held: summarize(all),
    cpuMs: round(cpu.ms),
  }
}

/**
 * The real cache, as the sync uses it: bulk mode, one call per page, a checkpoint step between
 * pages, then endBulk and the maintenance steps; all of it counted as database time.
 */
export function ingestCache(cache: TicketCache, total: number, seed = 1, chunk = 100): BulkResult {
  const cpu: CpuMeter = { ms: 0 }
  const bulk = cache.beginBulk()
  const pages: number[] = []
  const steps: number[] = []
  let rows = 0
  // What the sync does: `chunk` tickets per transaction (a page split in chunks, or several
  // pages gathered into one: the first sync of an empty cache), a checkpoint step after each.
  let gathered: Ticket[] = []
  const write = (tickets: Ticket[]): void => {
    for (let i = 0; i < tickets.length; i += chunk) {
      const part = tickets.slice(i, i + chunk)
      pages.push(timedCpu(cpu, () => cache.upsertTickets(part, BENCH_NOW)).ms)
    }
    steps.push(timedCpu(cpu, () => bulk.checkpointStep()).ms)
  }
  for (const page of ticketPages(total, seed)) {
    rows += page.length
    gathered.push(...page)
    if (gathered.length >= chunk) {
      write(gathered)
      gathered = []
    }
  }
  if (gathered.length > 0) write(gathered)
  return bulkResult(rows, pages, steps, finishBulk(cache, bulk, cpu), cpu)
}

/** A file's size with its log, after the log is copied back, and its search index's share. */
export interface FileSize {
  bytes: number
  searchIndexBytes: number
  searchIndexShare: number
}

export function fileSize(db: ReturnType<typeof openDatabase>): FileSize {
  db.pragma('wal_checkpoint(TRUNCATE)')
  const pages = db.pragma('page_count', { simple: true }) as number
  const pageSize = db.pragma('page_size', { simple: true }) as number
  const bytes = pages * pageSize
  const search = searchIndexBytes(db)
  return {
    bytes,
    searchIndexBytes: search,
    searchIndexShare: round(search / Math.max(1, bytes), 3),
  }
}

/**
 * The layout before migration 80, written the way that cache wrote a first sync: the whole JSON
 * of every ticket (and of every contact and interaction again), a checkpoint step after every
 * page, then the planner's statistics. `chunk` tickets per transaction (the old sync wrote 25).
 */
export function ingestLegacy(
  path: string,
  total: number,
  chunk = 100,
): BulkResult & { file: FileSize } {
  const db = openDatabase(path)
  runMigrations(
    db,
    MIGRATIONS.filter((m) => m.version <= 70),
  )
  setAutoCheckpoint(db, false)
  const write = db.transaction((tickets: Ticket[]) => upsertTicketsLegacy(db, tickets, BENCH_NOW))
  const cpu: CpuMeter = { ms: 0 }
  const pages: number[] = []
  const steps: number[] = []
  let rows = 0
  for (const page of ticketPages(total)) {
    for (let i = 0; i < page.length; i += chunk) {
      pages.push(timedCpu(cpu, () => write(page.slice(i, i + chunk))).ms)
    }
    steps.push(timedCpu(cpu, () => db.pragma('wal_checkpoint(PASSIVE)')).ms)
    rows += page.length
  }
  const endBulkMs = timedCpu(cpu, () => {
    setAutoCheckpoint(db, true)
    db.pragma('wal_checkpoint(PASSIVE)')
  }).ms
  const maintenance = statsTargets(db).map((index) => timedCpu(cpu, () => analyzeOne(db, index)).ms)
  const result = {
    ...bulkResult(rows, pages, steps, { endBulkMs, maintenance }, cpu),
    file: fileSize(db),
  }
  db.close()
  return result
}

/** Re-sync of every page with 10% of tickets changed: the steady state's write pattern. */
export function resyncCache(cache: TicketCache, total: number): BulkResult {
  const cpu: CpuMeter = { ms: 0 }
  const bulk = cache.beginBulk()
  const pages: number[] = []
  const steps: number[] = []
  let rows = 0
  let n = 0
  for (const page of ticketPages(total)) {
    const changed = page.map((t) =>
      n++ % 10 === 0
        ? {
            ...t,
            status: ((t.status ?? 0) + 1) % 4,
            subject: `${t.subject ?? ''} 已更新`,
            updated_at: '2026-06-01 11:30:00',
          }
        : t,
    )
    pages.push(timedCpu(cpu, () => cache.upsertTickets(changed, BENCH_NOW)).ms)
    steps.push(timedCpu(cpu, () => bulk.checkpointStep()).ms)
    rows += page.length
  }
  return bulkResult(rows, pages, steps, finishBulk(cache, bulk, cpu), cpu)
}

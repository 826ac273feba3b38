/**
 * Benchmark pieces for the SQLite cache at scale: ingest with and without the search
 * index against a raw insert of the same rows, the longest single call, queue pages and counts,
 * text search against a LIKE scan, and the file's size. The sync's full-sync benchmark builds on
 * these; run them alone with `npx tsx bench/cache/run.ts`.
 */
import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { searchIndexBytes } from '../../src/main/core/db/cache-stats'
import { MIGRATIONS } from '../../src/main/core/db/migrations'
import { openDatabase, setAutoCheckpoint } from '../../src/main/core/db/open-database'
import { containsPattern } from '../../src/main/core/db/people-store'
import { analyzeOne, statsTargets } from '../../src/main/core/db/planner-stats'
import { runMigrations } from '../../src/main/core/db/run-migrations'
import { searchSet } from '../../src/main/core/db/ticket-where'
import { upsertTickets } from '../../src/main/core/db/ticket-writer'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import { BUILTIN_VIEWS, type TicketQuery } from '../../src/shared/domain/queue'
import { generateTickets } from '../../src/sandbox/seed/generate-tickets'
import { upsertTicketsLegacy } from './legacy-writer'
import { round, summarize, timed, timedCpu, type CpuMeter, type Summary } from './stats'
import { openCache, type BulkWrite, type TicketCache } from '../../src/main/core'

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

function fileSize(db: ReturnType<typeof openDatabase>): FileSize {
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

/** Tiny rows into memory run at ~1.2M rows/s on an idle machine (docs/measurements.md, "Writes"). */
export const IDLE_TINY_ROWS_PER_SEC = 1_200_000

export interface LoadSample {
  phase: string
  loadAverage: number
  tinyRowsPerSec: number
  /** How many times slower than idle the machine ran this calibration (1 = idle). */
  slowdown: number
}

/** How loaded the machine is right now: the load average and a short calibration run. */
export async function sampleLoad(phase: string): Promise<LoadSample> {
  const { loadavg } = await import('node:os')
  const db = new Database(':memory:')
  db.exec('CREATE TABLE t (a INTEGER, b TEXT)')
  const insert = db.prepare('INSERT INTO t VALUES (?, ?)')
  const rows = 200_000
  const { ms } = timed(() =>
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(i, 'x')
    })(),
  )
  db.close()
  const tinyRowsPerSec = Math.round((rows / ms) * 1000)
  return {
    phase,
    loadAverage: round(loadavg()[0] ?? 0),
    tinyRowsPerSec,
    slowdown: round(IDLE_TINY_ROWS_PER_SEC / tinyRowsPerSec),
  }
}

export interface QueryBench {
  name: string
  ms: Summary
}

/** Queue pages (count + rows) for every built-in view and several sorts, shallow and deep. */
export function benchQueue(
  cache: TicketCache,
  repeats = 15,
): { pages: QueryBench[]; counts: QueryBench; all: Summary } {
  const ctx = { meId: 4, now: BENCH_NOW }
  const sorts: TicketQuery['sort'][] = [
    { column: 'default', direction: 'asc' },
    { column: 'updated_at', direction: 'desc' },
    { column: 'subject', direction: 'asc' },
    { column: 'handler', direction: 'desc' },
    { column: 'priority', direction: 'desc' },
    { column: 'due_at', direction: 'asc' },
  ]
  const pages: QueryBench[] = []
  const everything: number[] = []
  for (const view of BUILTIN_VIEWS) {
    for (const sort of sorts) {
      const total = cache.queryTickets({ view, sort, limit: 1 }, ctx).total
      for (const offset of [0, Math.floor(total / 2), Math.max(0, total - 50)]) {
        const samples: number[] = []
        for (let i = 0; i < repeats; i++)
          samples.push(timed(() => cache.queryTickets({ view, sort, offset, limit: 50 }, ctx)).ms)
        everything.push(...samples)
        pages.push({
          name: `${view} ${sort?.column} ${sort?.direction} @${offset}`,
          ms: summarize(samples),
        })
      }
    }
  }
  const countSamples: number[] = []
  for (let i = 0; i < repeats * 4; i++) countSamples.push(timed(() => cache.countViews({}, ctx)).ms)
  return {
    pages,
    counts: { name: 'countViews({})', ms: summarize(countSamples) },
    all: summarize(everything),
  }
}

/**
 * A deterministic random workload: 1, 2 and 3 Chinese words of 2-4 characters each, the words of
 * one set cut from one ticket (so most sets find something, as an agent's would); English words
 * in mixed case; contacts' names typed without the space.
 */
export function searchWorkload(perKind: number, seed = 3): Record<string, string[]> {
  const sample = generateTickets({ count: 2000, seed: 1, startId: 1, now: BENCH_NOW })
  let s = seed
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s % n
  }
  const cutFrom = (t: Ticket, len: number): string | null => {
    const text = [...(rnd(3) === 0 ? (t.subject ?? '') : (t.content ?? ''))]
    for (let attempt = 0; attempt < 20; attempt++) {
      if (text.length <= len) return null
      const start = rnd(text.length - len)
      const term = text.slice(start, start + len).join('')
      if (/^[\u4e00-\u9fff]+$/.test(term)) return term
    }
    return null
  }
  const words = (n: number): string => {
    for (;;) {
      const t = sample[rnd(sample.length)] as Ticket
      const set: string[] = []
      for (let i = 0; i < n * 5 && set.length < n; i++) {
        const w = cutFrom(t, 2 + rnd(3))
        if (w && !set.includes(w)) set.push(w)
      }
      if (set.length === n) return set.join(' ')
    }
  }
  const english = [
    ...new Set(
      sample.flatMap((t) => `${t.subject ?? ''} ${t.content ?? ''}`.match(/[A-Za-z]{2,}/g) ?? []),
    ),
  ]
  const englishWords = english.length > 0 ? english : ['PA']
  const pick = (list: string[]): string => {
    const w = list[rnd(list.length)] as string
    return rnd(2) === 0 ? w.toLowerCase() : w.toUpperCase()
  }
  const names = [
    ...new Set(sample.map((t) => t.contact?.name?.replace(/\s+/g, '')).filter(Boolean)),
  ] as string[]
  return {
    '1 word': Array.from({ length: perKind }, () => words(1)),
    '2 words': Array.from({ length: perKind }, () => words(2)),
    '3 words': Array.from({ length: perKind }, () => words(3)),
    english: Array.from({ length: perKind }, () => pick(englishWords)),
    'name without space': Array.from({ length: perKind }, () => names[rnd(names.length)] ?? '王'),
  }
}

export interface SearchBench {
  kind: string
  terms: number
  ms: Summary
  /**
   * The same calls' CPU time (this process, user + system): on a shared machine the wall time
   * also holds the time spent waiting for a core, this does not.
   */
  cpuMs: Summary
  likeMs: Summary
  ratio: number
  identical: boolean
  mismatches: string[]
}

const norm = (text: unknown): string | null =>
  typeof text === 'string' ? text.normalize('NFKC').toLowerCase() : null

/**
 * Each search is what the queue does: the count plus the newest 50 (with what to highlight).
 * LIKE scans a narrow copy of the same fields, normalised the same way: every word LIKE in the
 * subject, content, contact name (as written or without its spaces) or membership number, or
 * equal to the national id.
 */
export function benchSearch(
  cache: TicketCache,
  likePath: string,
  perKind: number,
  likeTerms: number,
): SearchBench[] {
  const like = new Database(likePath)
  like.pragma('journal_mode = WAL')
  like.exec(`CREATE TABLE IF NOT EXISTS ref (id INTEGER PRIMARY KEY, subject TEXT, content TEXT,
    name TEXT, joined TEXT, membership TEXT, identity TEXT)`)
  const filled = (like.prepare('SELECT count(*) AS n FROM ref').get() as { n: number }).n
  if (filled === 0) {
    const put = like.prepare('INSERT INTO ref VALUES (?, ?, ?, ?, ?, ?, ?)')
    like.exec('BEGIN')
    // Each ticket as the cache gives it back (the stored form packs the contact, ticket-doc.ts).
    for (const id of cache.allTicketIds()) {
      const t = cache.getTicket(id)?.ticket as Ticket
      const r = { id }
      const name = norm(t.contact?.name ?? null)
      put.run(
        r.id,
        norm(t.subject),
        norm(t.content),
        name,
        name?.replace(/\s+/g, '') ?? null,
        norm(t.contact?.membership_no),
        norm(t.contact?.identity_no),
      )
    }
    like.exec('COMMIT')
  }
  const one = `(subject LIKE ? ESCAPE '\\' OR content LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\'
    OR joined LIKE ? ESCAPE '\\' OR membership LIKE ? ESCAPE '\\' OR identity = ?)`
  const likeIds = (input: string): number[] => {
    const words = [...new Set((norm(input) ?? '').split(/\s+/).filter(Boolean))]
    const params = words.flatMap((w) => {
      const p = containsPattern(w)
      return [p, p, p, p, p, w]
    })
    const sql = `SELECT id FROM ref WHERE ${words.map(() => one).join(' AND ')} ORDER BY id`
    return (like.prepare(sql).all(...params) as { id: number }[]).map((x) => x.id)
  }
  const ctx = { meId: null, now: BENCH_NOW }
  const out: SearchBench[] = []
  for (const [kind, terms] of Object.entries(searchWorkload(perKind))) {
    const samples: number[] = []
    const cpuSamples: number[] = []
    for (const term of terms) {
      const cpu = process.cpuUsage()
      samples.push(
        timed(() =>
          cache.queryTickets(
            {
              filters: { search: term },
              sort: { column: 'updated_at', direction: 'desc' },
              limit: 50,
            },
            ctx,
          ),
        ).ms,
      )
      const used = process.cpuUsage(cpu)
      cpuSamples.push((used.user + used.system) / 1000)
    }
    const likeSamples: number[] = []
    const mismatches: string[] = []
    for (const term of terms.slice(0, likeTerms)) {
      const r = timed(() => likeIds(term))
      likeSamples.push(r.ms)
      const set = searchSet({ search: term })
      const found = set
        ? (
            cache
              .connection()
              .prepare(`SELECT id FROM tickets WHERE id IN (${set.sql}) ORDER BY id`)
              .all(...set.params) as { id: number }[]
          ).map((x) => x.id)
        : []
      if (JSON.stringify(found) !== JSON.stringify(r.value)) mismatches.push(term)
    }
    const ms = summarize(samples)
    const likeMs = summarize(likeSamples)
    out.push({
      kind,
      terms: terms.length,
      ms,
      cpuMs: summarize(cpuSamples),
      likeMs,
      ratio: round(likeMs.p50 / Math.max(ms.p50, 0.001), 1),
      identical: mismatches.length === 0,
      mismatches,
    })
  }
  like.close()
  return out
}

export interface CacheBenchReport {
  tickets: number
  /** Tickets per upsert transaction in the first sync (the API's page is 100). */
  chunk: number
  machine: { cpus: number; node: string; sqlite: string; load: LoadSample[] }
  ingest: {
    raw: IngestResult
    withoutSearch: IngestResult & { ratioToRaw: number }
    withSearch: BulkResult & { ratioToRaw: number }
    resync10pct: BulkResult
  }
  /**
   * The first sync's write side in the layout before migration 80 and in today's, measured in
   * this run (legacy first, so the machine's state favours neither): database time and file.
   */
  layout: {
    legacy: { dbMs: number; cpuMs: number; perCall: Summary; file: FileSize }
    packed: { dbMs: number; cpuMs: number; perCall: Summary; file: FileSize }
    /** packed / legacy */
    dbTimeRatio: number
    cpuRatio: number
    fileRatio: number
  }
  queue: ReturnType<typeof benchQueue>
  search: SearchBench[]
  file: { bytes: number; searchIndexBytes: number; searchIndexShare: number }
}

export async function runCacheBench(
  dir: string,
  tickets: number,
  log: (line: string) => void,
  options: { chunk?: number } = {},
): Promise<CacheBenchReport> {
  const { cpus } = await import('node:os')
  const paths = {
    raw: join(dir, 'raw.sqlite'),
    legacy: join(dir, 'legacy.sqlite'),
    plain: join(dir, 'plain.sqlite'),
    cache: join(dir, 'cache.sqlite'),
    like: join(dir, 'like.sqlite'),
  }
  for (const p of Object.values(paths))
    for (const s of ['', '-wal', '-shm']) rmSync(p + s, { force: true })
  const load: LoadSample[] = []
  load.push(await sampleLoad('raw'))
  log(`raw insert of ${tickets} rows...`)
  const raw = ingestRaw(paths.raw, tickets)
  load.push(await sampleLoad('writer without search'))
  log(`cache writer without the search index...`)
  const plain = ingestWithoutSearch(paths.plain, tickets)
  load.push(await sampleLoad('legacy layout'))
  log(`the layout before migration 80, for comparison...`)
  const legacy = ingestLegacy(paths.legacy, tickets, options.chunk ?? 100)
  for (const s of ['', '-wal', '-shm']) rmSync(paths.legacy + s, { force: true })
  load.push(await sampleLoad('cache with search'))
  log(`cache with the search index...`)
  const { cache } = openCache(paths.cache)
  const withSearch = ingestCache(cache, tickets, 1, options.chunk ?? 100)
  const packedFile = fileSize(cache.connection())
  load.push(await sampleLoad('re-sync'))
  log(`re-sync with 10% changed...`)
  const resync = resyncCache(cache, tickets)
  load.push(await sampleLoad('queue'))
  log(`queue pages and counts...`)
  const queue = benchQueue(cache)
  load.push(await sampleLoad('search'))
  log(`search...`)
  const search = benchSearch(cache, paths.like, 200, 25)
  const stats = cache.stats({ detailed: true })
  const sqlite = (cache.connection().prepare('SELECT sqlite_version() AS v').get() as { v: string })
    .v
  cache.close()
  for (const p of [paths.raw, paths.plain])
    for (const s of ['', '-wal', '-shm']) rmSync(p + s, { force: true })
  return {
    tickets,
    chunk: options.chunk ?? 100,
    machine: { cpus: cpus().length, node: process.version, sqlite, load },
    ingest: {
      raw,
      withoutSearch: { ...plain, ratioToRaw: round(plain.rowsPerSec / raw.rowsPerSec) },
      withSearch: { ...withSearch, ratioToRaw: round(withSearch.rowsPerSec / raw.rowsPerSec) },
      resync10pct: resync,
    },
    layout: {
      legacy: { dbMs: legacy.dbMs, cpuMs: legacy.cpuMs, perCall: legacy.held, file: legacy.file },
      packed: {
        dbMs: withSearch.dbMs,
        cpuMs: withSearch.cpuMs,
        perCall: withSearch.held,
        file: packedFile,
      },
      dbTimeRatio: round(withSearch.dbMs / Math.max(1, legacy.dbMs)),
      cpuRatio: round(withSearch.cpuMs / Math.max(1, legacy.cpuMs)),
      fileRatio: round(packedFile.bytes / Math.max(1, legacy.file.bytes)),
    },
    queue,
    search,
    file: {
      bytes: stats.fileBytes,
      searchIndexBytes: stats.searchIndexBytes ?? 0,
      searchIndexShare: round((stats.searchIndexBytes ?? 0) / Math.max(1, stats.fileBytes), 3),
    },
  }
}

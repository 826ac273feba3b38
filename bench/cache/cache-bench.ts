/**
 * The SQLite cache benchmark at scale, in one run: ingest with and without the search index
 * against a raw insert of the same rows and against the layout before migration 80, a re-sync
 * (`ingest.ts`); queue pages and counts, text search against a LIKE scan (`reads.ts`); the file's
 * size; the machine's load beside each phase (`load-sample.ts`). The sync's full-sync benchmark
 * builds on these; run them alone with `npx tsx bench/cache/run.ts`.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { round, type Summary } from './stats'
import { openCache } from '../../src/main/core'
import {
  fileSize,
  ingestCache,
  ingestLegacy,
  ingestRaw,
  ingestWithoutSearch,
  resyncCache,
  type BulkResult,
  type FileSize,
  type IngestResult,
} from './ingest'
import { sampleLoad, type LoadSample } from './load-sample'
import { benchQueue, benchSearch, type SearchBench } from './reads'

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

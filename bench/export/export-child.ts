/**
 * One export in a process of its own, so its memory is measured from a clean start: reports the
 * wall time, the resident set before, and its peak during the export (sampled every 20 ms).
 * With `warm`, every row of the question is read once first (a CSV export of all of it, then a
 * full collection) and only then is the "before" taken: SQLite's page cache (bounded at
 * cache_size) is then already as full as in an app that has been browsing the queue, so the
 * growth measured is the export's own, not the cache's filling up.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { ExportColumn, ExportFormat } from '../../src/shared/contract/export-contract'
import {
  cacheExportSource,
  exportTickets,
  keyFromFile,
  openCache,
  silentLogger,
} from '../../src/main/core'
import { BENCH_NOW } from '../cache/ingest'

const [db, format, columns, limit, out, warm] = process.argv.slice(2) as [
  string,
  ExportFormat,
  string,
  string,
  string,
  string | undefined,
]
const { cache } = openCache(db, { key: keyFromFile(db) })
const source = cacheExportSource(
  cache,
  { view: 'all', filters: {}, sort: { column: 'default', direction: 'asc' } },
  { meId: null, now: BENCH_NOW },
)
if (warm === 'warm') {
  await exportTickets(
    source,
    {
      format: 'csv',
      columns: columns.split(',') as ExportColumn[],
      includeNationalIds: false,
      language: 'zh-TW',
    },
    `${out}.warm.csv`,
    { logger: silentLogger },
  )
  rmSync(`${out}.warm.csv`, { force: true })
  // The child runs with --expose-gc: the warm-up's garbage is not counted as the export's.
  ;(globalThis as { gc?: () => void }).gc?.()
}
const before = process.memoryUsage()
let peak = before.rss
// The JavaScript side on its own (V8's heap and the buffers it tracks): what the export holds,
// apart from pages the allocator keeps and SQLite's page cache.
const heapOf = (m: NodeJS.MemoryUsage): number => m.heapUsed + m.external
let heapPeak = heapOf(before)
const sample = (): void => {
  const m = process.memoryUsage()
  peak = Math.max(peak, m.rss)
  heapPeak = Math.max(heapPeak, heapOf(m))
}
const sampler = setInterval(sample, 20)
const t0 = performance.now()
const outcome = await exportTickets(
  source,
  {
    format,
    columns: columns.split(',') as ExportColumn[],
    includeNationalIds: false,
    language: 'zh-TW',
    limit: Number(limit),
  },
  join(out),
  { logger: silentLogger },
)
const ms = performance.now() - t0
clearInterval(sampler)
sample()
cache.close()
process.send?.({
  rows: outcome.rows,
  ms,
  rssBefore: before.rss,
  rssPeak: peak,
  heapBefore: heapOf(before),
  heapPeak,
  ...(outcome.writerPeak
    ? { writerPeak: outcome.writerPeak.heapUsed + outcome.writerPeak.external }
    : {}),
})
process.disconnect()

/**
 * One export in a process of its own, so its memory is measured from a clean start: reports the
 * wall time, the resident set before, and its peak during the export (sampled every 20 ms).
 */
import { join } from 'node:path'
import type { ExportColumn, ExportFormat } from '../../src/shared/contract/export-contract'
import {
  cacheExportSource,
  exportTickets,
  keyFromFile,
  openCache,
  silentLogger,
} from '../../src/main/core'
import { BENCH_NOW } from '../cache/cache-bench'

const [db, format, columns, limit, out] = process.argv.slice(2) as [
  string,
  ExportFormat,
  string,
  string,
  string,
]
const { cache } = openCache(db, { key: keyFromFile(db) })
const source = cacheExportSource(
  cache,
  { view: 'all', filters: {}, sort: { column: 'default', direction: 'asc' } },
  { meId: null, now: BENCH_NOW },
)
const before = process.memoryUsage().rss
let peak = before
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
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
peak = Math.max(peak, process.memoryUsage().rss)
cache.close()
process.send?.({ rows: outcome.rows, ms, rssBefore: before, rssPeak: peak })
process.disconnect()

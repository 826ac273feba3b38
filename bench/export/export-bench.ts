/**
 * Export at scale: N cached tickets (encrypted, as the app keeps them) written to CSV and to
 * XLSX, the queue's columns and every column, each in a fresh process: the time, the file's size
 * and how much the resident set grew at its peak. The same exports at a tenth of the rows sit
 * beside them: flat memory means the growth does not follow the row count.
 */
import { fork } from 'node:child_process'
import { statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import {
  EXPORT_COLUMNS,
  QUEUE_EXPORT_COLUMNS,
  type ExportFormat,
} from '../../src/shared/contract/export-contract'
import { keyFromFile, openCache } from '../../src/main/core'
import { round } from '../cache/stats'
import { BENCH_NOW, ticketPages } from '../cache/cache-bench'

export interface ExportRun {
  format: ExportFormat
  columns: 'queue' | 'all'
  rows: number
  seconds: number
  rowsPerSec: number
  fileMB: number
  rssGrowthMB: number
  /** V8's heap and the buffers it tracks (external), peak growth: the export's own objects. */
  heapGrowthMB: number
}

export interface ExportBenchReport {
  tickets: number
  runs: ExportRun[]
}

function fill(db: string, total: number): void {
  const { cache } = openCache(db, { key: keyFromFile(db) })
  const bulk = cache.beginBulk()
  let written = 0
  for (const page of ticketPages(total)) {
    cache.upsertTickets(page, BENCH_NOW)
    written += page.length
    if (written % 5000 === 0) bulk.checkpointStep()
  }
  bulk.finish()
  while (cache.maintenanceStep()) {
    // the indexes a bulk fill leaves out, before anything is read
  }
  cache.close()
}

function runChild(
  db: string,
  format: ExportFormat,
  columns: readonly string[],
  limit: number,
  out: string,
): Promise<{
  rows: number
  ms: number
  rssBefore: number
  rssPeak: number
  heapBefore: number
  heapPeak: number
}> {
  const child = fork(
    resolve(import.meta.dirname, 'export-child.ts'),
    [db, format, columns.join(','), String(limit), out],
    { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  )
  return new Promise((done, fail) => {
    child.once('message', (m) => done(m as never))
    child.once('exit', (code) => code !== 0 && fail(new Error(`export child exited ${code}`)))
  })
}

export async function runExportBench(
  dir: string,
  tickets: number,
  log: (line: string) => void,
): Promise<ExportBenchReport> {
  const db = join(dir, 'export-bench.sqlite')
  log(`export: filling a cache with ${tickets} tickets...`)
  fill(db, tickets)
  const runs: ExportRun[] = []
  const sizes = [Math.round(tickets / 10), tickets]
  for (const [name, columns] of [
    ['queue', QUEUE_EXPORT_COLUMNS],
    ['all', EXPORT_COLUMNS],
  ] as const) {
    for (const format of ['csv', 'xlsx'] as const) {
      for (const limit of sizes) {
        const out = join(dir, `export-${name}-${limit}.${format}`)
        log(`export: ${limit} rows to ${format}, ${name} columns...`)
        const r = await runChild(db, format, columns, limit, out)
        runs.push({
          format,
          columns: name,
          rows: r.rows,
          seconds: round(r.ms / 1000),
          rowsPerSec: Math.round(r.rows / (r.ms / 1000)),
          fileMB: round(statSync(out).size / 1e6, 1),
          rssGrowthMB: round((r.rssPeak - r.rssBefore) / 1e6, 1),
          heapGrowthMB: round((r.heapPeak - r.heapBefore) / 1e6, 1),
        })
      }
    }
  }
  return { tickets, runs }
}

export function printExport(r: ExportBenchReport): string[] {
  const lines = [
    `export of the All view (default order) from ${r.tickets} cached tickets, each in its own process:`,
    '  format columns     rows    time   rows/s   file  peak growth: RSS, heap + external',
  ]
  for (const run of r.runs)
    lines.push(
      `  ${run.format.padEnd(6)} ${run.columns.padEnd(7)} ${String(run.rows).padStart(7)} ${`${run.seconds} s`.padStart(7)} ${String(run.rowsPerSec).padStart(8)} ${`${run.fileMB} MB`.padStart(8)}  ${run.rssGrowthMB} MB, ${run.heapGrowthMB} MB`,
    )
  return lines
}

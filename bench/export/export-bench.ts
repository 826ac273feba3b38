/**
 * Export at scale: N cached tickets (encrypted, as the app keeps them) written to CSV and to
 * XLSX, the queue's columns and every column, each in a fresh process: the time, the file's size
 * and how much the resident set and the heaps grew at their peak. The same exports at a tenth of
 * the rows sit beside them: flat memory means the growth does not follow the row count. With
 * `--before DIR` (another checkout, e.g. main's) each export also runs with that checkout's code
 * on the same cache, right before this one's, so the two are measured at the same load.
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
import { BENCH_NOW, ticketPages } from '../cache/ingest'

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
  /** The same of the thread that wrote the file, at its peak (0 when written in the core). */
  writerHeapMB: number
  /**
   * The same export after every row was read once (SQLite's page cache as full as a running
   * app's): the growth that is the export's own.
   */
  warm: { rssGrowthMB: number; heapGrowthMB: number }
  /** The same export with the `--before` checkout's code. */
  before?: { seconds: number; rssGrowthMB: number; heapGrowthMB: number }
}

interface ChildReport {
  rows: number
  ms: number
  rssBefore: number
  rssPeak: number
  heapBefore: number
  heapPeak: number
  /** The writer thread's peak heap + external (absent before the thread existed). */
  writerPeak?: number
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
  root: string,
  db: string,
  format: ExportFormat,
  columns: readonly string[],
  limit: number,
  out: string,
  warm = false,
): Promise<ChildReport> {
  const child = fork(
    join(root, 'bench/export/export-child.ts'),
    [db, format, columns.join(','), String(limit), out, ...(warm ? ['warm'] : [])],
    {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      cwd: root,
    },
  )
  return new Promise((done, fail) => {
    child.once('message', (m) => done(m as never))
    child.once('exit', (code) => code !== 0 && fail(new Error(`export child exited ${code}`)))
  })
}

const mb = (bytes: number): number => round(bytes / 1e6, 1)

export async function runExportBench(
  dir: string,
  tickets: number,
  log: (line: string) => void,
  before?: string,
): Promise<ExportBenchReport> {
  const here = resolve(import.meta.dirname, '../..')
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
        const b = before ? await runChild(before, db, format, columns, limit, out) : null
        const r = await runChild(here, db, format, columns, limit, out)
        const w = await runChild(here, db, format, columns, limit, out, true)
        runs.push({
          format,
          columns: name,
          rows: r.rows,
          seconds: round(r.ms / 1000),
          rowsPerSec: Math.round(r.rows / (r.ms / 1000)),
          fileMB: round(statSync(out).size / 1e6, 1),
          rssGrowthMB: mb(r.rssPeak - r.rssBefore),
          heapGrowthMB: mb(r.heapPeak - r.heapBefore),
          writerHeapMB: mb(r.writerPeak ?? 0),
          warm: {
            rssGrowthMB: mb(w.rssPeak - w.rssBefore),
            heapGrowthMB: mb(w.heapPeak - w.heapBefore),
          },
          ...(b
            ? {
                before: {
                  seconds: round(b.ms / 1000),
                  rssGrowthMB: mb(b.rssPeak - b.rssBefore),
                  heapGrowthMB: mb(b.heapPeak - b.heapBefore),
                },
              }
            : {}),
        })
      }
    }
  }
  return { tickets, runs }
}

export function printExport(r: ExportBenchReport): string[] {
  const lines = [
    `export of the All view (default order) from ${r.tickets} cached tickets, each in its own process:`,
    '  format columns     rows    time   rows/s   file  peak growth: RSS, core heap + external, writer thread heap + external',
  ]
  for (const run of r.runs) {
    lines.push(
      `  ${run.format.padEnd(6)} ${run.columns.padEnd(7)} ${String(run.rows).padStart(7)} ${`${run.seconds} s`.padStart(7)} ${String(run.rowsPerSec).padStart(8)} ${`${run.fileMB} MB`.padStart(8)}  ${run.rssGrowthMB} MB, ${run.heapGrowthMB} MB, ${run.writerHeapMB} MB`,
    )
    lines.push(
      `  ${' '.repeat(22)}warm (every row read once first): RSS ${run.warm.rssGrowthMB} MB, core heap + external ${run.warm.heapGrowthMB} MB`,
    )
    if (run.before)
      lines.push(
        `  ${' '.repeat(22)}before: ${`${run.before.seconds} s`.padStart(7)} ${' '.repeat(17)}  ${run.before.rssGrowthMB} MB, ${run.before.heapGrowthMB} MB`,
      )
  }
  for (const [columns, format] of [
    ['queue', 'csv'],
    ['queue', 'xlsx'],
    ['all', 'csv'],
    ['all', 'xlsx'],
  ] as const) {
    const [small, large] = r.runs.filter((x) => x.columns === columns && x.format === format)
    if (!small || !large || small.rssGrowthMB <= 0) continue
    const ratio = (a: number, b: number): string => (b > 0 ? `${round(a / b)}x` : '-')
    lines.push(
      `  ${format} ${columns}: peak RSS growth at ${large.rows} / ${small.rows} rows ${ratio(large.rssGrowthMB, small.rssGrowthMB)}` +
        (small.before && large.before
          ? ` (before: ${ratio(large.before.rssGrowthMB, small.before.rssGrowthMB)})`
          : '') +
        `; warm ${ratio(large.warm.rssGrowthMB, small.warm.rssGrowthMB)} (${small.warm.rssGrowthMB} -> ${large.warm.rssGrowthMB} MB)`,
    )
  }
  return lines
}

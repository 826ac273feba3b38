/** `npx tsx bench/cache/run.ts [--tickets N] [--chunk N] [--json] [--dir D]`: the cache benchmark alone. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCacheBench, type CacheBenchReport } from './cache-bench'
import { arg } from '../common'

function print(r: CacheBenchReport): void {
  const lines: string[] = []
  const i = r.ingest
  const L = r.layout
  const mb = (f: { bytes: number; searchIndexBytes: number; searchIndexShare: number }): string =>
    `${(f.bytes / 1e6).toFixed(1)} MB (search index ${(f.searchIndexBytes / 1e6).toFixed(1)} MB, ${(f.searchIndexShare * 100).toFixed(1)}%)`
  lines.push(
    `cache benchmark: ${r.tickets} tickets, ${r.machine.cpus} cores, Node ${r.machine.node}, SQLite ${r.machine.sqlite}`,
  )
  lines.push(
    `load (1-min average / slowdown vs idle): ${r.machine.load.map((l) => `${l.phase} ${l.loadAverage} / ${l.slowdown}x`).join('; ')}`,
  )
  lines.push(`ingest raw:            ${i.raw.rowsPerSec} rows/s (${i.raw.dbMs} ms)`)
  lines.push(
    `ingest without search: ${i.withoutSearch.rowsPerSec} rows/s, ${i.withoutSearch.ratioToRaw}x raw; per page p99 ${i.withoutSearch.perCall.p99} max ${i.withoutSearch.perCall.max} ms`,
  )
  lines.push(
    `ingest with search (${r.chunk} per transaction):    ${i.withSearch.rowsPerSec} rows/s, ${i.withSearch.ratioToRaw}x raw, ${i.withSearch.dbMs} ms DB time; per page p99 ${i.withSearch.perCall.p99} max ${i.withSearch.perCall.max} ms; checkpointStep p99 ${i.withSearch.checkpointStep.p99} max ${i.withSearch.checkpointStep.max} ms; endBulk ${i.withSearch.endBulkMs} ms; maintenanceStep max ${i.withSearch.maintenanceStep.max} ms`,
  )
  lines.push(
    `first sync's write side, layout before migration 80 / now: DB time ${L.legacy.dbMs} / ${L.packed.dbMs} ms (${L.dbTimeRatio}x); CPU ${Math.round(L.legacy.cpuMs)} / ${Math.round(L.packed.cpuMs)} ms (${L.cpuRatio}x); longest call ${L.legacy.perCall.max} / ${L.packed.perCall.max} ms`,
    `file after it: ${mb(L.legacy.file)} / ${mb(L.packed.file)} (${L.fileRatio}x)`,
  )
  lines.push(
    `re-sync, 10% changed:  ${i.resync10pct.rowsPerSec} rows/s; per page p99 ${i.resync10pct.perCall.p99} max ${i.resync10pct.perCall.max} ms; checkpointStep p99 ${i.resync10pct.checkpointStep.p99} max ${i.resync10pct.checkpointStep.max} ms; endBulk ${i.resync10pct.endBulkMs} ms`,
  )
  lines.push(
    `longest hold (pages, steps, endBulk): first sync p99 ${i.withSearch.held.p99} max ${i.withSearch.held.max} ms; re-sync p99 ${i.resync10pct.held.p99} max ${i.resync10pct.held.max} ms`,
  )
  lines.push(
    `queue pages (count + 50 rows), all: p50 ${r.queue.all.p50} p95 ${r.queue.all.p95} p99 ${r.queue.all.p99} max ${r.queue.all.max} ms`,
  )
  const worst = [...r.queue.pages].sort((a, b) => b.ms.p95 - a.ms.p95).slice(0, 8)
  for (const q of worst) lines.push(`  slowest: ${q.name}: p50 ${q.ms.p50} p95 ${q.ms.p95} ms`)
  lines.push(
    `countViews: p50 ${r.queue.counts.ms.p50} p95 ${r.queue.counts.ms.p95} p99 ${r.queue.counts.ms.p99} ms`,
  )
  for (const s of r.search) {
    lines.push(
      `search ${s.kind} (${s.terms} terms): p50 ${s.ms.p50} p95 ${s.ms.p95} p99 ${s.ms.p99} max ${s.ms.max} ms (CPU p50 ${s.cpuMs.p50} p95 ${s.cpuMs.p95} p99 ${s.cpuMs.p99}); LIKE p50 ${s.likeMs.p50} ms (${s.ratio}x); identical: ${s.identical}${s.mismatches.length ? ' ' + s.mismatches.join(',') : ''}`,
    )
  }
  lines.push(
    `file ${(r.file.bytes / 1e6).toFixed(1)} MB, search index ${(r.file.searchIndexBytes / 1e6).toFixed(1)} MB (${(r.file.searchIndexShare * 100).toFixed(1)}%)`,
  )
  process.stdout.write(lines.join('\n') + '\n')
}

const tickets = Number(arg('--tickets') ?? 100_000)
const json = process.argv.includes('--json')
const given = arg('--dir')
const dir = given ?? mkdtempSync(join(tmpdir(), 'cache-bench-'))
try {
  const chunk = Number(arg('--chunk') ?? 100)
  const report = await runCacheBench(dir, tickets, (line) => process.stderr.write(line + '\n'), {
    chunk,
  })
  if (json) process.stdout.write(JSON.stringify(report, null, 2) + '\n')
  else print(report)
} finally {
  if (!given) rmSync(dir, { recursive: true, force: true })
}

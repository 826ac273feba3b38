/**
 * `npm run bench [-- --tickets N] [-- --json]`: the project's benchmark in one run. A sandbox in a
 * child process generates N tickets (default 100,000); one full sync fills an empty cache; then
 * the cache pieces of bench/cache (ingest vs raw, per-call hold, queue, search vs LIKE, file size)
 * run on their own copy; then the outbox (an edit on disk, 100 waiting edits sent).
 * Then what protecting the national ids at rest costs (bench/cache/protection-bench.ts: the
 * encrypted file against the plain one). Then the team overview's aggregates on the cache
 * pieces' file, and the export: N tickets to CSV and to XLSX (bench/export). `-- --only sync`,
 * `-- --only outbox`, `-- --only protection`, `-- --only overview` or `-- --only export` runs
 * that part alone (`-- --only export --before DIR` beside another checkout's code). It reports;
 * it never passes or fails.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCacheBench, type CacheBenchReport } from './cache/cache-bench'
import { printProtection, runProtectionBench } from './cache/protection-bench'
import { overviewBenchOn, printOverview } from './insights/overview-bench'
import { printExport, runExportBench } from './export/export-bench'
import { printOutbox, runOutboxBench } from './outbox/outbox-bench'
import { runSyncBench, type SyncBenchReport } from './sync/sync-bench'
import { runWorkerSyncBench, type WorkerSyncBenchReport } from './sync/worker-sync-bench'
import type { Cipher } from '../src/main/core'
import { arg, log, startSandboxChild } from './common'

const tickets = Number(arg('--tickets') ?? 100_000)
const asJson = process.argv.includes('--json')

function ms(v: number): string {
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`
}

function printSync(r: SyncBenchReport): string[] {
  const b = r.breakdown
  const lines = [
    `full sync of ${r.tickets} tickets: ${ms(r.wallMs)} wall; ${r.summary.inserted} inserted, ${r.summary.pages} ticket pages`,
    `  requests: ${r.requests.engine} by the engine, ${r.requests.server} seen by the server; minimum ${r.requests.minimum} (${r.requests.ticketPagesMinimum} ticket pages at the cap + ${r.requests.lookupPagesMinimum} lookup pages)`,
    `  main thread held by database calls: p50 ${r.dbCalls.p50} p99 ${r.dbCalls.p99} max ${r.dbCalls.max} ms over ${r.dbCalls.n} calls (${ms(r.dbCalls.totalMs)} in all)`,
  ]
  for (const [name, s] of Object.entries(r.dbCalls.byMethod))
    lines.push(`    ${name}: ${s.n} calls, p99 ${s.p99} max ${s.max} ms, ${ms(s.totalMs)} in all`)
  lines.push(
    `  event loop delay during the sync: p50 ${r.eventLoopDelayMs.p50} p99 ${r.eventLoopDelayMs.p99} max ${r.eventLoopDelayMs.max} ms`,
    `  where the time went: awaiting the API ${ms(b.apiMs)} (server + transfer alone ${ms(b.serverAndTransferMs)}; client JSON.parse ${b.clientParsePerPageMs} + validation ${b.clientValidatePerPageMs} ms a page, ~${ms(b.clientParseAndValidateEstimateMs)} in all), cache ${ms(b.dbMs)}`,
  )
  return lines
}

function printWorker(r: WorkerSyncBenchReport): string[] {
  const q = r.queryDuringSyncMs
  const c = r.countsDuringSyncMs
  return [
    `full sync in the core worker (the desktop app's arrangement): ${ms(r.wallMs)} wall`,
    `  shell (window) thread event-loop delay during it: p50 ${r.shellEventLoopDelayMs.p50} p99 ${r.shellEventLoopDelayMs.p99} max ${r.shellEventLoopDelayMs.max} ms`,
    `  a queue page while it syncs: p50 ${q.p50} p95 ${q.p95} p99 ${q.p99} max ${q.max} ms (${q.n} asked); the counts: p50 ${c.p50} p95 ${c.p95} max ${c.max} ms`,
  ]
}

function printCache(r: CacheBenchReport): string[] {
  const i = r.ingest
  const L = r.layout
  const mb = (f: { bytes: number; searchIndexBytes: number; searchIndexShare: number }): string =>
    `${(f.bytes / 1e6).toFixed(1)} MB (search index ${(f.searchIndexBytes / 1e6).toFixed(1)} MB, ${(f.searchIndexShare * 100).toFixed(1)}%)`
  const lines = [
    `cache: ${r.tickets} tickets, ${r.machine.cpus} cores, Node ${r.machine.node}, SQLite ${r.machine.sqlite}`,
    `  ingest raw:            ${i.raw.rowsPerSec} rows/s (${ms(i.raw.dbMs)})`,
    `  ingest without search: ${i.withoutSearch.rowsPerSec} rows/s, ${i.withoutSearch.ratioToRaw}x raw; per page p99 ${i.withoutSearch.perCall.p99} max ${i.withoutSearch.perCall.max} ms`,
    `  ingest with search:    ${i.withSearch.rowsPerSec} rows/s, ${i.withSearch.ratioToRaw}x raw, ${ms(i.withSearch.dbMs)} DB time; per page p99 ${i.withSearch.perCall.p99} max ${i.withSearch.perCall.max} ms; endBulk ${i.withSearch.endBulkMs} ms`,
    `  first sync's write side, layout before migration 80 / now: DB time ${ms(L.legacy.dbMs)} / ${ms(L.packed.dbMs)} (${L.dbTimeRatio}x); CPU ${Math.round(L.legacy.cpuMs)} / ${Math.round(L.packed.cpuMs)} ms (${L.cpuRatio}x); longest call ${L.legacy.perCall.max} / ${L.packed.perCall.max} ms`,
    `  file after it: ${mb(L.legacy.file)} / ${mb(L.packed.file)} (${L.fileRatio}x)`,
    `  re-sync, 10% changed:  ${i.resync10pct.rowsPerSec} rows/s; per page p99 ${i.resync10pct.perCall.p99} max ${i.resync10pct.perCall.max} ms`,
    `  queue pages (count + 50 rows), all: p50 ${r.queue.all.p50} p95 ${r.queue.all.p95} p99 ${r.queue.all.p99} max ${r.queue.all.max} ms`,
  ]
  const worst = [...r.queue.pages].sort((a, b) => b.ms.p95 - a.ms.p95).slice(0, 5)
  for (const q of worst) lines.push(`    slowest: ${q.name}: p50 ${q.ms.p50} p95 ${q.ms.p95} ms`)
  lines.push(
    `  countViews: p50 ${r.queue.counts.ms.p50} p95 ${r.queue.counts.ms.p95} p99 ${r.queue.counts.ms.p99} ms`,
  )
  for (const s of r.search)
    lines.push(
      `  search ${s.kind} (${s.terms} terms): p50 ${s.ms.p50} p95 ${s.ms.p95} p99 ${s.ms.p99} max ${s.ms.max} ms (CPU p50 ${s.cpuMs.p50} p95 ${s.cpuMs.p95} p99 ${s.cpuMs.p99}); LIKE p50 ${s.likeMs.p50} ms (${s.ratio}x); identical: ${s.identical}`,
    )
  lines.push(
    `  file ${(r.file.bytes / 1e6).toFixed(1)} MB, search index ${(r.file.searchIndexBytes / 1e6).toFixed(1)} MB (${(r.file.searchIndexShare * 100).toFixed(1)}%)`,
  )
  return lines
}

const dir = mkdtempSync(join(tmpdir(), 'agent-console-bench-'))
if (arg('--only') === 'outbox') {
  try {
    const outbox = await runOutboxBench(dir, log)
    process.stdout.write(
      asJson ? JSON.stringify({ outbox }) + '\n' : printOutbox(outbox).join('\n') + '\n',
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  process.exit(0)
}
if (arg('--only') === 'protection') {
  try {
    // `--ciphers aegis-256,sqlcipher,chacha20`: which encrypted variants to write (default: the app's
    // and the previous one, aes256cbc).
    const ciphers = arg('--ciphers')?.split(',') as Cipher[] | undefined
    const protection = await runProtectionBench(dir, tickets, log, ciphers ? { ciphers } : {})
    const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown' }
    process.stdout.write(
      asJson
        ? JSON.stringify({ machine, protection }) + '\n'
        : printProtection(protection).join('\n') + '\n',
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  process.exit(0)
}
if (arg('--only') === 'overview') {
  try {
    const overview = overviewBenchOn(dir, tickets, log)
    process.stdout.write(
      asJson ? JSON.stringify({ overview }) + '\n' : printOverview(overview).join('\n') + '\n',
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  process.exit(0)
}
if (arg('--only') === 'export') {
  try {
    const exported = await runExportBench(dir, tickets, log, arg('--before'))
    process.stdout.write(
      asJson
        ? JSON.stringify({ export: exported }) + '\n'
        : printExport(exported).join('\n') + '\n',
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  process.exit(0)
}
let sandbox: { url: string; stop: () => void } | null = null
if (arg('--only') === 'sync') {
  // The two first syncs alone (in this thread, then in the core worker as the app runs it).
  try {
    sandbox = await startSandboxChild(tickets)
    const sync = await runSyncBench(sandbox.url, dir, log)
    const worker = await runWorkerSyncBench(sandbox.url, dir, log)
    process.stdout.write(
      asJson
        ? JSON.stringify({ sync, worker }) + '\n'
        : [...printSync(sync), ...printWorker(worker)].join('\n') + '\n',
    )
  } finally {
    sandbox?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  process.exit(0)
}
try {
  log(`starting the sandbox with ${tickets} tickets...`)
  sandbox = await startSandboxChild(tickets)
  log('full sync...')
  const sync = await runSyncBench(sandbox.url, dir, log)
  log('full sync with the core in a worker thread, as the desktop app runs it...')
  const worker = await runWorkerSyncBench(sandbox.url, dir, log)
  sandbox.stop()
  sandbox = null
  log('cache pieces...')
  const cache = await runCacheBench(dir, tickets, log)
  const overview = overviewBenchOn(dir, tickets, log)
  const outbox = await runOutboxBench(dir, log)
  log('protection at rest (plain file against encrypted)...')
  const protection = await runProtectionBench(dir, tickets, log)
  log('export to CSV and XLSX...')
  const exported = await runExportBench(dir, tickets, log)
  const report = {
    machine: { ...cache.machine, cpuModel: cpus()[0]?.model ?? 'unknown' },
    sync,
    worker,
    cache,
    overview,
    outbox,
    protection,
    export: exported,
  }
  if (asJson) process.stdout.write(JSON.stringify(report) + '\n')
  else
    process.stdout.write(
      [
        ...printSync(sync),
        ...printWorker(worker),
        ...printCache(cache),
        ...printOverview(overview),
        ...printOutbox(outbox),
        ...printProtection(protection),
        ...printExport(exported),
      ].join('\n') + '\n',
    )
} finally {
  sandbox?.stop()
  rmSync(dir, { recursive: true, force: true })
}

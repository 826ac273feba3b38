/**
 * The desktop app's arrangement: the core (cache, sync, client) in a worker thread, the shell's
 * thread only relaying. One full sync runs in the worker while this thread, standing in for the
 * window, measures its own event-loop delay and keeps asking for a queue page and the counts, as
 * a screen would, timing each round trip.
 */
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import type { SyncStatus } from '../../src/shared/contract/contract'
import { round, summarize, type Summary } from '../cache/stats'
import { silentLogger, startCoreWorker } from '../../src/main/core'

export interface WorkerSyncBenchReport {
  wallMs: number
  /** The shell thread (the window's): how late its timers ran while the worker synced. */
  shellEventLoopDelayMs: { p50: number; p99: number; max: number }
  /** A queue page (tickets:query) round trip while the sync runs. */
  queryDuringSyncMs: Summary
  /** The six view counts (tickets:counts) round trip while the sync runs. */
  countsDuringSyncMs: Summary
}

const workerDir = join(import.meta.dirname, '../../src/main/core/worker')

export async function runWorkerSyncBench(
  sandboxUrl: string,
  dir: string,
  log: (line: string) => void,
): Promise<WorkerSyncBenchReport> {
  const core = await startCoreWorker({
    script: join(workerDir, 'ts-worker-loader.mjs'),
    extraData: { tsEntry: new URL('file://' + join(workerDir, 'core-worker.ts')).href },
    core: {
      host: 'web',
      version: 'bench',
      dataDir: mkdtempSync(join(dir, 'worker-')),
      logLevel: 'error',
      autoSync: false,
    },
    readToken: () => null,
    storeToken: () => undefined,
    logger: silentLogger,
  })
  try {
    await core.call('connection:connect', { apiUrl: sandboxUrl })
    let done = false
    let lastLog = 0
    const finished = new Promise<void>((resolve) => {
      core.subscribe((name, payload) => {
        if (name !== 'sync:status') return
        const status = payload as SyncStatus
        const p = status.progress
        if (p?.phase === 'tickets' && (p.done - lastLog >= 200 || p.done === p.total)) {
          lastLog = p.done
          log(`  worker sync: ticket page ${p.done}/${p.total}`)
        }
        if (status.state !== 'syncing' && status.lastSyncAt) resolve()
      })
    })
    const loop = monitorEventLoopDelay({ resolution: 10 })
    loop.enable()
    const start = performance.now()
    await core.call('sync:now', {})
    const queries: number[] = []
    const counts: number[] = []
    void finished.then(() => (done = true))
    let offset = 0
    while (!done) {
      const t0 = performance.now()
      await core.call('tickets:query', { view: 'all', offset, limit: 50 })
      queries.push(performance.now() - t0)
      const t1 = performance.now()
      await core.call('tickets:counts', {})
      counts.push(performance.now() - t1)
      offset = (offset + 500) % 20_000
      await new Promise((r) => setTimeout(r, 200))
    }
    const wallMs = performance.now() - start
    loop.disable()
    const ns = (v: number): number => round(v / 1e6)
    return {
      wallMs: round(wallMs),
      shellEventLoopDelayMs: {
        p50: ns(loop.percentile(50)),
        p99: ns(loop.percentile(99)),
        max: ns(loop.max),
      },
      queryDuringSyncMs: summarize(queries),
      countsDuringSyncMs: summarize(counts),
    }
  } finally {
    await core.close()
  }
}

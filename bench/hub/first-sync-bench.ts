/**
 * `npm run bench:hub-first-sync -- [--tickets N] [--store DIR] [--before DIR] [--runs R] [--warm]
 * [--profile DIR] [--json]`:
 * a new desktop's first sync from the team hub, alone. The sandbox (its own process, N tickets,
 * seed 1, so the same floor every run), the real hub process, and once the hub's first read is
 * done, the real CLI `sync --hub-url` into a fresh cache, timed: wall, the desktop process's CPU
 * (user + system, every thread), and the requests and bytes it sent the hub (the CLI's summary).
 * `--store DIR` keeps the hub's store there (per N): a hub restarted on it serves at once, where
 * its first read of 100,000 tickets takes minutes. `--before DIR` is another checkout (its own
 * src/cli, node_modules linked) whose CLI runs against the same hub in the same run, so the
 * ratio is side by side. `--warm` times one sync first (the first desktop of the morning, which
 * may wait for the hub to build its snapshot) and then the timed ones. It reports; it never fails.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { HubHttp, openCache } from '../../src/main/core'
import { SNAPSHOT_FORM_ROWS } from '../../src/shared/hub/protocol'
import { ROOT, runCli, startHubChild } from './processes'
import { arg, log, sleep, startSandboxChild } from '../common'

const TICKETS = Number(arg('--tickets') ?? 20_000)
const RUNS = Number(arg('--runs') ?? 1)
const BEFORE = arg('--before')
const STORE = arg('--store')
/** A V8 CPU profile of the desktop's sync (the "after" build) is written to this folder. */
const PROFILE = arg('--profile')
const asJson = process.argv.includes('--json')
/** One first sync of the "after" build before the timed ones: the first desktop of the morning. */
const WARM = process.argv.includes('--warm')
const HUB_TOKEN = 'bench-hub'
const load1 = (): number => Math.round(loadavg()[0]! * 100) / 100

interface Run {
  build: string
  wallS: number
  cpuS: number
  requests: number
  bytes: number
  tickets: number
  load: number
}

/** The CLI of `root` syncing into a fresh cache through the hub. */
async function firstSync(root: string, build: string, hubUrl: string, api: string, db: string): Promise<Run> {
  const nodeArgs = PROFILE && build === 'after' ? ['--cpu-prof', '--cpu-prof-dir', resolve(PROFILE)] : []
  const run = await runCli(
    ['sync', '--api-url', api, '--hub-url', hubUrl, '--db', db],
    'bench-new-desktop',
    { root, nodeArgs },
  )
  const summary = run.json as Record<string, number>
  return {
    build,
    wallS: run.wallMs / 1000,
    cpuS: run.cpuS,
    requests: summary['requests'] ?? NaN,
    bytes: summary['bytes'] ?? NaN,
    tickets: summary['tickets'] ?? NaN,
    load: load1(),
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-first-sync-'))
  const storeDir = STORE ? resolve(STORE, String(TICKETS)) : dir
  mkdirSync(storeDir, { recursive: true })
  const hubDb = join(storeDir, 'hub.sqlite')
  log(existsSync(hubDb) ? `hub store kept in ${storeDir}` : `hub store new in ${storeDir}`)
  const sandbox = await startSandboxChild(TICKETS, 0.05)
  const api = `${sandbox.url}/api/v1`
  const hub = await startHubChild(
    ['--api-url', api, '--db', hubDb, '--port', '0', '--pace-page-ms', '0'],
    HUB_TOKEN,
  )
  try {
    const watcher = new HubHttp({ baseUrl: hub.url, token: () => 'bench-watcher' })
    const t0 = performance.now()
    for (;;) {
      const health = await watcher.health().catch(() => null)
      if (health?.tiers.all.ok === true) break
      if (performance.now() - t0 > 60 * 60_000) throw new Error("the hub's first read did not end")
      await sleep(200)
    }
    log(`hub ready after ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${load1()})`)
    // The hub builds its rows snapshot once its first read is done; the floor is timed after.
    const probe = openCache(join(dir, 'probe.sqlite'), { key: Buffer.alloc(32, 1) }).cache
    const schema = probe.snapshotRows()?.schema
    probe.close()
    const b0 = performance.now()
    for (;;) {
      const res = await fetch(`${hub.url}/hub/v1/snapshot?form=${SNAPSHOT_FORM_ROWS}&schema=${schema}`, {
        headers: { authorization: 'Bearer bench-watcher' },
      })
      // The rows build is sent whole, with its length; the ticket form streams without one.
      const rows = res.status === 200 && res.headers.get('content-length') !== null
      await res.body?.cancel()
      if (rows) break
      await sleep(2000)
    }
    log(`hub's rows snapshot ready ${((performance.now() - b0) / 1000).toFixed(1)} s later (load ${load1()})`)
    const builds: [string, string][] = [['after', ROOT]]
    if (BEFORE) builds.unshift(['before', resolve(BEFORE)])
    const runs: Run[] = []
    if (WARM) {
      const run = await firstSync(ROOT, 'after', hub.url, api, join(dir, 'warm.sqlite'))
      runs.push({ ...run, build: 'first desktop (after)' })
      log(`first desktop (after): ${run.tickets} tickets in ${run.wallS.toFixed(1)} s wall, ${run.cpuS.toFixed(1)} s CPU (load ${run.load})`)
      rmSync(join(dir, 'warm.sqlite'), { force: true })
    }
    for (let r = 0; r < RUNS; r++) {
      for (const [build, root] of builds) {
        const db = join(dir, `${build}-${r}.sqlite`)
        const run = await firstSync(root, build, hub.url, api, db)
        runs.push(run)
        rmSync(db, { force: true })
        rmSync(db + '.key', { force: true })
        log(
          `${build}: ${run.tickets} tickets in ${run.wallS.toFixed(1)} s wall, ${run.cpuS.toFixed(1)} s CPU, ` +
            `${run.requests} hub requests, ${(run.bytes / 1e6).toFixed(1)} MB (load ${run.load})`,
        )
      }
    }
    if (asJson) process.stdout.write(JSON.stringify({ tickets: TICKETS, runs }) + '\n')
    else {
      const best = (build: string): Run | undefined =>
        runs.filter((x) => x.build === build).sort((a, b) => a.wallS - b.wallS)[0]
      const a = best('after')
      const b = best('before')
      if (a && b) {
        log(`before/after (best of ${RUNS}): wall ${(b.wallS / a.wallS).toFixed(2)}x, CPU ${(b.cpuS / a.cpuS).toFixed(2)}x`)
      }
    }
  } finally {
    hub.child.kill('SIGTERM')
    sandbox.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()

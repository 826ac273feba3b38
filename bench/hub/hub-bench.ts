/**
 * `npm run bench:hub [-- --tickets N] [--desktops D] [--seconds S] [--change-every S]
 * [--direct-json FILE] [--json]`: the team hub under a floor of desktops, beside "every desktop
 * direct", in one run. The sandbox (its own process, N tickets, 5% open) sits behind a counting
 * proxy (vendor-proxy.ts), so every vendor request and byte is seen by sender and kind; the real
 * hub process reads it with its real tiers (new tickets every 30 s, open tickets every 110 s);
 * a new desktop's first sync is the real CLI, once from the vendor and once from the hub; then D
 * light desktops follow the live stream (followers.ts) while, for S seconds of REAL time, the
 * bench makes a change every few seconds, in turn: a change made in a console (the vendor write,
 * then the desktop's `touched`), a new ticket made outside, an outside change to an open ticket.
 * Real time, not simulated: the hub is a process of its own with its own clock. The hub's hourly
 * lookups and daily sweep cannot fit in the window: their hourly cost is what one run of each
 * costs (counted during the hub's first sync) times its frequency. It reports; it never fails.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { HubHttp } from '../../src/main/core'
import { SandboxControl } from '../../src/sandbox/control-client'
import { summarize } from '../cache/stats'
import { directRate } from './direct-rate'
import { follow, type Follower } from './followers'
import { procUsage, runCli, startHubChild } from './processes'
import { report, type BenchResult, type Lag } from './report'
import { KIND, startVendorProxy } from './vendor-proxy'
import { arg, log, sleep, startSandboxChild } from '../common'

const TICKETS = Number(arg('--tickets') ?? 100_000)
const DESKTOPS = Number(arg('--desktops') ?? 1_000)
// Three periods of the open tier (110 s), eleven of the new tier (30 s): whole runs of each.
const SECONDS = Number(arg('--seconds') ?? 330)
const CHANGE_EVERY_MS = Number(arg('--change-every') ?? 5) * 1000
const asJson = process.argv.includes('--json')
const HUB_TOKEN = 'bench-hub'
/** The hub's tiers as it runs by default (README "What the vendor sees"). */
const NEW_MS = 30_000
const OPEN_MS = 110_000
const LOOKUPS_PER_HOUR = 1
const SWEEPS_PER_HOUR = 1 / 24
const load1 = (): number => Math.round(loadavg()[0]! * 100) / 100

async function waitFor(what: string, ok: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms
  while (!(await ok())) {
    if (Date.now() > until) {
      log(`(gave up waiting for ${what})`)
      return false
    }
    await sleep(100)
  }
  return true
}

type ChangeKind = 'console' | 'newOutside' | 'openOutside'
interface Made {
  kind: ChangeKind
  at: number
}

async function main(): Promise<void> {
  const direct = directRate(arg('--direct-json'))
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-'))
  const sandbox = await startSandboxChild(TICKETS, 0.05)
  const control = new SandboxControl(sandbox.url)
  const proxy = await startVendorProxy(sandbox.url, HUB_TOKEN)
  const api = `${proxy.url}/api/v1`
  const t0 = performance.now()
  const hub = await startHubChild(
    // The first read unpaced (as `sync` reads); the daily sweep's pages are counted, not timed.
    ['--api-url', api, '--db', join(dir, 'hub.sqlite'), '--port', '0', '--pace-page-ms', '0'],
    HUB_TOKEN,
  )
  const followers: Follower[] = []
  try {
    const watcher = new HubHttp({ baseUrl: hub.url, token: () => 'bench-watcher' })
    await waitFor(
      "the hub's first full sync",
      async () => (await watcher.health().catch(() => null))?.tiers.all.lastSyncAt != null,
      60 * 60_000,
    )
    const hubFirst = { seconds: (performance.now() - t0) / 1000, load: load1(), ...proxy.total('hub') }
    const perRun = {
      lookups: proxy.total('hub', (k) => k === KIND.lookups).requests,
      lookupsBytes: proxy.total('hub', (k) => k === KIND.lookups).bytes,
      sweep: proxy.total('hub', (k) => k === KIND.sweep).requests,
      sweepBytes: proxy.total('hub', (k) => k === KIND.sweep).bytes,
    }
    log(`hub's first full sync: ${hubFirst.seconds.toFixed(1)} s, ${hubFirst.requests} vendor requests (load ${hubFirst.load})`)

    // A new desktop's first sync, with the real CLI: from the vendor, then from the hub.
    const fromVendor = await runCli(['sync', '--api-url', api, '--db', join(dir, 'direct.sqlite')], 'bench-direct')
    const fromVendorLoad = load1()
    log(`first sync from the vendor: ${(fromVendor.wallMs / 1000).toFixed(1)} s (load ${fromVendorLoad})`)
    const fromHub = await runCli(
      ['sync', '--api-url', api, '--hub-url', hub.url, '--db', join(dir, 'from-hub.sqlite')],
      'bench-new-desktop',
    )
    const fromHubLoad = load1()
    const newDesktopVendor = proxy.byKind('bench-new-desktop')
    log(`first sync from the hub: ${(fromHub.wallMs / 1000).toFixed(1)} s (load ${fromHubLoad})`)

    // The floor connects at the head; a desktop "away" keeps the head's cursor for the end.
    const head = (await watcher.health()).head
    const c0 = performance.now()
    for (let i = 0; i < DESKTOPS; i++) followers.push(follow(hub.url, `bench-desktop-${i}`, head))
    await waitFor('every stream to open', () => followers.every((f) => f.connected), 30 * 60_000)
    const connectS = (performance.now() - c0) / 1000
    log(`${DESKTOPS} streams open in ${connectS.toFixed(1)} s (load ${load1()})`)

    // The window: counts restart; a change every CHANGE_EVERY_MS, the three kinds in turn.
    const touchedBefore = ((await watcher.health()).vendorTraffic?.rereads ?? 0)
    const consoleDesktop = new HubHttp({ baseUrl: hub.url, token: () => 'bench-desktop-0' })
    // Open tickets to change: enough that no ticket is changed twice before the hub read it.
    const opens: number[] = []
    for (const { id } of await control.listTickets()) {
      if (opens.length >= 200) break
      const t = await control.getTicket(id)
      if (t && (t.status === 0 || t.status === 1)) opens.push(id)
    }
    proxy.reset()
    const cpuStart = procUsage(hub.child.pid!)
    // This process runs every light desktop: when it is saturated, an arrival is recorded late
    // however fast the hub wrote it, so its own load is reported beside the fan-out.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 })
    loopDelay.enable()
    const ownCpu0 = process.cpuUsage()
    let rssMax = cpuStart.rssMb
    const w0 = performance.now()
    const made = new Map<number, Made>()
    let n = 0
    while (performance.now() - w0 < SECONDS * 1000) {
      const kind: ChangeKind = (['console', 'newOutside', 'openOutside'] as const)[n % 3]!
      const marker = `bench#${n}`
      const id = opens[n % opens.length]!
      if (kind === 'newOutside') {
        await control.createTicket({ subject: `${marker} new`, content: marker })
        made.set(n, { kind, at: performance.now() })
      } else {
        await control.updateTicket(id, { status_memo: marker })
        made.set(n, { kind, at: performance.now() })
        if (kind === 'console') {
          // What a desktop does once its outbox applied the write.
          await consoleDesktop.touched({ ids: [id], by: { employeeId: 1, name: 'bench' } })
        }
      }
      rssMax = Math.max(rssMax, procUsage(hub.child.pid!).rssMb)
      n++
      await sleep(CHANGE_EVERY_MS)
    }
    const windowH = (performance.now() - w0) / 3_600_000
    loopDelay.disable()
    const ownCpu = process.cpuUsage(ownCpu0)
    const ms = (ns: number): string => (ns / 1e6).toFixed(0)
    log(
      `the desktops' process over the window: ${(((ownCpu.user + ownCpu.system) / 1e6 / (windowH * 3600)) * 100).toFixed(0)}% of a core, ` +
        `event-loop delay p50 ${ms(loopDelay.percentile(50))} ms, p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms (load ${load1()})`,
    )
    const cpuEnd = procUsage(hub.child.pid!)
    const vendorWindow = proxy.byKind('hub')
    const tokenChecksWindow = proxy.total('desktop', (k) => k === KIND.tokenCheck)
    const touchedReads = ((await watcher.health()).vendorTraffic?.rereads ?? 0) - touchedBefore
    // Let the last changes land: the open tier's period and one run at most.
    await waitFor(
      'the last changes on every desktop',
      () => [...made.keys()].every((m) => followers.every((f) => f.arrivals.has(m))),
      OPEN_MS + 90_000,
    )

    const lag = (kind: ChangeKind): Lag => {
      const all: number[] = []
      let missing = 0
      let changes = 0
      for (const [m, c] of made) {
        if (c.kind !== kind) continue
        changes++
        for (const f of followers) {
          const got = f.arrivals.get(m)
          if (got === undefined) missing++
          else all.push((got - c.at) / 1000)
        }
      }
      return { ...summarize(all), changes, missing }
    }
    // The fan-out alone: from a change's first arrival on any desktop to its arrival on each.
    const fan: number[] = []
    for (const m of made.keys()) {
      const times = followers.map((f) => f.arrivals.get(m)).filter((t): t is number => t !== undefined)
      if (times.length === 0) continue
      const first = Math.min(...times)
      for (const t of times) fan.push((t - first) / 1000)
    }

    // A desktop away since the window began catches up from the head's cursor.
    const away = new HubHttp({ baseUrl: hub.url, token: () => 'bench-away' })
    const a0 = performance.now()
    let cursor = head
    let awayChanges = 0
    for (;;) {
      const page = await away.changes(cursor, 1000)
      awayChanges += page.changes.length
      cursor = page.cursor
      if (!page.more) break
    }
    const awayS = (performance.now() - a0) / 1000
    const awayWindowH = (a0 - w0) / 3_600_000

    const result: BenchResult = {
      machine: { load1AtEnd: load1(), note: '2 cores, shared with other helpers' },
      tickets: TICKETS,
      desktops: DESKTOPS,
      windowSeconds: Math.round(windowH * 3600),
      changesMade: made.size,
      direct,
      hubWindow: Object.fromEntries(
        [...vendorWindow].map(([k, t]) => [k, { requests: t.requests, bytes: t.bytes }]),
      ),
      perRun,
      hourly: { lookups: LOOKUPS_PER_HOUR, sweeps: SWEEPS_PER_HOUR },
      touchedReads,
      tokenChecksWindow: tokenChecksWindow.requests,
      hubFirst,
      newDesktop: {
        fromVendor: { ...fromVendor, load: fromVendorLoad },
        fromHub: { ...fromHub, load: fromHubLoad },
        vendorRequestsFromHubPath: Object.fromEntries(
          [...newDesktopVendor].map(([k, t]) => [k, t.requests]),
        ),
      },
      connectSeconds: connectS,
      lagSeconds: {
        console: lag('console'),
        newOutside: lag('newOutside'),
        openOutside: lag('openOutside'),
      },
      fanOutSeconds: summarize(fan),
      hub: {
        rssMbEnd: cpuEnd.rssMb,
        rssMbMax: Math.max(rssMax, cpuEnd.rssMb),
        cpuShare: (cpuEnd.cpuS - cpuStart.cpuS) / (windowH * 3600),
      },
      away: {
        windowSeconds: Math.round(awayWindowH * 3600),
        seconds: awayS,
        bytes: away.traffic().bytes,
        requests: away.traffic().requests,
        changes: awayChanges,
        hourFactor: 1 / awayWindowH,
      },
      intervals: { newMs: NEW_MS, openMs: OPEN_MS, changeEveryMs: CHANGE_EVERY_MS },
    }
    report(result, asJson, log)
  } finally {
    for (const f of followers) f.close()
    hub.child.kill('SIGTERM')
    sandbox.stop()
    proxy.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()

/**
 * The hub bench's report: "every desktop direct" beside "through the hub", side by side, as text
 * on stderr (and with --json, everything as JSON on stdout too).
 */
import type { summarize } from '../cache/stats'
import type { DirectRate } from './direct-rate'
import { KIND, type Tally } from './vendor-proxy'

export type Lag = ReturnType<typeof summarize> & { changes: number; missing: number }

interface FirstSync {
  json: Record<string, unknown>
  wallMs: number
  load: number
}

export interface BenchResult {
  machine: { load1AtEnd: number; note: string }
  tickets: number
  desktops: number
  windowSeconds: number
  changesMade: number
  direct: DirectRate
  /** The hub's vendor traffic in the window, by kind. */
  hubWindow: Record<string, Tally>
  /** One lookups run's and one full sweep's requests and bytes (counted in the first sync). */
  perRun: { lookups: number; lookupsBytes: number; sweep: number; sweepBytes: number }
  hourly: { lookups: number; sweeps: number }
  /** Re-reads the hub made for desktops' writes in the window. */
  touchedReads: number
  tokenChecksWindow: number
  hubFirst: { seconds: number; load: number; requests: number; bytes: number }
  newDesktop: {
    fromVendor: FirstSync
    fromHub: FirstSync
    vendorRequestsFromHubPath: Record<string, number>
  }
  connectSeconds: number
  lagSeconds: { console: Lag; newOutside: Lag; openOutside: Lag }
  fanOutSeconds: ReturnType<typeof summarize>
  hub: { rssMbEnd: number; rssMbMax: number; cpuShare: number }
  away: {
    windowSeconds: number
    seconds: number
    bytes: number
    requests: number
    changes: number
    hourFactor: number
  }
  intervals: { newMs: number; openMs: number; changeEveryMs: number }
}

/** The hub's reads that keep the floor fresh, an hour, by kind (what N desktops share). */
export function floorPerHour(r: BenchResult): Record<string, Tally> {
  const perHour = 3600 / r.windowSeconds
  const w = (k: string): Tally => r.hubWindow[k] ?? { requests: 0, bytes: 0 }
  const rate = (t: Tally): Tally => ({
    requests: Math.round(t.requests * perHour),
    bytes: Math.round(t.bytes * perHour),
  })
  const byId = w(KIND.byId)
  const tierById = byId.requests - r.touchedReads
  const share = byId.requests > 0 ? tierById / byId.requests : 0
  return {
    [KIND.newTier]: rate(w(KIND.newTier)),
    [KIND.openTier]: rate(w(KIND.openTier)),
    [KIND.closedLastDay]: rate(w(KIND.closedLastDay)),
    'open tier: re-reads by id': rate({ requests: tierById, bytes: byId.bytes * share }),
    'lookups (one run an hour)': {
      requests: Math.round(r.perRun.lookups * r.hourly.lookups),
      bytes: Math.round(r.perRun.lookupsBytes * r.hourly.lookups),
    },
    'daily sweep (one a day)': {
      requests: Math.round(r.perRun.sweep * r.hourly.sweeps),
      bytes: Math.round(r.perRun.sweepBytes * r.hourly.sweeps),
    },
  }
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
const lagText = (l: Lag): string =>
  `p50 ${l.p50.toFixed(2)} s  p95 ${l.p95.toFixed(2)} s  max ${l.max.toFixed(2)} s  ` +
  `(${l.changes} changes x desktops = ${l.n}${l.missing ? `, ${l.missing} never arrived` : ''})`

export function report(r: BenchResult, asJson: boolean, log: (line: string) => void): void {
  const floor = floorPerHour(r)
  const floorTotal = Object.values(floor).reduce(
    (t, f) => ({ requests: t.requests + f.requests, bytes: t.bytes + f.bytes }),
    { requests: 0, bytes: 0 },
  )
  const consoleWrites = r.lagSeconds.console.changes
  const team = [10, 100, 1000].map((d) => ({
    desktops: d,
    directRequests: Math.round(d * r.direct.requestsPerHour),
    directBytes: d * r.direct.bytesPerHourGzip,
    hubFloorRequests: floorTotal.requests,
    hubFloorBytes: floorTotal.bytes,
    hubTokenChecksAtMost: d,
  }))
  if (asJson) {
    process.stdout.write(JSON.stringify({ ...r, floorPerHour: floor, floorTotal, team }, null, 2) + '\n')
  }
  log(`\n== bench:hub: ${r.tickets} tickets (5% open), ${r.desktops} desktops, window ${r.windowSeconds} s, ${r.changesMade} changes ==`)
  log(`direct side: one desktop's rate (${r.direct.source}) x N; hub side: measured through the counting proxy`)
  log('\nvendor requests an hour for the team          direct                 through the hub')
  for (const t of team)
    log(
      `  ${String(t.desktops).padStart(5)} desktops  ${String(t.directRequests).padStart(9)} req ${mb(t.directBytes).padStart(10)}` +
        `   ${String(t.hubFloorRequests).padStart(6)} floor reads ${mb(t.hubFloorBytes).padStart(8)}` +
        `  + token checks <= ${t.hubTokenChecksAtMost}  + 1 re-read per console write`,
    )
  log('\nthe hub\'s floor reads an hour, by kind (the same whatever the number of desktops):')
  for (const [k, t] of Object.entries(floor))
    log(`  ${String(t.requests).padStart(7)} req ${mb(t.bytes).padStart(9)}  ${k}`)
  log(`  ${String(floorTotal.requests).padStart(7)} req ${mb(floorTotal.bytes).padStart(9)}  total (target <= 2,000)`)
  log('one desktop direct, an hour, by kind:')
  for (const [k, n] of Object.entries(r.direct.requestsPerHourByKind)) log(`  ${String(n).padStart(7)} req  ${k}`)
  log(
    `apart: ${r.touchedReads} re-reads for ${consoleWrites} console writes in the window; ` +
      `${r.tokenChecksWindow} token checks in the window (each token at most once an hour after its first)`,
  )
  log('\ntime until a change is on the other desktops (every desktop, real time):')
  log(`  made in a console             ${lagText(r.lagSeconds.console)}   target p95 <= 2 s`)
  log(`  new ticket made outside       ${lagText(r.lagSeconds.newOutside)}   target p95 <= 30 s`)
  log(`  outside change, open ticket   ${lagText(r.lagSeconds.openOutside)}   target p95 <= 120 s`)
  log(`  (hub tiers: new every ${s(r.intervals.newMs)}, open every ${s(r.intervals.openMs)}; anything else: the daily sweep)`)
  log(
    `\n${r.desktops} connected desktops: hub RSS ${r.hub.rssMbEnd} MB (max ${r.hub.rssMbMax} MB), ` +
      `CPU ${(r.hub.cpuShare * 100).toFixed(1)}% of a core over the window; fan-out p50 ${r.fanOutSeconds.p50.toFixed(3)} s ` +
      `p95 ${r.fanOutSeconds.p95.toFixed(3)} s max ${r.fanOutSeconds.max.toFixed(3)} s; all streams open in ${r.connectSeconds.toFixed(1)} s`,
  )
  const v = r.newDesktop.fromVendor
  const h = r.newDesktop.fromHub
  log('\na new desktop\'s first sync (real CLI `sync`, wall time of the process):')
  log(`  from the vendor  ${s(v.wallMs)} (in-process ${s(Number(v.json.durationMs))}), ${String(v.json.requests)} vendor requests, ${mb(Number(v.json.bytes))} (load ${v.load})`)
  log(
    `  from the hub     ${s(h.wallMs)} (in-process ${s(Number(h.json.durationMs))}), vendor: ${JSON.stringify(r.newDesktop.vendorRequestsFromHubPath)}, ` +
      `${String(h.json.requests)} hub requests, ${mb(Number(h.json.bytes))} (load ${h.load})   target <= 15 s, 0 listing requests`,
  )
  log(`  (the hub's own first read: ${r.hubFirst.seconds.toFixed(1)} s, ${r.hubFirst.requests} requests, ${mb(r.hubFirst.bytes)}, load ${r.hubFirst.load})`)
  const a = r.away
  log(
    `\na desktop away for the window (${a.windowSeconds} s): ${a.changes} changes in ${a.requests} requests, ` +
      `${(a.bytes / 1e3).toFixed(0)} KB, ${a.seconds.toFixed(2)} s; an hour at this rate ~${Math.round(a.changes * a.hourFactor)} changes, ` +
      `~${mb(a.bytes * a.hourFactor)}`,
  )
  log(`load average at the end: ${r.machine.load1AtEnd} (${r.machine.note})`)
}

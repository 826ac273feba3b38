/**
 * `npm run bench:load [-- --tickets N] [--open-share F] [--hours H] [--change-every S] [--json]`:
 * the load benchmark of the tiered sync. A sandbox in a child process holds N
 * tickets (default 100,000, 5% open); another agent changes tickets at a steady rate (updates to
 * open, mine and old closed tickets, resolutions, creates, deletes); the real engine with the real client
 * and a real cache file runs on a simulated clock: waits are jumped over, the real time the work
 * takes is added to it, and the sandbox's clock is pinned to it, so server times move too.
 *
 * The engine runs for `--hours` of simulated time (default 25, so that the day's paced sweep is
 * inside the window). The periodic full sweep it replaced was measured beside it until it was
 * removed; those numbers stay in the README as history. Reported: requests and
 * bytes per hour (as received, gzip; and the same JSON uncompressed), and for each change the
 * time until the cache had it (p50, p95, max) per tier; the first sync's and one hot sync's wall
 * time; the requests per hour by kind (request-ledger.ts) and the load average beside each wall
 * time. It reports; it never passes or fails.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { SandboxControl } from '../../src/sandbox/control-client'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import { addSeconds, serverNow } from '../../src/shared/domain/server-time'
import { summarize } from '../cache/stats'
import { requestLedger, type Ledger } from './request-ledger'
import {
  createVendorClient,
  openCache,
  silentLogger,
  SyncEngine,
  type Clock,
  type TicketCache,
  type VendorClient,
} from '../../src/main/core'
import { arg, log, sleep, startSandboxChild } from '../common'

const TICKETS = Number(arg('--tickets') ?? 100_000)
const OPEN_SHARE = Number(arg('--open-share') ?? 0.05)
const HOURS = Number(arg('--hours') ?? 25)
const CHANGE_EVERY_MS = Number(arg('--change-every') ?? 20) * 1000
const asJson = process.argv.includes('--json')
const ZONE = 'Asia/Taipei'

/** The simulated clock: timers fire in order when the driver says; time only moves then. */
class SimClock {
  private time: number
  private seq = 0
  private readonly timers = new Map<number, { at: number; fn: () => void }>()
  constructor(start: number) {
    this.time = start
  }
  now(): number {
    return this.time
  }
  add(fn: () => void, ms: number): number {
    const handle = ++this.seq
    this.timers.set(handle, { at: this.time + Math.max(0, ms), fn })
    return handle
  }
  remove(handle: number): void {
    this.timers.delete(handle)
  }
  advance(ms: number): void {
    this.time += ms
  }
  /** Jumps to the earliest timer due by `until` and fires it; its time, or null. */
  fireNext(until: number): number | null {
    let next: [number, { at: number; fn: () => void }] | null = null
    for (const entry of this.timers) if (!next || entry[1].at < next[1].at) next = entry
    if (!next || next[1].at > until) return null
    this.timers.delete(next[0])
    this.time = Math.max(this.time, next[1].at)
    next[1].fn()
    return this.time
  }
}

/** One engine's view of the shared clock, counting its own pending timers (idle or waiting). */
function engineClock(sim: SimClock): Clock & { pending: () => number } {
  const mine = new Set<number>()
  return {
    now: () => new Date(sim.now()),
    setTimeout: (fn, ms) => {
      const h = sim.add(() => {
        mine.delete(h)
        fn()
      }, ms)
      mine.add(h)
      return h
    },
    clearTimeout: (h) => {
      mine.delete(h as number)
      sim.remove(h as number)
    },
    pending: () => mine.size,
  }
}

type Tier = 'mine' | 'hot' | 'cold'
interface Change {
  kind: 'update' | 'create' | 'delete'
  tier: Tier
  id: number
  marker: string | null
  at: number
}

interface Side {
  engine: SyncEngine
  cache: TicketCache
  client: VendorClient
  ledger: Ledger
  clock: ReturnType<typeof engineClock>
  dir: string
  outstanding: Change[]
  arrivals: Record<Tier, number[]>
  dirty: boolean
}

async function rawListing(apiBase: string, query: string): Promise<Ticket[]> {
  const all: Ticket[] = []
  for (let page = 1; ; page++) {
    const res = await fetch(`${apiBase}/ticket?${query}&page=${page}&per_page=100`, {
      headers: { accept: 'application/json' },
    })
    const body = (await res.json()) as { data: Ticket[]; meta: { last_page: number } }
    all.push(...body.data)
    if (page >= body.meta.last_page) return all
  }
}

/** A small seeded generator, so runs repeat. */
function lcg(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
}

/** The 1-minute load average, reported beside each wall time (the machine is shared). */
const load1 = (): number => Math.round(loadavg()[0]! * 100) / 100

async function main(): Promise<void> {
  const started = performance.now()
  log(`sandbox: ${TICKETS} tickets, ${OPEN_SHARE * 100}% open ...`)
  const sandbox = await startSandboxChild(TICKETS, OPEN_SHARE)
  const apiBase = sandbox.url + '/api/v1'
  const control = new SandboxControl(sandbox.url)
  const sim = new SimClock(Date.now())
  const pin = (): Promise<unknown> => control.setClock(serverNow(ZONE, new Date(sim.now())))
  await pin()

  // Who "me" is: the employee with the most open tickets.
  const open = await rawListing(apiBase, 'statuses[]=0&statuses[]=1')
  const byHandler = new Map<number, number>()
  for (const t of open)
    if (t.handler_id != null) byHandler.set(t.handler_id, (byHandler.get(t.handler_id) ?? 0) + 1)
  const me = [...byHandler.entries()].sort((a, b) => b[1] - a[1])[0]![0]
  const openIds = new Set(open.map((t) => t.id))
  const mineIds = new Set(open.filter((t) => t.handler_id === me).map((t) => t.id))
  const allIds = (await control.listTickets()).map((t) => t.id)
  const createdAt = new Map<number, string>()
  for (const t of open) createdAt.set(t.id, t.created_at ?? '')
  // Closed tickets of the last days are hot too: their creation times decide the tier.
  const since = addSeconds(serverNow(ZONE, new Date(sim.now())), -8 * 86_400)
  for (const t of await rawListing(
    apiBase,
    `statuses[]=2&statuses[]=3&created_at__start=${encodeURIComponent(since)}`,
  ))
    createdAt.set(t.id, t.created_at ?? '')
  log(`  ${open.length} open, ${mineIds.size} of them mine (employee ${me})`)

  const makeSide = (): Side => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-console-load-'))
    const { cache } = openCache(join(dir, 'cache.sqlite'))
    const client = createVendorClient({ baseUrl: apiBase })
    const clock = engineClock(sim)
    const ledger = requestLedger(
      client,
      cache,
      () => me,
      () => addSeconds(serverNow(ZONE, new Date(sim.now())), -7 * 86_400),
    )
    const side: Side = {
      cache,
      client,
      ledger,
      clock,
      dir,
      outstanding: [],
      arrivals: { mine: [], hot: [], cold: [] },
      dirty: false,
      engine: null as unknown as SyncEngine,
    }
    side.engine = new SyncEngine({
      api: () => ledger.client,
      logger: {
        ...silentLogger,
        info: (message) => {
          if (message.startsWith('a ticket names an id the lookups do not have'))
            ledger.noteOnDemandLookups()
        },
      },
      cache,
      meId: () => me,
      clock,
      serverTimeZone: () => ZONE,
      onTicketsChanged: () => (side.dirty = true),
    })
    ledger.watch(side.engine)
    return side
  }

  /** Which outstanding changes the cache now has; their time to arrive is recorded. */
  const check = (side: Side): void => {
    if (!side.dirty || side.outstanding.length === 0) return
    side.dirty = false
    const db = side.cache.connection()
    const get = db.prepare(
      "SELECT json_extract(json, '$.status_memo') AS memo FROM ticket_json WHERE id = ?",
    )
    const now = sim.now()
    side.outstanding = side.outstanding.filter((c) => {
      const row = get.get(c.id) as { memo: string | null } | undefined
      const arrived =
        c.kind === 'delete' ? !row : c.kind === 'create' ? !!row : row?.memo === c.marker
      if (arrived) side.arrivals[c.tier].push((now - c.at) / 1000)
      return !arrived
    })
  }

  // ---- another agent, at a steady rate ----
  const random = lcg(8)
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T
  let changing: Promise<void> | null = null
  let changeCount = 0
  let sides: Side[] = []
  const tierOf = (id: number): Tier => {
    if (mineIds.has(id)) return 'mine'
    const since = addSeconds(serverNow(ZONE, new Date(sim.now())), -7 * 86_400)
    return openIds.has(id) || (createdAt.get(id) ?? '') >= since ? 'hot' : 'cold'
  }
  const oneChange = async (): Promise<void> => {
    const r = random()
    const at = sim.now()
    const marker = `load ${++changeCount}`
    let change: Change
    const openList = [...openIds]
    if (r < 0.1 && mineIds.size > 0) {
      const id = pick([...mineIds])
      await control.updateTicket(id, { status_memo: marker })
      change = { kind: 'update', tier: 'mine', id, marker, at }
    } else if (r < 0.4) {
      const id = pick(openList)
      await control.updateTicket(id, { status_memo: marker })
      change = { kind: 'update', tier: tierOf(id), id, marker, at }
    } else if (r < 0.5) {
      // Resolved: it leaves the open tickets (as many as are created, about).
      const id = pick(openList)
      const tier = tierOf(id)
      await control.updateTicket(id, { status: 2, status_memo: marker })
      openIds.delete(id)
      mineIds.delete(id)
      change = { kind: 'update', tier, id, marker, at }
    } else if (r < 0.7) {
      let id = pick(allIds)
      while (openIds.has(id)) id = pick(allIds)
      await control.updateTicket(id, { status_memo: marker })
      change = { kind: 'update', tier: tierOf(id), id, marker, at }
    } else if (r < 0.85) {
      const t = await control.createTicket({
        subject: `負載測試新單 ${changeCount}`,
        content: marker,
      })
      openIds.add(t.id)
      allIds.push(t.id)
      createdAt.set(t.id, t.created_at ?? '')
      change = { kind: 'create', tier: 'hot', id: t.id, marker: null, at }
    } else {
      const id = r < 0.95 ? pick(openList) : pick(allIds)
      const tier = tierOf(id)
      await control.deleteTicket(id).catch(() => undefined)
      openIds.delete(id)
      mineIds.delete(id)
      allIds.splice(allIds.indexOf(id), 1)
      change = { kind: 'delete', tier, id, marker: null, at }
    }
    for (const side of sides) {
      side.outstanding.push(change)
      side.dirty = true
    }
  }
  // The agent's next change: one timer at a time, removed when the window ends.
  let agentHandle = 0
  const agent = (): void => {
    agentHandle = sim.add(agent, CHANGE_EVERY_MS)
    changing = oneChange().finally(() => (changing = null))
  }

  const quiet = async (active: Side[]): Promise<void> => {
    while (changing || active.some((s) => s.clock.pending() === 0)) {
      if (changing) await changing
      else await sleep(1)
    }
  }

  /** Runs the simulated clock for `ms`: each timer fires, its real work time is added. */
  const runFor = async (active: Side[], ms: number): Promise<void> => {
    const end = sim.now() + ms
    for (;;) {
      await pin()
      const t0 = performance.now()
      if (sim.fireNext(end) === null) break
      await quiet(active)
      sim.advance(performance.now() - t0)
      for (const side of active) check(side)
    }
  }

  const side = makeSide()
  sides = [side]
  // First sync: at full speed into an empty cache.
  const t0 = performance.now()
  const first = await side.engine.runFull()
  const firstMs = performance.now() - t0
  const firstLoad = load1()
  log(`first sync ${(firstMs / 1000).toFixed(1)} s, ${first.requests} requests (load ${firstLoad})`)
  // One more unpaced full sweep ("sync" from the CLI, "sync now"): its wall time.
  const t1 = performance.now()
  const again = await side.engine.runFull()
  const sweepMs = performance.now() - t1
  const sweepLoad = load1()
  log(`unpaced full sweep ${(sweepMs / 1000).toFixed(1)} s (load ${sweepLoad})`)
  const t2 = performance.now()
  const hot = await side.engine.runHot()
  const hotMs = performance.now() - t2
  log(`one hot sync ${(hotMs / 1000).toFixed(1)} s, ${hot.requests} requests`)
  const before = side.client.traffic()
  side.ledger.reset()
  const simStart = sim.now()
  side.engine.start()
  agentHandle = sim.add(agent, CHANGE_EVERY_MS)
  const realStart = performance.now()
  await runFor([side], HOURS * 3600_000)
  await side.engine.stop()
  sim.remove(agentHandle)
  const after = side.client.traffic()
  const hours = (sim.now() - simStart) / 3600_000
  const per = (v: number): number => Math.round(v / hours)
  const byKind = Object.entries(side.ledger.counts()).sort((a, b) => b[1] - a[1])
  const counted = byKind.reduce((sum, [, n]) => sum + n, 0)
  byKind.push([
    'retries (sent by the client, not counted above)',
    after.requests - before.requests - counted,
  ])
  const requestsPerHourByKind = Object.fromEntries(
    byKind.map(([kind, n]) => [kind, Math.round((n / hours) * 10) / 10]),
  )
  log('requests per hour by kind')
  for (const [kind, n] of Object.entries(requestsPerHourByKind))
    log(`  ${String(n).padStart(8)}  ${kind}`)
  const pendingByTier = { mine: 0, hot: 0, cold: 0 }
  for (const c of side.outstanding) pendingByTier[c.tier] += 1
  const result = {
    firstSyncMs: Math.round(firstMs),
    firstSyncLoadAverage: firstLoad,
    firstSyncRequests: first.requests,
    fullSweepMs: Math.round(sweepMs),
    fullSweepLoadAverage: sweepLoad,
    fullSweepRequests: again.requests,
    oneHotSyncMs: Math.round(hotMs),
    oneHotSyncRequests: hot.requests,
    simulatedHours: Math.round(hours * 100) / 100,
    realSeconds: Math.round((performance.now() - realStart) / 1000),
    windowEndLoadAverage: load1(),
    requestsPerHour: per(after.requests - before.requests),
    requestsPerHourByKind,
    bytesPerHourGzip: per(after.bytes - before.bytes),
    bytesPerHourUncompressed: per(after.rawBytes - before.rawBytes),
    changes: changeCount,
    secondsToCache: {
      mine: summarize(side.arrivals.mine),
      hot: summarize(side.arrivals.hot),
      cold: summarize(side.arrivals.cold),
    },
    pendingAtEnd: { total: side.outstanding.length, ...pendingByTier },
  }
  side.cache.close()
  rmSync(side.dir, { recursive: true, force: true })
  sandbox.stop()
  const report = {
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: process.platform,
    },
    tickets: TICKETS,
    openShare: OPEN_SHARE,
    changeEverySec: CHANGE_EVERY_MS / 1000,
    result,
    totalRealSeconds: Math.round((performance.now() - started) / 1000),
  }
  if (asJson) process.stdout.write(JSON.stringify(report) + '\n')
  else process.stdout.write(JSON.stringify(report, null, 2) + '\n')
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench:load failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    )
    process.exit(1)
  },
)

/**
 * `npm run bench:hub [-- --tickets N] [--desktops D] [--seconds S] [--json]`: the team hub under
 * a floor of desktops. The sandbox (its own process, N tickets, 5% open) sits behind a counting
 * proxy, so every vendor request and byte the hub makes is seen; the real hub process reads it;
 * D light simulated desktops (each its own token) follow the hub's event stream in this process
 * and record when each change arrives. For `--seconds` of real time another agent changes open
 * tickets outside the console and a console "touches" tickets (the re-read after a desktop's
 * write). Reported side by side: vendor requests and bytes an hour for the team, direct (the
 * per-desktop rate `npm run bench:load` measures, times N) and through the hub (measured, by
 * kind); time until a change is on every follower; the hub's RSS and CPU with D streams; a new
 * desktop's first sync from the hub's snapshot; a desktop away for the window catching up from its
 * cursor. Real time, not simulated: the hub is a separate process. It reports; it never passes or
 * fails.
 */
import { spawn } from 'node:child_process'
import { fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, get as httpGet, request as httpRequest } from 'node:http'
import { randomUUID } from 'node:crypto'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { gunzipSync } from 'node:zlib'
import { SandboxControl } from '../../src/sandbox/control-client'
import { summarize } from '../cache/stats'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const TICKETS = Number(arg('--tickets') ?? 100_000)
const DESKTOPS = Number(arg('--desktops') ?? 1_000)
const SECONDS = Number(arg('--seconds') ?? 120)
const asJson = process.argv.includes('--json')
/** One desktop's direct rate at 100,000 tickets, 5% open, as `npm run bench:load` measured it. */
const DIRECT_PER_DESKTOP = Number(arg('--direct-per-hour') ?? 975)
const ROOT = resolve(import.meta.dirname, '../..')
const log = (line: string): void => void process.stderr.write(line + '\n')
const load1 = (): number => Math.round(loadavg()[0]! * 100) / 100
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function waitFor(what: string, ok: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

/** The vendor as the hub sees it, through a proxy that counts requests and bytes by kind. */
function countingProxy(target: string): Promise<{
  url: string
  counts: Map<string, { requests: number; bytes: number }>
  close: () => void
}> {
  const upstream = new URL(target)
  const counts = new Map<string, { requests: number; bytes: number }>()
  const kindOf = (path: string, method: string): string => {
    const u = new URL(path, upstream)
    if (method !== 'GET') return `${method} ${u.pathname.replace(/\d+/g, ':id')}`
    if (/\/ticket\/\d+$/.test(u.pathname)) return 'ticket re-read'
    if (u.pathname.endsWith('/ticket')) {
      if (u.searchParams.has('statuses[]')) return 'listing: open tickets'
      return u.searchParams.get('page') === '1' || !u.searchParams.has('page')
        ? 'listing: first page'
        : 'listing: other pages'
    }
    return `GET ${u.pathname.replace(/\d+/g, ':id')}`
  }
  const server = createServer((req, res) => {
    const kind = kindOf(req.url ?? '/', req.method ?? 'GET')
    const entry = counts.get(kind) ?? { requests: 0, bytes: 0 }
    counts.set(kind, entry)
    entry.requests++
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.on('data', (d: Buffer) => (entry.bytes += d.length))
        up.pipe(res)
      },
    )
    out.on('error', () => res.destroy())
    req.pipe(out)
  })
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address() as { port: number }
      ok({ url: `http://127.0.0.1:${a.port}`, counts, close: () => server.close() })
    }),
  )
}

/** A GET as it crosses the wire (fetch would inflate gzip before the bytes could be counted). */
function getRaw(url: string, headers: Record<string, string>): Promise<{ wire: number; text: string }> {
  return new Promise((ok, fail) => {
    httpGet(url, { headers: { ...headers, 'accept-encoding': 'gzip' } }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (d: Buffer) => parts.push(d))
      res.on('end', () => {
        const body = Buffer.concat(parts)
        const gz = res.headers['content-encoding'] === 'gzip'
        ok({ wire: body.length, text: (gz ? gunzipSync(body) : body).toString() })
      })
      res.on('error', fail)
    }).on('error', fail)
  })
}

/** A light desktop: one event stream, the arrival time of each ticket id's change. */
interface Follower {
  arrivals: Map<number, number>
  lastId: string | null
  close: () => void
}
function follow(hubUrl: string, token: string, after?: string): Follower {
  const controller = new AbortController()
  const f: Follower = { arrivals: new Map(), lastId: null, close: () => controller.abort() }
  void (async () => {
    try {
      const q = `?desktopId=${randomUUID()}${after ? `&after=${encodeURIComponent(after)}` : ''}`
      let res = await fetch(`${hubUrl}/hub/v1/stream${q}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      })
      // The hub paces its checks of new tokens: come back when it says, as a desktop does.
      while (res.status !== 200) {
        await res.body?.cancel()
        await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000)
        res = await fetch(`${hubUrl}/hub/v1/stream${q}`, {
          headers: { authorization: `Bearer ${token}` },
          signal: controller.signal,
        })
      }
      if (!res.body) return
      const decoder = new TextDecoder()
      let buffer = ''
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          let event = ''
          let data = ''
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7)
            else if (line.startsWith('id: ')) f.lastId = line.slice(4)
            else if (line.startsWith('data: ')) data = line.slice(6)
          }
          if (event !== 'change' || !data) continue
          const change = JSON.parse(data) as { ticket?: { id: number }; id?: number }
          const id = change.ticket?.id ?? change.id
          if (id !== undefined && !f.arrivals.has(id)) f.arrivals.set(id, performance.now())
        }
      }
    } catch {
      // closed by the bench
    }
  })()
  return f
}

/** The hub process's RSS (MB) and CPU seconds so far, from /proc. */
function procUsage(pid: number): { rssMb: number; cpuS: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  const ticks = Number(stat[11]) + Number(stat[12])
  const rss = Number(stat[21]) * 4096
  return { rssMb: Math.round(rss / 2 ** 20), cpuS: ticks / 100 }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-'))
  const sandbox = fork(
    resolve(import.meta.dirname, '../sync/sandbox-child.ts'),
    ['--tickets', String(TICKETS), '--open-share', '0.05'],
    { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  )
  const sandboxUrl = await new Promise<string>((ok, fail) => {
    sandbox.once('message', (m) => ok((m as { url: string }).url))
    sandbox.once('exit', (code) => fail(new Error(`the sandbox exited early (${code})`)))
  })
  const control = new SandboxControl(sandboxUrl)
  const proxy = await countingProxy(sandboxUrl)
  const hub = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/hub/main.ts', '--api-url', proxy.url + '/api/v1', '--db', join(dir, 'hub.db'), '--port', '0', '--pace-page-ms', '0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, AGENT_CONSOLE_TOKEN: 'bench-hub' } },
  )
  const hubUrl = await new Promise<string>((ok, fail) => {
    let out = ''
    hub.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
      const m = /^(https?:\/\/\S+)\n/m.exec(out)
      if (m) ok(m[1]!)
    })
    hub.once('exit', (code) => fail(new Error(`the hub exited early (${code})`)))
  })
  const stop = (): void => {
    hub.kill('SIGTERM')
    sandbox.disconnect()
    proxy.close()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const auth = (i: number) => ({ authorization: `Bearer bench-desktop-${i}` })
    const t0 = performance.now()
    await waitFor(
      "the hub's first full sync",
      async () => {
        const res = await fetch(`${hubUrl}/hub/v1/health`, { headers: auth(0) })
        if (res.status !== 200) return false
        const h = (await res.json()) as { tiers: { all: { lastSyncAt: string | null } } }
        return h.tiers.all.lastSyncAt !== null
      },
      30 * 60_000,
    )
    const hubFirstSyncS = (performance.now() - t0) / 1000
    const firstSyncRequests = [...proxy.counts.values()].reduce((s, c) => s + c.requests, 0)
    log(`hub's first full sync: ${hubFirstSyncS.toFixed(1)} s, ${firstSyncRequests} vendor requests (load ${load1()})`)

    // A new desktop's first sync: the whole snapshot, gzip, parsed line by line.
    const s0 = performance.now()
    const snap = await getRaw(`${hubUrl}/hub/v1/snapshot`, auth(1))
    const snapText = snap.text
    let snapTickets = 0
    let snapCursor = ''
    for (const line of snapText.split('\n')) {
      if (!line) continue
      const l = JSON.parse(line) as { type: string; cursor?: string }
      if (l.type === 'ticket') snapTickets++
      if (l.type === 'end') snapCursor = l.cursor ?? ''
    }
    const snapshotS = (performance.now() - s0) / 1000
    log(`snapshot: ${snapTickets} tickets in ${snapshotS.toFixed(1)} s, ${snap.wire} bytes on the wire (load ${load1()})`)

    // The floor connects; the count of vendor requests restarts.
    const followers: Follower[] = []
    for (let i = 0; i < DESKTOPS; i++) followers.push(follow(hubUrl, `bench-desktop-${i}`))
    await waitFor('every stream to open', async () => {
      const res = await fetch(`${hubUrl}/hub/v1/health`, { headers: auth(0) })
      const h = (await res.json()) as { desktops: number }
      return h.desktops >= DESKTOPS
    }, 600_000)
    const tokenChecks = [...proxy.counts.values()].reduce((s, c) => s + c.requests, 0) - firstSyncRequests
    proxy.counts.clear()
    const cpuStart = procUsage(hub.pid!)
    const w0 = performance.now()

    // Outside changes to open tickets and console touches, at a steady rate through the window.
    const opens: number[] = []
    for (let id = 1; opens.length < 200 && id <= TICKETS; id++) {
      const t = await control.getTicket(id)
      if (t && (t.status === 0 || t.status === 1)) opens.push(id)
    }
    const outside = new Map<number, number>()
    const consoleMade = new Map<number, number>()
    let n = 0
    while (performance.now() - w0 < SECONDS * 1000) {
      const id = opens[n % opens.length]!
      if (!outside.has(id) && !consoleMade.has(id)) {
        if (n % 2 === 0) {
          await control.updateTicket(id, { status_memo: `bench outside ${n}` })
          outside.set(id, performance.now())
        } else {
          await control.updateTicket(id, { status_memo: `bench console ${n}` })
          consoleMade.set(id, performance.now())
          await fetch(`${hubUrl}/hub/v1/touched`, {
            method: 'POST',
            headers: { ...auth(n % DESKTOPS), 'content-type': 'application/json' },
            body: JSON.stringify({ ids: [id], by: { employeeId: 1, name: 'bench' } }),
          })
        }
      }
      n++
      await sleep(5_000)
    }
    // Let the last changes land (the open tier's period at most), then read the times.
    await sleep(Math.min(130_000, SECONDS * 1000))
    const windowH = (performance.now() - w0) / 3_600_000
    const cpuEnd = procUsage(hub.pid!)

    const lag = (made: Map<number, number>): { p50: number; p95: number; max: number; missing: number } => {
      const all: number[] = []
      let missing = 0
      for (const [id, at] of made)
        for (const f of followers) {
          const got = f.arrivals.get(id)
          if (got === undefined) missing++
          else all.push((got - at) / 1000)
        }
      const s = summarize(all)
      return { p50: s.p50, p95: s.p95, max: s.max, missing }
    }
    // The fan-out alone: from the first follower's arrival to each other's.
    const fan: number[] = []
    for (const id of consoleMade.keys()) {
      const times = followers.map((f) => f.arrivals.get(id)).filter((t): t is number => t !== undefined)
      const first = Math.min(...times)
      for (const t of times) fan.push((t - first) / 1000)
    }

    // A desktop away for the window: catch up from the snapshot's cursor.
    const c0 = performance.now()
    let cursor = snapCursor
    let catchupBytes = 0
    let catchupChanges = 0
    for (;;) {
      const res = await getRaw(`${hubUrl}/hub/v1/changes?after=${encodeURIComponent(cursor)}&limit=1000`, auth(2))
      catchupBytes += res.wire
      const text = res.text
      const page = JSON.parse(text) as { cursor: string; more: boolean; changes: unknown[] }
      catchupChanges += page.changes.length
      cursor = page.cursor
      if (!page.more) break
    }
    const catchupS = (performance.now() - c0) / 1000

    const perHour: Record<string, { requests: number; bytes: number }> = {}
    for (const [kind, c] of proxy.counts)
      perHour[kind] = { requests: Math.round(c.requests / windowH), bytes: Math.round(c.bytes / windowH) }
    const isFloor = (k: string): boolean => k.startsWith('listing') || k.includes('lookup') || k.startsWith('GET /api/v:id/') && !k.endsWith('/me')
    const floor = Object.entries(perHour).filter(([k]) => isFloor(k) && k !== 'ticket re-read')
    const floorRequests = floor.reduce((s, [, c]) => s + c.requests, 0)
    const result = {
      machine: { load1AtEnd: load1(), note: 'shared machine: 2 cores, other helpers running' },
      tickets: TICKETS,
      desktops: DESKTOPS,
      windowSeconds: Math.round(windowH * 3600),
      vendorPerHour: {
        byKind: perHour,
        team: Object.fromEntries(
          [10, 100, 1000].map((d) => [
            d,
            {
              direct: d * DIRECT_PER_DESKTOP,
              hubFloorReads: floorRequests,
              hubTokenChecksAtMost: d,
              hubReReadsPerConsoleWrite: 1,
            },
          ]),
        ),
      },
      hubFirstSync: { seconds: hubFirstSyncS, vendorRequests: firstSyncRequests },
      tokenChecksAtConnect: tokenChecks,
      lagSeconds: { console: lag(consoleMade), outsideOpen: lag(outside) },
      fanOutSeconds: summarize(fan),
      hub: { rssMb: cpuEnd.rssMb, cpuShare: (cpuEnd.cpuS - cpuStart.cpuS) / (windowH * 3600) },
      newDesktopFromHub: { seconds: snapshotS, bytes: snap.wire, tickets: snapTickets, vendorRequests: 0 },
      awayCatchUp: { seconds: catchupS, bytes: catchupBytes, changes: catchupChanges },
    }
    for (const f of followers) f.close()
    if (asJson) process.stdout.write(JSON.stringify(result, null, 2) + '\n')
    else {
      log(`\nvendor requests an hour (measured over ${result.windowSeconds} s, by kind, through the hub):`)
      for (const [k, c] of Object.entries(perHour)) log(`  ${k.padEnd(28)} ${String(c.requests).padStart(7)} req/h  ${(c.bytes / 1e6).toFixed(1)} MB/h`)
      log('team            direct (975/desktop)   hub floor reads   + token checks ≤   + 1 re-read/console write')
      for (const [d, t] of Object.entries(result.vendorPerHour.team))
        log(`  ${d.padEnd(6)} ${String(t.direct).padStart(20)} ${String(t.hubFloorReads).padStart(17)} ${String(t.hubTokenChecksAtMost).padStart(18)}`)
      const fmt = (l: { p50: number; p95: number; max: number; missing: number }): string =>
        `p50 ${l.p50.toFixed(2)} s  p95 ${l.p95.toFixed(2)} s  max ${l.max.toFixed(2)} s  (missing ${l.missing})`
      log(`change on the other desktops: console ${fmt(result.lagSeconds.console)}`)
      log(`                              outside, open ticket ${fmt(result.lagSeconds.outsideOpen)}`)
      log(`fan-out to ${DESKTOPS} streams: p95 ${result.fanOutSeconds.p95.toFixed(3)} s; hub RSS ${result.hub.rssMb} MB, CPU ${(result.hub.cpuShare * 100).toFixed(1)}% of a core`)
      log(`new desktop from the hub: ${snapshotS.toFixed(1)} s, 0 vendor requests (hub's own first sync ${hubFirstSyncS.toFixed(1)} s, ${firstSyncRequests} requests)`)
      log(`away for the window: ${catchupChanges} changes, ${catchupBytes} bytes, ${catchupS.toFixed(2)} s; load ${load1()}`)
    }
  } finally {
    stop()
  }
}

await main()

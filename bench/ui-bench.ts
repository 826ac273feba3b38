/**
 * `npm run bench:ui [-- --tickets N] [-- --json] [-- --fresh] [-- --before DIR] [-- --after DIR]
 * [-- --only overview|first-page] [-- --rounds N] [-- --block-bundled-font]`:
 * the renderer in Chromium through the browser host with N cached tickets (default 100,000).
 * `--only overview` measures the overview's paint alone (a few minutes less per build);
 * `--only first-page` the first queue page alone (turn about, `--rounds N`, default 8);
 * `--block-bundled-font` refuses the bundled Noto Sans TC's files in the first page's tabs, to
 * estimate a PC whose own CJK font draws the Chinese (this machine has none: its Chinese is then
 * drawn as boxes, so the number is labelled, never reported as the app's).
 * Measures: page load to the first queue page painted and a view or filter change to the new page
 * painted (p50/p95), each with the builds taken turn about; a search change to its page painted;
 * frame times during a 3-second scroll of the whole queue. It reports; it never passes or fails.
 *
 * The host runs as agents run it (`npm run web`: its own process, the core in a worker thread, no
 * output validation), not inside this process, whose browser driver would hold up its answers.
 * `--before DIR` measures another built renderer first (e.g. main's `out/web`, copied aside) in
 * the same run, against the same cache, and prints both side by side with their ratios; `--after
 * DIR` measures that build instead of `out/web`.
 *
 * The first run fills a cache from a sandbox (a full sync, a few minutes at 100k) and keeps it in
 * the system's temp folder, so later runs start at once; `--fresh` syncs again.
 */
import { execFileSync, fork, spawn } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { CHROMIUM_PATH, launchBrowser } from '../test/helpers/browser'
import { startTestHost, WEB_BUILD_DIR } from '../test/helpers/web-host'
import { bounded, firstVisitInNewTab, measureOverview } from './insights/overview-ui'
import { measureChanges, queryTimes, timeChange, type Changes } from './ui/changes'

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const tickets = Number(arg('--tickets') ?? 100_000)
const asJson = process.argv.includes('--json')
const fresh = process.argv.includes('--fresh')
const before = arg('--before')
const after = arg('--after')
const onlyOverview = arg('--only') === 'overview'
const onlyFirstPage = arg('--only') === 'first-page'
const rounds = Number(arg('--rounds') ?? 8)
const blockBundledFont = process.argv.includes('--block-bundled-font')
const log = (line: string): void => void process.stderr.write(line + '\n')
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

interface BenchHost {
  url: string
  secret: string
  openUrl: string
}

async function rpc<T>(host: BenchHost, channel: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${host.url}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-agent-console-secret': host.secret },
    body: JSON.stringify(body),
  })
  const envelope = (await res.json()) as { ok: boolean; value: T; error?: { code: string } }
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error?.code}`)
  return envelope.value
}

async function startSandboxChild(count: number): Promise<{ apiBase: string; stop: () => void }> {
  const child = fork(
    resolve(import.meta.dirname, 'sync/sandbox-child.ts'),
    ['--tickets', String(count)],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  )
  const url = await new Promise<string>((ok, fail) => {
    child.once('message', (m) => ok((m as { url: string }).url))
    child.once('exit', (code) => fail(new Error(`the sandbox exited early (${code})`)))
  })
  return { apiBase: `${url}/api/v1`, stop: () => child.disconnect() }
}

/** A data folder whose cache holds `tickets` tickets and whose agent has picked who they are. */
async function preparedDataDir(): Promise<string> {
  const dataDir = join(tmpdir(), 'agent-console-ui-bench', String(tickets))
  if (fresh) rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dataDir, { recursive: true })
  if (existsSync(join(dataDir, 'cache.sqlite'))) {
    const host = await startTestHost({
      dataDir,
      autoSync: false,
      apiUrl: 'http://127.0.0.1:9/api/v1',
    })
    try {
      const counts = await rpc<Record<string, number>>(host.host, 'tickets:counts', {
        filters: {},
      })
      const settings = await rpc<{ me: unknown }>(host.host, 'settings:get')
      if (counts['all'] === tickets && settings.me) return dataDir
    } finally {
      await host.close()
    }
  }
  log(`filling the cache with ${tickets} tickets from a sandbox (one full sync)…`)
  const sandbox = await startSandboxChild(tickets)
  const host = await startTestHost({ dataDir, apiUrl: sandbox.apiBase })
  try {
    const started = Date.now()
    for (;;) {
      const status = await rpc<{
        state: string
        lastSyncAt: string | null
        progress: { phase: string; done: number; total: number } | null
      }>(host.host, 'sync:status')
      if (status.lastSyncAt && status.state !== 'syncing') break
      if (status.state === 'error') throw new Error('the sync failed')
      await sleep(2000)
      if (status.progress)
        log(`  ${status.progress.phase} ${status.progress.done}/${status.progress.total}`)
    }
    log(`  synced in ${((Date.now() - started) / 1000).toFixed(0)} s`)
    const employees = await rpc<
      Array<{ id: number; name: string | null; employeeNo: string | null }>
    >(host.host, 'employees:search', { search: '', limit: 5 })
    const me = employees[0]
    if (!me) throw new Error('no employees')
    await rpc(host.host, 'settings:update', {
      me: { id: me.id, name: me.name, employeeNo: me.employeeNo },
    })
  } finally {
    await host.close()
    sandbox.stop()
  }
  return dataDir
}

/**
 * The browser host as `npm run web` starts it, serving `staticDir`, on the prepared cache. Its
 * API address answers nothing, so no sync changes the cache under the measurements.
 */
async function startHostProcess(
  dataDir: string,
  staticDir: string,
): Promise<BenchHost & { close(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(import.meta.dirname, '../src/web/main.ts'),
      '--db',
      join(dataDir, 'cache.sqlite'),
      '--static',
      staticDir,
      '--api-url',
      'http://127.0.0.1:9/api/v1',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  )
  const openUrl = await new Promise<string>((ok, fail) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /Open (\S+)/.exec(out)
      if (m?.[1]) ok(m[1])
    })
    child.once('exit', (code) => fail(new Error(`the browser host exited early (${code})`)))
  })
  const url = new URL(openUrl)
  return {
    url: url.origin,
    openUrl,
    secret: new URLSearchParams(url.hash.slice(1)).get('secret') ?? '',
    close: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done())
        child.kill('SIGTERM')
      }),
  }
}

const SCROLL_SCRIPT = `(async () => {
  const el = document.querySelector('[data-testid=ticket-grid]')
  if (!el) return { frames: [], blank: 0, rows: 0 }
  const frames = []
  let blank = 0
  const start = performance.now()
  let last = start
  const startTop = el.scrollTop
  await new Promise((done) => {
    function step(now) {
      frames.push(now - last)
      last = now
      el.scrollTop += 60 // about 3,600 px (100 rows) a second at 60 frames
      if (el.querySelector('.loading')) blank++
      if (now - start < 3000) requestAnimationFrame(step)
      else done()
    }
    requestAnimationFrame(step)
  })
  return { frames: frames.slice(1), blank, rows: Math.round((el.scrollTop - startTop) / 34) }
})()`

/** In the page: time from now until the grid has answered a new question and the frame painted. */
const INIT_SCRIPT = `
// The host's tickets:query over the page's call socket (a build whose calls go over a WebSocket
// leaves no resource timing): send to the answer's arrival on the page's main thread, which a
// busy page delays, so it counts a little more than the resource timing of a fetch does.
window.__socketQueries = []
{
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args)
      const sent = new Map()
      const send = this.send.bind(this)
      this.send = (data) => {
        try { const m = JSON.parse(data); if (m.channel === 'tickets:query') sent.set(m.id, performance.now()) } catch {}
        send(data)
      }
      this.addEventListener('message', (e) => {
        try {
          const m = JSON.parse(e.data)
          const at = sent.get(m.id)
          if (at !== undefined) { sent.delete(m.id); window.__socketQueries.push(performance.now() - at) }
        } catch {}
      })
    }
  }
}
// t0 is the moment the agent's input reached the page (click or typing), not when the driver
// started acting, so the driver's own overhead stays out of the numbers.
window.__lastInput = 0
for (const type of ['click', 'input']) {
  document.addEventListener(type, () => { window.__lastInput = performance.now() }, true)
}
window.__bench = {
  nextAnswer(timeoutMs) {
    const grid = () => document.querySelector('[data-testid=ticket-grid]')
    const before = grid() ? grid().getAttribute('data-answered') : null
    return new Promise((resolve) => {
      const t0 = performance.now()
      const check = () => {
        const g = grid()
        const shown = g && (g.querySelector('[role=row][data-id]') || g.getAttribute('data-total') === '0')
        if (g && shown && g.getAttribute('data-answered') !== before) {
          // A task queued from requestAnimationFrame runs once that frame is painted.
          requestAnimationFrame(() => setTimeout(() => {
            const from = window.__lastInput > t0 ? window.__lastInput : t0
            resolve(performance.now() - from)
          }, 0))
          return true
        }
        return false
      }
      if (check()) return
      const mo = new MutationObserver(() => { if (check()) mo.disconnect() })
      mo.observe(document.body, { subtree: true, childList: true, attributes: true })
      setTimeout(() => { mo.disconnect(); resolve(-1) }, timeoutMs)
    })
  },
}
new MutationObserver((_, mo) => {
  if (document.querySelector('[data-testid=ticket-grid] [role=row][data-id]')) {
    mo.disconnect()
    requestAnimationFrame(() => setTimeout(() => { window.__firstPage = performance.now() }, 0))
  }
}).observe(document, { subtree: true, childList: true })
`

function stats(values: number[]): { n: number; p50: number; p95: number; max: number } {
  const s = [...values].sort((a, b) => a - b)
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN
  const r = (v: number): number => Math.round(v * 10) / 10
  return { n: s.length, p50: r(at(0.5)), p95: r(at(0.95)), max: r(s[s.length - 1] ?? NaN) }
}

type Stats = ReturnType<typeof stats>

/** The queue's measurements (left out with `--only overview`). */
interface QueueMeasured {
  firstPagePaintedMs: Stats
  viewChangeMs: Stats
  filterChangeMs: Stats
  searchChangeMs: Stats
  hostQueryMs: { views: Stats; filters: Stats; search: Stats }
  timeouts: number
  scroll: {
    frameMs: Stats
    framesOver50ms: number
    frames: number
    rowsScrolled: number
    framesWithRowsStillLoading: number
  }
  /** JavaScript the first page loads (bytes, as served). */
  firstLoadJsBytes: number
}

interface Measured {
  queue: QueueMeasured | null
  /** The overview's paint (null: a build without it). */
  overview: {
    /** The first visit in the measuring tab: the screen's code not yet in any cache. */
    firstVisitMs: number
    /** First visits in new tabs (code from the HTTP cache), taken turn about with the other build. */
    newTabFirstVisitMs: Stats
    visitMs: Stats
    scopeMs: Stats
    /** Visits and switches never painted within 10 s. */
    timeouts: number
  } | null
}

/** One load of the app in a new tab: ms from navigation to the first queue page painted. */
async function firstPageLoad(
  browser: Awaited<ReturnType<typeof launchBrowser>>,
  host: BenchHost,
): Promise<number | undefined> {
  const p2 = await browser.newPage()
  if (blockBundledFont) await p2.route(/noto-sans-tc-.*\.woff2$/, (route) => route.abort())
  await p2.addInitScript(INIT_SCRIPT)
  await p2.goto(`${host.openUrl}`)
  // Polled from here: waitForFunction evaluates strings with eval, which the app's CSP forbids.
  let at: number | undefined
  for (let tries = 0; at === undefined && tries < 600; tries++) {
    at = (await p2.evaluate('window.__firstPage')) as number | undefined
    if (at === undefined) await sleep(100)
  }
  await p2.close()
  return at
}

/** The first page's loads alone (`--only first-page`): the other measures are left empty. */
function firstPageOnly(firstPage: number[]): Measured {
  const none = stats([])
  return {
    queue: {
      firstPagePaintedMs: stats(firstPage),
      viewChangeMs: none,
      filterChangeMs: none,
      searchChangeMs: none,
      hostQueryMs: { views: none, filters: none, search: none },
      timeouts: 0,
      scroll: {
        frameMs: none,
        framesOver50ms: 0,
        frames: 0,
        rowsScrolled: 0,
        framesWithRowsStillLoading: 0,
      },
      firstLoadJsBytes: NaN,
    },
    overview: null,
  }
}

/** A tab of the app on `host`, its first queue page painted, kept open for the measuring. */
async function openMeasuringPage(
  browser: Awaited<ReturnType<typeof launchBrowser>>,
  host: BenchHost,
): Promise<Page> {
  const page = await browser.newPage()
  page.on('crash', () => log('  the page crashed'))
  await page.addInitScript(INIT_SCRIPT)
  // A first load warms the HTTP cache and the host, as an agent's second start would be.
  await page.goto(host.openUrl)
  await page.waitForSelector('[data-testid=ticket-grid] [role=row][data-id]', { timeout: 60_000 })
  return page
}

/** Every measurement but the first page and the changes (taken turn about) of one built renderer. */
async function measure(
  page: Page,
  firstPage: number[],
  changes: Changes | null,
): Promise<Measured> {
  await page.bringToFront()
  const queue = changes ? await measureQueue(page, firstPage, changes) : null
  log('  the overview…')
  const overview = await measureOverview(page)
  await page.close()
  const painted = (v: number[]): number[] => v.filter((x) => x >= 0)
  return {
    queue,
    overview: overview && {
      firstVisitMs: Math.round(overview.firstVisitMs),
      newTabFirstVisitMs: stats([]),
      visitMs: stats(painted(overview.visitMs)),
      scopeMs: stats(painted(overview.scopeMs)),
      timeouts: [overview.firstVisitMs, ...overview.visitMs, ...overview.scopeMs].filter(
        (v) => v < 0,
      ).length,
    },
  }
}

/** The queue's measurements on an open page, after its view and filter changes: search, a scroll. */
async function measureQueue(
  page: Page,
  firstPage: number[],
  { viewChange, viewQueries, filterChange, filterQueries }: Changes,
): Promise<QueueMeasured> {
  log('  search changes…')
  // Text search, 2-4 Chinese characters and English words; measured from the last keystroke,
  // so it includes the search box's 150 ms debounce.
  const terms = [
    '退款',
    '配送',
    '理賠',
    '帳單',
    'Email',
    '保費',
    '登入',
    '通話中斷',
    'Refund',
    '發票',
    '延遲',
    '優惠',
  ]
  await queryTimes(page)
  const searchChange: number[] = []
  const search = page.locator('[data-testid=queue-search] input')
  for (let i = 0; i < 24; i++) {
    const term = terms[i % terms.length] ?? '退款'
    searchChange.push(await timeChange(page, () => search.fill(term)))
  }
  const searchQueries = await queryTimes(page)
  await search.fill('')
  await sleep(500)

  // Scroll the All view for 3 s at a brisk pace and record every frame.
  await timeChange(page, () => page.click('[data-testid=nav-view-open]'))
  await timeChange(page, () => page.click('[data-testid=nav-view-all]'))
  log('  the scroll…')
  // A string, not a function: tsx's name helpers do not exist in the page. Its frames come from
  // requestAnimationFrame, which a page that paints nothing never calls: bounded.
  const scroll = await bounded(
    page.evaluate(SCROLL_SCRIPT) as Promise<{ frames: number[]; blank: number; rows: number }>,
    { frames: [], blank: 0, rows: 0 },
  )
  const firstLoadJsBytes = await bounded(
    page.evaluate(`(async () => {
    let total = 0
    for (const s of document.querySelectorAll('script[src], link[rel=modulepreload]')) {
      const res = await fetch(s.src || s.href)
      total += (await res.arrayBuffer()).byteLength
    }
    return total
  })()`) as Promise<number>,
    NaN,
  )
  return {
    firstPagePaintedMs: stats(firstPage),
    viewChangeMs: stats(viewChange.filter((v) => v >= 0)),
    filterChangeMs: stats(filterChange.filter((v) => v >= 0)),
    searchChangeMs: stats(searchChange.filter((v) => v >= 0)),
    hostQueryMs: {
      views: stats(viewQueries),
      filters: stats(filterQueries),
      search: stats(searchQueries),
    },
    timeouts: [...viewChange, ...filterChange, ...searchChange].filter((v) => v < 0).length,
    scroll: {
      frameMs: stats(scroll.frames),
      framesOver50ms: scroll.frames.filter((f) => f > 50).length,
      frames: scroll.frames.length,
      rowsScrolled: scroll.rows,
      framesWithRowsStillLoading: scroll.blank,
    },
    firstLoadJsBytes,
  }
}

async function main(): Promise<void> {
  const dataDir = await preparedDataDir()
  const builds: Array<{ label: string; dir: string }> = [
    ...(before ? [{ label: 'before', dir: resolve(before) }] : []),
    { label: before ? 'after' : 'this build', dir: resolve(after ?? WEB_BUILD_DIR) },
  ]
  const results: Array<{ label: string; dir: string; measured: Measured }> = []
  const browser = await launchBrowser({ locale: 'zh-TW' })
  const hosts = await Promise.all(builds.map((b) => startHostProcess(dataDir, b.dir)))
  try {
    // The first page, the target that moves most with the machine's load, is taken turn about
    // (one load of each build, then again), so a busy spell weighs on every build alike.
    log('first page loads, turn about…')
    const firstPages = builds.map((): number[] => [])
    // A first load warms the HTTP cache and the host, as an agent's second start would be.
    for (const host of hosts) if (!onlyOverview) await firstPageLoad(browser, host)
    for (let round = 0; round < (onlyOverview ? 0 : rounds); round++) {
      for (const [i, host] of hosts.entries()) {
        const at = await firstPageLoad(browser, host)
        if (at !== undefined) firstPages[i]!.push(at)
      }
    }
    const measured: Measured[] = []
    const pages = onlyFirstPage
      ? []
      : await Promise.all(hosts.map((host) => openMeasuringPage(browser, host)))
    const changes = onlyFirstPage || onlyOverview ? [] : await measureChanges(pages)
    for (const [i, build] of builds.entries()) {
      if (onlyFirstPage) {
        measured.push(firstPageOnly(firstPages[i]!))
        continue
      }
      log(`measuring ${build.label} (${build.dir})…`)
      measured.push(await measure(pages[i]!, firstPages[i]!, changes[i] ?? null))
    }
    // The overview's first visit, as many times as the first page and alike turn about; after
    // each build's measuring tab, whose own first visit finds the screen's code in no cache.
    log("the overview's first visit in new tabs, turn about…")
    const newTabVisits = builds.map((): number[] => [])
    for (let round = 0; round < (onlyFirstPage ? 0 : 8); round++) {
      for (const [i, host] of hosts.entries()) {
        const ms = await firstVisitInNewTab(() => browser.newPage(), host.openUrl, INIT_SCRIPT)
        if (ms !== null) newTabVisits[i]!.push(ms)
      }
    }
    for (const [i, build] of builds.entries()) {
      const m = measured[i]!
      const visits = newTabVisits[i]!
      if (m.overview) {
        m.overview.newTabFirstVisitMs = stats(visits.filter((v) => v >= 0))
        m.overview.timeouts += visits.filter((v) => v < 0).length
      }
      results.push({ ...build, measured: m })
    }
  } finally {
    await Promise.all(hosts.map((h) => h.close()))
    await browser.close()
  }
  const chromium = execFileSync(CHROMIUM_PATH, ['--version']).toString().trim()
  const report = {
    tickets,
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 1e9),
      node: process.version,
      chromium,
      loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
    },
    builds: results,
  }
  mkdirSync(join(import.meta.dirname, '../test-results'), { recursive: true })
  writeFileSync(
    join(import.meta.dirname, '../test-results/ui-bench.json'),
    JSON.stringify(report, null, 2),
  )
  if (asJson) {
    process.stdout.write(JSON.stringify(report) + '\n')
    return
  }
  const f = (s: Stats): string => `p50 ${s.p50} ms, p95 ${s.p95} ms, max ${s.max} ms (n=${s.n})`
  const lines = [
    ...(blockBundledFont
      ? ['(the bundled font refused in the first page tabs: as on a PC with its own CJK font)']
      : []),
    `UI bench: ${tickets} cached tickets, browser host (npm run web), ${chromium}, headless, ${report.machine.cpus} cores (${report.machine.cpu}), Node ${process.version}, load average ${report.machine.loadAverage.join(' ')}`,
  ]
  for (const { label, measured } of results) {
    lines.push(`${label}:`)
    const m = measured.queue
    if (m && onlyFirstPage)
      lines.push(
        `  load to first queue page painted:        ${f(m.firstPagePaintedMs)}   target p95 <= 500 ms`,
      )
    else if (m)
      lines.push(
        `  JavaScript the first page loads:          ${Math.round(m.firstLoadJsBytes / 1024)} KB`,
        `  load to first queue page painted:        ${f(m.firstPagePaintedMs)}   target p95 <= 500 ms`,
        `  view change to new page painted:         ${f(m.viewChangeMs)}   target p95 <= 50 ms`,
        `  status filter change to page painted:    ${f(m.filterChangeMs)}   target p95 <= 50 ms`,
        `  search (incl. 150 ms debounce) to paint: ${f(m.searchChangeMs)}`,
        `  3 s scroll, ${m.scroll.rowsScrolled} rows: frame ${f(m.scroll.frameMs)}; ${m.scroll.framesOver50ms} of ${m.scroll.frames} frames over 50 ms; ${m.scroll.framesWithRowsStillLoading} frames showed rows still loading`,
        `  of which the host's tickets:query (request to response; over the call socket: send to answer): views ${f(m.hostQueryMs.views)}; filters ${f(m.hostQueryMs.filters)}; search ${f(m.hostQueryMs.search)}`,
      )
    if (m?.timeouts) lines.push(`  (${m.timeouts} changes never painted within 10 s)`)
    const o = measured.overview
    if (o)
      lines.push(
        `  overview (總覽), click to every chart painted: first visit (loads its chunks) ${o.firstVisitMs} ms; first visit in a new tab (chunks from the HTTP cache) ${f(o.newTabFirstVisitMs)}; later visits ${f(o.visitMs)}; scope switch ${f(o.scopeMs)}   target <= 300 ms`,
      )
    if (o?.timeouts)
      lines.push(`  (${o.timeouts} overview visits or switches never painted within 10 s)`)
  }
  if (results.length === 2) {
    const [before, after] = results.map((r) => r.measured) as [Measured, Measured]
    const ratio = (x: number, y: number): string => (y > 0 ? `${(x / y).toFixed(2)}x` : '-')
    lines.push('after / before (p95; below 1 is faster):')
    const [b, a] = [before.queue, after.queue]
    if (a && b && onlyFirstPage)
      lines.push(
        `  first page ${ratio(a.firstPagePaintedMs.p95, b.firstPagePaintedMs.p95)} (p50 ${ratio(a.firstPagePaintedMs.p50, b.firstPagePaintedMs.p50)})`,
      )
    else if (a && b)
      lines.push(
        `  first page ${ratio(a.firstPagePaintedMs.p95, b.firstPagePaintedMs.p95)}, view change ${ratio(a.viewChangeMs.p95, b.viewChangeMs.p95)}, filter change ${ratio(a.filterChangeMs.p95, b.filterChangeMs.p95)}, search ${ratio(a.searchChangeMs.p95, b.searchChangeMs.p95)}, host query (views) ${ratio(a.hostQueryMs.views.p95, b.hostQueryMs.views.p95)}, scroll frame ${ratio(a.scroll.frameMs.p95, b.scroll.frameMs.p95)}, first-load JavaScript ${ratio(a.firstLoadJsBytes, b.firstLoadJsBytes)}`,
      )
    const [ob, oa] = [before.overview, after.overview]
    if (ob && oa)
      lines.push(
        `  overview: first visit ${ratio(oa.firstVisitMs, ob.firstVisitMs)}, first visit in a new tab ${ratio(oa.newTabFirstVisitMs.p95, ob.newTabFirstVisitMs.p95)}, later visits ${ratio(oa.visitMs.p95, ob.visitMs.p95)}, scope switch ${ratio(oa.scopeMs.p95, ob.scopeMs.p95)}`,
      )
  }
  process.stdout.write(lines.join('\n') + '\n')
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `ui bench failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    )
    process.exit(1)
  },
)

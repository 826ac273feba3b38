/**
 * `npm run bench:ui [-- --tickets N] [-- --json] [-- --fresh] [-- --before DIR] [-- --after DIR]
 * [-- --only overview|first-page] [-- --rounds N] [-- --block-bundled-font]`:
 * the renderer in Chromium through the browser host with N cached tickets (default 100,000).
 * `--only overview` measures the overview's paint alone (a few minutes less per build);
 * `--only first-page` the first queue page alone (turn about, `--rounds N`, default 8);
 * `--block-bundled-font` refuses the bundled Noto Sans TC's files in the first page's tabs, to
 * estimate a PC whose own CJK font draws the Chinese (this machine has none: its Chinese is then
 * drawn as boxes, so the number is labelled, never reported as the app's). A truer stand-in for
 * such a PC: a CJK font given to the bench's Chromium alone through `FONTCONFIG_FILE` (how, in
 * docs/measurements.md: "The first page on a PC with its own CJK font").
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
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { CHROMIUM_PATH, launchBrowser } from '../test/helpers/browser'
import { WEB_BUILD_DIR } from '../test/helpers/web-host'
import { bounded, firstVisitInNewTab, measureOverview } from './insights/overview-ui'
import { measureChanges, queryTimes, timeChange, type Changes } from './ui/changes'
import { preparedDataDir, startHostProcess, type BenchHost } from './ui/host'
import { INIT_SCRIPT, SCROLL_SCRIPT } from './ui/page-scripts'
import { firstPageIn } from './ui/tabs'
import { arg, log, sleep } from './common'

const tickets = Number(arg('--tickets') ?? 100_000)
const asJson = process.argv.includes('--json')
const fresh = process.argv.includes('--fresh')
const before = arg('--before')
const after = arg('--after')
const onlyOverview = arg('--only') === 'overview'
const onlyFirstPage = arg('--only') === 'first-page'
const rounds = Number(arg('--rounds') ?? 8)
const blockBundledFont = process.argv.includes('--block-bundled-font')

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
  const page = await browser.newPage()
  if (blockBundledFont) await page.route(/noto-sans-tc-.*\.woff2$/, (route) => route.abort())
  return firstPageIn(page, host.openUrl)
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
  const dataDir = await preparedDataDir(tickets, fresh)
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

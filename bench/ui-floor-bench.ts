/**
 * `tsx bench/ui-floor-bench.ts [--rounds N] [--build DIR]`: what this machine's browser alone
 * takes to paint the queue, beside the app, in one run, on the UI bench's 100,000-ticket cache
 * (`ui-bench.ts` fills it). A target the browser alone cannot meet here, no code of ours can.
 * - The first page: new tabs of the app and of a static copy of the app's own painted page (its
 *   HTML and the style sheets naive-ui had put in, no script), taken turn about. The copy is the
 *   best any way of starting could do: rows drawn by the host, no JavaScript before them.
 * - A view change with every row new ("mine" to "unassigned" and back): the app's, and in a tab
 *   of the static copy, the rows' elements replaced by the other view's (`innerHTML`), then only
 *   the cells' text rewritten in place: the style, layout and paint of the same rows with no
 *   framework.
 * Each from the input (or navigation) to the frame painted, as `bench:ui` measures (`painted.ts`).
 * It reports; it never passes or fails.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { launchBrowser } from '../test/helpers/browser'
import { WEB_BUILD_DIR } from '../test/helpers/web-host'
import { summarize } from './cache/stats'
import { arg, log, sleep } from './common'
import { timeChange } from './ui/changes'
import { preparedDataDir, startHostProcess } from './ui/host'
import { INIT_SCRIPT } from './ui/page-scripts'
import { firstPageIn, toFront } from './ui/tabs'

const rounds = Number(arg('--rounds') ?? 12)
const build = resolve(arg('--build') ?? WEB_BUILD_DIR)
const COPY = 'floor-first-page.html'
const ROWS = '[data-testid=ticket-grid] [role=row][data-id]'
/** Two views without a ticket in common: each change rewrites every row. */
const VIEWS = ['unassigned', 'mine'] as const

const stats = (values: number[]): string => {
  const { p50, p95, n } = summarize(values)
  return `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (n=${n})`
}

/** In the page: the rows' HTML (the grid's row group), as painted. */
const ROWS_HTML = `document.querySelector('[data-testid=ticket-grid] .rows').innerHTML`

/**
 * In a tab of the static copy: puts the other set of rows in (`mode` 'elements': new elements;
 * 'text': the same elements, each cell's text) and resolves with the ms until that frame is
 * painted, counted from the change (reading the other set's text beforehand is not counted).
 */
const swapRows = (mode: 'elements' | 'text', set: number): string => `new Promise((resolve) => {
  const rows = document.querySelector('[data-testid=ticket-grid] .rows')
  const html = window.__rowSets[${set}]
  let from
  if ('${mode}' === 'elements') {
    from = performance.now()
    rows.innerHTML = html
  } else {
    // Each cell's text nodes, in order: where a cell has as many as the other's, each is
    // rewritten in place (as a framework's patch does); elsewhere the cell's whole text.
    const textsOf = (cell) => {
      const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
      const out = []
      while (walk.nextNode()) out.push(walk.currentNode)
      return out
    }
    const other = document.createElement('div')
    other.innerHTML = html
    const wanted = [...other.querySelectorAll('[role=gridcell]')]
      .map((c) => ({ all: c.textContent, each: textsOf(c).map((n) => n.nodeValue) }))
    const cells = [...rows.querySelectorAll('[role=gridcell]')].map((c) => ({ c, nodes: textsOf(c) }))
    from = performance.now()
    cells.forEach(({ c, nodes }, i) => {
      const w = wanted[i]
      if (!w) return
      if (w.each.length === nodes.length) nodes.forEach((n, k) => (n.nodeValue = w.each[k]))
      else c.textContent = w.all
    })
  }
  requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - from), 0))
})`

async function main(): Promise<void> {
  const dataDir = await preparedDataDir(100_000, false)
  // The copy's file goes beside the build's own files, in a folder of its own.
  const served = mkdtempSync(join(tmpdir(), 'ac-floor-web-'))
  cpSync(build, served, { recursive: true })
  const browser = await launchBrowser({ locale: 'zh-TW' })
  const host = await startHostProcess(dataDir, served)
  try {
    const app = await browser.newPage()
    await app.addInitScript(INIT_SCRIPT)
    // The app opens on "mine".
    await app.goto(host.openUrl)
    await app.waitForSelector(ROWS, { timeout: 60_000 })
    await app.evaluate('document.fonts.ready')
    await sleep(1_000)
    // The page as painted, without its scripts: the rows, naive-ui's style elements, the fonts.
    const html = (await app.evaluate('document.documentElement.outerHTML')) as string
    writeFileSync(
      join(served, COPY),
      '<!doctype html>' +
        html
          .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
          .replace(/<link[^>]*modulepreload[^>]*>/g, ''),
    )
    const sets: string[] = [(await app.evaluate(ROWS_HTML)) as string]
    await timeChange(app, () => app.click(`[data-testid=nav-view-${VIEWS[0]}]`))
    sets.unshift((await app.evaluate(ROWS_HTML)) as string)
    const copyUrl = `${host.url}/${COPY}`

    log('first page loads, turn about…')
    const first = { app: [] as number[], copy: [] as number[] }
    await firstPageIn(await browser.newPage(), copyUrl)
    for (let round = 0; round < rounds; round++) {
      const a = await firstPageIn(await browser.newPage(), host.openUrl)
      const c = await firstPageIn(await browser.newPage(), copyUrl)
      if (a !== undefined) first.app.push(a)
      if (c !== undefined) first.copy.push(c)
    }

    log('view changes with every row new, turn about…')
    const copy = await browser.newPage()
    await copy.goto(copyUrl)
    await copy.waitForSelector(ROWS)
    await copy.evaluate(`window.__rowSets = ${JSON.stringify(sets)}`)
    const change = { app: [] as number[], elements: [] as number[], text: [] as number[] }
    for (let i = 0; i < 2 * rounds + 2; i++) {
      const to = i % 2
      await toFront(app)
      const a = await timeChange(app, () => app.click(`[data-testid=nav-view-${VIEWS[to]}]`))
      await toFront(copy)
      const e = (await copy.evaluate(swapRows('elements', to))) as number
      await toFront(copy)
      const t = (await copy.evaluate(swapRows('text', 1 - to))) as number
      await copy.evaluate(swapRows('elements', to))
      // The first two rounds warm both tabs up.
      if (i < 2) continue
      if (a >= 0) change.app.push(a)
      change.elements.push(e)
      change.text.push(t)
    }
    const load = loadavg().map((l) => l.toFixed(1))
    process.stdout.write(
      [
        `UI floor bench: 100000 cached tickets, ${build}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${load.join(' ')}`,
        'first queue page, navigation to the rows painted (new tabs, turn about):',
        `  the app:                                         ${stats(first.app)}   target p95 <= 500 ms`,
        `  a static copy of its painted page (no script):   ${stats(first.copy)}`,
        `a view change with every row new (${VIEWS.join(' / ')}), input to painted:`,
        `  the app:                                         ${stats(change.app)}   target p95 <= 50 ms`,
        `  the rows' elements replaced, no framework:       ${stats(change.elements)}`,
        `  only the cells' text replaced, no framework:     ${stats(change.text)}`,
      ].join('\n') + '\n',
    )
  } finally {
    await host.close()
    await browser.close()
    rmSync(served, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `ui floor bench failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    )
    process.exit(1)
  },
)

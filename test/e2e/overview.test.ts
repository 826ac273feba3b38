// The team overview in Chromium through the browser host: its charts drawn in both languages and
// both themes (screenshots, axe), redrawn at a new size, a bar clicked on the canvas and a count
// clicked in a chart's table each land on the queue with the same number of tickets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capture, finishE2e, waitForTotal, waitUntil } from './agent-ui'
import { launchBrowser, screenshot, type Page, type TestBrowser } from '../helpers/browser'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { actAsFirstEmployee, startTestHost, type TestHost } from '../helpers/web-host'

/** The counts of a chart's table, in the page (a string: the CSP forbids function wrappers). */
const counts = (chart: string): string =>
  `[...document.querySelectorAll('[data-testid=overview-cell-${chart}]')].map((b) => Number(b.textContent.trim()))`

describe('the overview', () => {
  let sandbox: TestSandbox
  let host: TestHost
  let browser: TestBrowser
  let page: Page

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 300, seed: 19, openShare: 0.6 })
    host = await startTestHost({ apiUrl: sandbox.url })
    await actAsFirstEmployee(host.core)
    browser = await launchBrowser()
    page = await browser.newPage()
    await page.setViewportSize({ width: 1280, height: 900 })
  })
  afterAll(() => finishE2e({ axe: true, browser, host, sandbox }))

  async function openOverview(): Promise<void> {
    await page.goto(host.host.openUrl)
    await page.reload()
    // Through the side bar, once the app has started (its first route is the queue).
    await page.waitForSelector('[data-testid=ticket-grid]', { timeout: 60_000 })
    await page.click('[data-testid=nav-overview]')
    await page
      .waitForSelector('[data-testid=overview-chart-handler] canvas', { timeout: 60_000 })
      .catch(async (e: unknown) => {
        await screenshot(page, 'overview-failed-open')
        throw e
      })
    await page.click('[data-testid=overview-scope-everyone]')
    // Everyone’s open tickets, read from the visually hidden table (its rows laid out once the
    // charts are drawn): the first sync has filled the cache.
    await waitUntil(page, `${counts('handler')}.reduce((a, b) => a + b, 0) > 50`, 60_000)
  }

  for (const language of ['zh-TW', 'en'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`${language}, ${theme}: every chart drawn, readable as a table, no axe finding`, async () => {
        await host.core.invoke('settings:update', { language, theme })
        await openOverview()
        for (const chart of ['statusPriority', 'due', 'handler', 'category', 'perDay'])
          expect(await page.locator(`[data-testid=overview-chart-${chart}] canvas`).count()).toBe(1)
        expect(await capture(page, `overview-${language}-${theme}`)).toEqual([])
        await page.click('[data-testid=overview-toggle-handler]')
        await page.waitForSelector('[data-testid=overview-table-handler]:not(.visually-hidden)')
        expect(await capture(page, `overview-${language}-${theme}-table`)).toEqual([])
      }, 120_000)
    }
  }

  it('kept between visits: back from the queue, asked once more and every chart drawn', async () => {
    await host.core.invoke('settings:update', { language: 'zh-TW', theme: 'light' })
    await openOverview()
    const shown = (await page.evaluate(counts('handler'))) as number[]
    // The canvases are marked: the same ones are there after the visit (kept, not rebuilt).
    await page.evaluate(
      `document.querySelectorAll('[data-testid=overview] canvas').forEach((c) => { c.dataset.kept = '1' })`,
    )
    let asks = 0
    const counted = (r: { url(): string }): void => {
      if (r.url().includes('insights:overview')) asks++
    }
    page.on('request', counted)
    // The page's calls go over its call socket once the first one is answered: counted as sent.
    await page.evaluate(
      `window.__asks = 0; { const send = WebSocket.prototype.send; WebSocket.prototype.send = function (d) { if (String(d).includes('insights:overview')) window.__asks++; return send.call(this, d) } }`,
    )
    const answered = await page.getAttribute('[data-testid=overview]', 'data-answered')
    await page.click('[data-testid=nav-view-all]')
    await page.waitForSelector('[data-testid=ticket-grid]')
    const asked = asks + ((await page.evaluate('window.__asks')) as number)
    await page.click('[data-testid=nav-overview]')
    await waitUntil(
      page,
      `document.querySelector('[data-testid=overview]')?.getAttribute('data-answered') !== ${JSON.stringify(answered)} && [...document.querySelectorAll('[data-testid=overview] [data-drawn]')].filter((c) => c.getAttribute('data-drawn') === 'true').length === 5`,
      15_000,
    )
    expect(await page.locator('[data-testid=overview] canvas[data-kept="1"]').count()).toBe(5)
    page.off('request', counted)
    expect(asks + ((await page.evaluate('window.__asks')) as number)).toBe(asked + 1)
    expect(await page.evaluate(counts('handler'))).toEqual(shown)
    await page.click('[data-testid=overview-toggle-handler]')
    await page.waitForSelector('[data-testid=overview-table-handler]:not(.visually-hidden)')
  }, 120_000)

  it('a bar clicked on the canvas opens the queue on as many tickets as it shows', async () => {
    await host.core.invoke('settings:update', { language: 'zh-TW', theme: 'light' })
    await openOverview()
    const [overdue] = (await page.evaluate(counts('due'))) as number[]
    expect(overdue).toBeGreaterThan(0)
    // Find the overdue bar (the left one) by where the canvas offers a pointer, and click it.
    const chart = page.locator('[data-testid=overview-chart-due] .chart')
    const box = (await chart.boundingBox())!
    let hit: { x: number; y: number } | null = null
    for (let y = box.y + box.height - 30; y > box.y + 20 && !hit; y -= 8) {
      for (let x = box.x + 40; x < box.x + box.width / 2 && !hit; x += 8) {
        await page.mouse.move(x, y)
        const cursor = await page.evaluate(
          `getComputedStyle(document.querySelector('[data-testid=overview-chart-due] canvas').parentElement).cursor`,
        )
        if (cursor === 'pointer') hit = { x, y }
      }
    }
    expect(hit).not.toBeNull()
    await page.mouse.click(hit!.x, hit!.y)
    await page.waitForSelector('[data-testid=ticket-grid]', { timeout: 15_000 })
    expect(page.url()).toContain('#/queue/open')
    expect(await waitForTotal(page, (n) => n === overdue)).toBe(overdue)
  }, 120_000)

  it('redrawn at the new size when the window is resized', async () => {
    await host.core.invoke('settings:update', { language: 'en', theme: 'dark' })
    await openOverview()
    // Each canvas fills its card's chart area, its pixels drawn at that size.
    const fits = `[...document.querySelectorAll('[data-testid=overview] .chart-canvas')].every((el) => { const c = el.querySelector('canvas'); const box = el.getBoundingClientRect(); const drawn = c?.getBoundingClientRect(); return drawn && Math.abs(drawn.width - box.width) < 1 && Math.abs(drawn.height - box.height) < 1 && c.width === Math.round(drawn.width * devicePixelRatio) })`
    await waitUntil(page, fits)
    const widthOf = `document.querySelector('[data-testid=overview-chart-handler] canvas').getBoundingClientRect().width`
    const before = (await page.evaluate(widthOf)) as number
    await page.setViewportSize({ width: 1000, height: 1500 })
    await waitUntil(page, `${widthOf} < ${before - 50}`)
    await waitUntil(page, fits)
    expect(await capture(page, 'overview-en-dark-narrow')).toEqual([])
    await page.setViewportSize({ width: 1280, height: 900 })
    await waitUntil(page, `${widthOf} === ${before}`)
    await waitUntil(page, fits)
  }, 120_000)

  it('a count clicked in a chart’s table opens the queue on as many tickets', async () => {
    await openOverview()
    await page.click('[data-testid=overview-toggle-category]')
    const shown = (await page.evaluate(counts('category'))) as number[]
    await page.locator('[data-testid=overview-cell-category]').first().click()
    await page.waitForSelector('[data-testid=ticket-grid]', { timeout: 15_000 })
    expect(await waitForTotal(page, (n) => n === shown[0])).toBe(shown[0])
  }, 120_000)
})

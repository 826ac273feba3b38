// The queue's layout in Chromium at the widths agents use (1024, 1280, 1440 px), in zh-TW and
// English, light and dark: the subject keeps at least 12 characters at 1024 px, the due and
// updated times and the app's own words in a row (status, priority, "unassigned") are never cut,
// a cut subject, category, contact or handler shows whole on hover,
// the toolbar stays one line, the search placeholder fits, every
// built-in view's name is whole, the sticky header is opaque (rows never show through it), and
// the rows tile the grid (none overlaps the next or leaves a gap).
// Screenshots of each for a person to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finishE2e } from './agent-ui'
import { launchBrowser, screenshot, type Page, type TestBrowser } from '../helpers/browser'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { actAsFirstEmployee, startTestHost, type TestHost } from '../helpers/web-host'

interface Layout {
  subjectPx: number
  fontPx: number
  cutTimes: string[]
  cutLabels: string[]
  cutUntitled: string[]
  toolbarPx: number
  placeholderFits: boolean
  titleCut: boolean
  headerAlpha: number
  rowMisfits: number
}

/** Measured in the page (a string: the app's CSP forbids the driver's function wrappers). */
const MEASURE = `(() => {
  const rows = [...document.querySelectorAll('[data-testid=ticket-grid] [role=row][data-id]')]
  const first = rows[0]
  const subject = first.querySelector('.c-subject')
  const isCut = (c) => c.scrollWidth > c.clientWidth + 1
  const cut = []
  const cutLabels = []
  const cutUntitled = []
  for (const r of rows) {
    for (const c of r.querySelectorAll('.c-due, .c-updated')) if (isCut(c)) cut.push(c.textContent.trim())
    // The handler's cell holds the app's word only when nobody is assigned (a name is data).
    for (const c of r.querySelectorAll('.c-status, .c-priority, .c-handler.muted')) {
      if (isCut(c)) cutLabels.push(c.textContent.trim())
    }
    // Data a narrow column cuts is whole on hover.
    for (const c of r.querySelectorAll('.c-subject, .c-category, .c-contact, .c-handler:not(.muted)')) {
      if (isCut(c) && c.title !== c.textContent.trim()) cutUntitled.push(c.textContent.trim())
    }
  }
  const input = document.querySelector('[data-testid=queue-search] input')
  const probe = document.createElement('span')
  probe.style.font = getComputedStyle(input).font
  probe.style.whiteSpace = 'nowrap'
  probe.textContent = input.placeholder
  document.body.append(probe)
  const placeholderFits = probe.offsetWidth <= input.clientWidth
  probe.remove()
  // Each row as tall as rows are apart: none overlaps the next or leaves a gap above it.
  const boxes = rows.map((r) => r.getBoundingClientRect()).sort((a, b) => a.top - b.top)
  const rowMisfits = boxes.slice(1).filter((b, i) => Math.abs(b.top - boxes[i].bottom) > 0.5).length
  const title = document.querySelector('[data-testid=queue-title]')
  const bg = getComputedStyle(document.querySelector('[data-testid=ticket-grid] .header')).backgroundColor
  const alpha = /rgba\\(.*,\\s*([\\d.]+)\\)/.exec(bg)
  const style = getComputedStyle(subject)
  return {
    subjectPx: subject.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
    fontPx: parseFloat(style.fontSize),
    cutTimes: cut,
    cutLabels: [...new Set(cutLabels)],
    cutUntitled,
    toolbarPx: document.querySelector('.queue .toolbar').getBoundingClientRect().height,
    placeholderFits,
    titleCut: title.scrollWidth > title.clientWidth,
    headerAlpha: alpha ? Number(alpha[1]) : 1,
    rowMisfits,
  }
})()`

describe('the queue at 1024, 1280 and 1440 px', () => {
  let sandbox: TestSandbox
  let host: TestHost
  let browser: TestBrowser
  let page: Page

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 120, seed: 20 })
    host = await startTestHost({ apiUrl: sandbox.url })
    await actAsFirstEmployee(host.core)
    browser = await launchBrowser()
    page = await browser.newPage()
  })
  afterAll(() => finishE2e({ browser, host, sandbox }))

  /** The queue loaded afresh at `width` (a new language and theme are read at start). */
  async function openQueue(
    language: 'zh-TW' | 'en',
    theme: 'light' | 'dark',
    width: number,
  ): Promise<void> {
    await host.core.invoke('settings:update', { language, theme })
    await page.setViewportSize({ width, height: 800 })
    await page.goto(`${host.host.openUrl}`)
    await page.reload()
    await page.waitForSelector('[data-testid=ticket-grid] [role=row][data-id]', {
      timeout: 60_000,
    })
  }

  for (const language of ['zh-TW', 'en'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`${language}, ${theme}: nothing an agent reads is cut or hidden`, async () => {
        await openQueue(language, theme, 1440)
        // Every ticket, assigned or not, once the start-up's own view (「我的待辦」) is drawn.
        const startView = (await page.textContent('[data-testid=queue-title]')) ?? ''
        await page.evaluate(`location.hash = '#/queue/all'`)
        await expect.poll(() => page.textContent('[data-testid=queue-title]')).not.toBe(startView)
        expect(await page.locator('.c-handler.muted').count()).toBeGreaterThan(0)
        for (const width of [1024, 1280, 1440]) {
          await page.setViewportSize({ width, height: 800 })
          // The side bar folds to a rail below 1200 px: measured once the shell has followed.
          await expect
            .poll(() =>
              page.evaluate(
                `document.querySelector('.shell').classList.contains('side-collapsed')`,
              ),
            )
            .toBe(width < 1200)
          const m = (await page.evaluate(MEASURE)) as Layout
          const at = `${language} ${theme} ${width}px`
          // Twelve Chinese characters of the subject, whatever the language.
          expect(m.subjectPx, at).toBeGreaterThanOrEqual(12 * m.fontPx)
          expect(m.cutTimes, at).toEqual([])
          expect(m.cutLabels, at).toEqual([])
          expect(m.cutUntitled, at).toEqual([])
          expect(m.toolbarPx, at).toBeLessThan(44)
          expect(m.placeholderFits, at).toBe(true)
          expect(m.headerAlpha, at).toBe(1)
          expect(m.rowMisfits, at).toBe(0)
          expect(
            await page.evaluate(
              `document.documentElement.dataset.theme + ' ' + document.documentElement.lang`,
            ),
            at,
          ).toBe(`${theme} ${language === 'en' ? 'en' : 'zh-Hant-TW'}`)
          await screenshot(page, `queue-${language}-${theme}-${width}`)
        }
        // At the narrowest width, the name of every built-in view is whole: the search and the
        // quick filters narrow first.
        await page.setViewportSize({ width: 1024, height: 800 })
        // Each view's name differs from the one before: a changed name is the new view drawn.
        // The view on screen now comes last, so the first step is a change too.
        let shown = (await page.textContent('[data-testid=queue-title]')) ?? ''
        const now = String(await page.evaluate('location.hash')).replace('#/queue/', '')
        const views = ['mine', 'unassigned', 'open', 'due', 'done', 'all']
        for (const view of [...views.filter((v) => v !== now), ...views.filter((v) => v === now)]) {
          await page.evaluate(`location.hash = '#/queue/${view}'`)
          await expect.poll(() => page.textContent('[data-testid=queue-title]')).not.toBe(shown)
          shown = (await page.textContent('[data-testid=queue-title]')) ?? ''
          expect(
            (await page.evaluate(MEASURE)) as Layout,
            `${language} ${theme} 1024px: ${shown}`,
          ).toMatchObject({ titleCut: false, placeholderFits: true })
        }
      })
    }
  }

  it('at 1024 px the side bar expanded by hand opens over the queue and folds at a pick', async () => {
    await openQueue('zh-TW', 'light', 1024)
    const widths = `(() => {
      const grid = document.querySelector('[data-testid=ticket-grid]')
      const title = document.querySelector('[data-testid=queue-title]')
      return {
        main: document.querySelector('#main').getBoundingClientRect().width,
        sideways: grid.scrollWidth > grid.clientWidth + 1,
        titleCut: title.scrollWidth > title.clientWidth,
      }
    })()`
    const folded = await page.evaluate(widths)
    await page.click('[data-testid=sidebar-toggle]')
    await expect
      .poll(() => page.getAttribute('[data-testid=sidebar]', 'data-collapsed'))
      .toBe('false')
    // The view names are whole in the side bar, and the queue beside it is as wide as before.
    expect(await page.evaluate(widths)).toEqual(folded)
    expect(folded).toMatchObject({ sideways: false, titleCut: false })
    await screenshot(page, 'queue-zh-TW-1024-side-bar-open')
    await page.click('[data-testid=nav-view-unassigned]')
    await expect
      .poll(() => page.getAttribute('[data-testid=sidebar]', 'data-collapsed'))
      .toBe('true')
    expect(await page.evaluate('location.hash')).toBe('#/queue/unassigned')
  })

  it('at 1024 px a saved view with a long name keeps every control in the toolbar', async () => {
    const name = '本週需要回電的急件與客訴追蹤：帳務、退款與配送問題'
    await openQueue('zh-TW', 'light', 1024)
    await page.click('[data-testid=save-view]')
    await page.waitForSelector('#save-view-name:focus')
    await page.keyboard.type(name)
    await page.click('[data-testid=save-view-confirm]')
    await expect.poll(() => page.getAttribute('[data-testid=queue-title]', 'title')).toBe(name)
    await page.waitForSelector('[data-testid=rename-view]')
    const fit = (await page.evaluate(`(() => {
      const toolbar = document.querySelector('.queue .toolbar')
      const right = toolbar.getBoundingClientRect().right
      const out = [...toolbar.children].filter((c) => c.getBoundingClientRect().right > right + 0.5)
      const title = document.querySelector('[data-testid=queue-title]')
      return { out: out.map((c) => c.textContent.trim()), cut: title.scrollWidth > title.clientWidth }
    })()`)) as { out: string[]; cut: boolean }
    // The name gives way (whole on hover); every button is still on screen.
    expect(fit).toEqual({ out: [], cut: true })
    await screenshot(page, 'queue-zh-TW-1024-long-saved-view')
  })
})

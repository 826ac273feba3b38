/**
 * naive-ui's English defaults ("Please Select", "Start Date", "No Data", "Now"...) never show in
 * the zh-TW UI: every screen is walked in Chromium through the browser host with each select,
 * picker and dropdown opened (their menus and calendars are mounted outside the app's root), and
 * the page's text and placeholders are checked against naive's own English texts.
 * Screenshots `test-results/screenshots/zh-defaults-*`.
 */
import { enUS, zhTW } from 'naive-ui'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finishE2e, waitForSync } from './agent-ui'
import { launchBrowser, screenshot, type Page, type TestBrowser } from '../helpers/browser'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { actAsFirstEmployee, startTestHost, type TestHost } from '../helpers/web-host'

/** naive's English texts that its zh-TW locale words otherwise (date formats left out). */
function naiveEnglish(): string[] {
  const out = new Set<string>()
  const walk = (en: unknown, zh: unknown): void => {
    for (const [key, value] of Object.entries(en as Record<string, unknown>)) {
      const other = (zh as Record<string, unknown> | undefined)?.[key]
      if (value && typeof value === 'object') walk(value, other)
      else if (typeof value === 'string' && value !== other && /[A-Za-z]{2,}/.test(value))
        out.add(value)
    }
  }
  walk(enUS, zhTW)
  // The locale's name and format letters are not words on screen.
  return [...out].filter((s) => s !== 'en-US' && !/^[yMdHhmsaQqEewWY\s\-/:,.]+$/.test(s))
}

const ENGLISH = naiveEnglish()
const PATTERN = new RegExp(
  `(?<![A-Za-z])(${ENGLISH.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![A-Za-z])`,
  'g',
)

/** The page's visible text and every placeholder, as one string. */
async function shownText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const placeholders = [...document.querySelectorAll('input, textarea')]
      .map((el) => (el as HTMLInputElement).placeholder)
      .filter(Boolean)
    return [document.body.innerText, ...placeholders].join('\n')
  })
}

async function englishOn(page: Page): Promise<string[]> {
  return (await shownText(page)).match(PATTERN) ?? []
}

/** Opens each select and date picker on the screen in turn and collects English found. */
async function openEach(page: Page, scope: string, found: Set<string>): Promise<void> {
  const triggers = page.locator(`${scope} .n-base-selection, ${scope} .n-date-picker`)
  const n = await triggers.count()
  for (let i = 0; i < n; i++) {
    const t = triggers.nth(i)
    const disabled = await t.evaluate((el) =>
      /--disabled\b/.test(
        el.className + ' ' + (el.querySelector('[class*=--disabled]')?.className ?? ''),
      ),
    )
    if (!(await t.isVisible()) || disabled) continue
    await t.click()
    await page
      .locator('.n-base-select-menu, .n-date-panel, .n-cascader-menu')
      .first()
      .waitFor({ timeout: 3_000 })
      .catch(() => undefined)
    for (const e of await englishOn(page)) found.add(e)
    await page.keyboard.press('Escape')
  }
}

describe('naive-ui in the zh-TW UI', () => {
  let sandbox: TestSandbox
  let host: TestHost
  let browser: TestBrowser
  let page: Page

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 200, seed: 41 })
    host = await startTestHost({ apiUrl: sandbox.apiBase })
    await actAsFirstEmployee(host.core)
    browser = await launchBrowser({ locale: 'zh-TW', width: 1280, height: 800 })
    page = await browser.newPage()
  })
  afterAll(() => finishE2e({ browser, host, sandbox }))

  it('knows naive-ui English defaults to look for', () => {
    expect(ENGLISH).toEqual(
      expect.arrayContaining(['Please Select', 'Start Date', 'End Date', 'No Data', 'Now']),
    )
    expect('請選擇 Please Select'.match(PATTERN)).toEqual(['Please Select'])
  })

  it('shows none of them on any screen, with every picker and dropdown opened', async () => {
    await page.goto(host.host.openUrl)
    await waitForSync(page, 'online')
    const found = new Set<string>()
    const base = host.host.openUrl.split('#')[0]
    const go = async (hash: string, ready: string): Promise<void> => {
      await page.goto(`${base}${hash}`)
      await page.waitForSelector(ready)
      for (const e of await englishOn(page)) found.add(`${hash}: ${e}`)
    }
    const record = (where: string, list: Iterable<string>): void => {
      for (const e of list) found.add(`${where}: ${e}`)
    }

    // The queue: its quick selects, then the drawer with every picker, then the save-view form.
    await go('#/queue/all', '[data-testid=ticket-grid] [role=row][data-id]')
    const queueFound = new Set<string>()
    await openEach(page, 'main', queueFound)
    record('queue', queueFound)
    await page.click('[data-testid=open-filters]')
    await page.waitForSelector('[data-testid=filter-drawer]')
    const drawerFound = new Set<string>()
    await openEach(page, '.n-drawer', drawerFound)
    record('filter drawer', drawerFound)
    await screenshot(page, 'zh-defaults-drawer')
    await page.keyboard.press('Escape')
    await page
      .locator('.n-drawer')
      .waitFor({ state: 'detached' })
      .catch(() => undefined)
    await page.click('[data-testid=save-view]')
    await page.waitForSelector('[data-testid=save-view-relative]')
    const saveFound = new Set<string>()
    await openEach(page, '[data-testid=save-view-relative]', saveFound)
    record('save view', saveFound)
    await page.click('[data-testid=save-view-cancel]')

    // A search that finds nothing: the grid's own empty text, not naive's "No Data".
    await page.locator('[data-testid=queue-search] input').fill('絕對找不到的字串')
    await page.waitForSelector('[data-testid=ticket-grid][data-total="0"]')
    record('empty search', await englishOn(page))
    await page.locator('[data-testid=queue-search] input').fill('')

    // A ticket, its edit form with every select and the due time's calendar, a new ticket.
    const id = await page.getAttribute('[data-testid=ticket-grid] [role=row][data-id]', 'data-id')
    await go(`#/tickets/${id}`, '[data-testid=detail-edit]')
    await go(`#/tickets/${id}/edit`, '[data-testid=tf-sponsor]')
    const formFound = new Set<string>()
    await openEach(page, 'main', formFound)
    record('edit form', formFound)
    await screenshot(page, 'zh-defaults-edit-form')
    await go('#/tickets/new', '[data-testid=tf-sponsor]')
    record('new ticket', await englishOn(page))

    // Settings, the outbox, the palette and the shortcut help (dialogs outside the root).
    await go('#/settings', '[data-testid=settings-logs-terminal]')
    const settingsFound = new Set<string>()
    await openEach(page, 'main', settingsFound)
    record('settings', settingsFound)
    await go('#/outbox', 'main')
    await go('#/queue/mine', '[data-testid=ticket-grid]')
    await page.keyboard.press('Control+k')
    await page.waitForSelector('[data-testid=palette-input]')
    record('palette', await englishOn(page))
    await page.keyboard.press('Escape')
    await page.locator('[data-testid=ticket-grid]').focus()
    await page.keyboard.press('Shift+?')
    await page.waitForSelector('[data-testid=shortcut-help]')
    record('shortcut help', await englishOn(page))
    await screenshot(page, 'zh-defaults-shortcuts')

    expect([...found]).toEqual([])
  })
})

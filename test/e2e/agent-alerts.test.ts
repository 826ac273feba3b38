/**
 * Alerts and the status bar in Chromium, through the browser host, against the sandbox: another agent assigns an
 * urgent ticket to me and a desktop notification (the Web Notifications API) appears within the
 * mine-refresh promise of 60 s, with the count in the title and the side bar and the row
 * highlighted until opened; a 401, a 429 and a 500 each read as their own reason in the status
 * bar, then "back online"; at 1280x720 and 1024x768 the ticket's fields, contact card and
 * timeline, and the form's save button, are in view without scrolling (bounding boxes), and the
 * queue does not scroll sideways. Screenshots of each state in zh-TW and en.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import { launchBrowser, type TestBrowser } from '../helpers/browser'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import {
  actAsFirstEmployee,
  openTicketNotMine,
  startTestHost,
  WEB_BUILD_DIR,
  type TestHost,
} from '../helpers/web-host'
import { capture, finishE2e, setLanguage, waitForSync, waitForTotal, waitUntil } from './agent-ui'

interface Recorded {
  title: string
  body: string
  at: number
}

/** Records every Notification the page creates; `window.__clickNote(i)` clicks one. */
const RECORD_NOTIFICATIONS = `(() => {
  const Real = window.Notification
  const notes = []
  window.__notes = notes
  window.__noteObjects = []
  class Recording extends Real {
    constructor(title, options) {
      super(title, options)
      notes.push({ title, body: (options && options.body) || '', at: Date.now() })
      window.__noteObjects.push(this)
    }
  }
  Object.defineProperty(Recording, 'permission', { get: () => Real.permission })
  Recording.requestPermission = (...a) => Real.requestPermission(...a)
  window.Notification = Recording
  window.__clickNote = (i) => window.__noteObjects[i].onclick && window.__noteObjects[i].onclick()
})()`

describe('alerts, a truthful status bar and room to read', () => {
  let sandbox: TestSandbox
  let host: TestHost
  let browser: TestBrowser
  let page: Page
  let dir: string
  let me: number
  const pageErrors: string[] = []

  /** The element's box is inside the viewport (nothing of it below the fold). */
  async function inView(selector: string): Promise<{ top: number; bottom: number }> {
    const box = await page.locator(selector).first().boundingBox()
    const viewport = page.viewportSize()!
    expect(box, selector).not.toBeNull()
    expect(box!.y, `${selector} top`).toBeGreaterThanOrEqual(0)
    expect(box!.y + box!.height, `${selector} bottom`).toBeLessThanOrEqual(viewport.height)
    return { top: box!.y, bottom: box!.y + box!.height }
  }

  beforeAll(async () => {
    if (!existsSync(join(WEB_BUILD_DIR, 'index.html'))) {
      throw new Error('out/web is missing: run `npm run build:web` first (npm run test:e2e does)')
    }
    dir = mkdtempSync(join(tmpdir(), 'ac-alerts-'))
    sandbox = await startTestSandbox({
      tickets: 300,
      seed: 21,
      dbPath: join(dir, 'sandbox.sqlite'),
    })
    host = await startTestHost({ apiUrl: sandbox.apiBase })
    me = await actAsFirstEmployee(host.core)
    browser = await launchBrowser({ locale: 'zh-TW', width: 1280, height: 720 })
    await browser.browser.grantPermissions(['notifications'], {
      origin: new URL(host.host.openUrl).origin,
    })
    await browser.browser.addInitScript({ content: RECORD_NOTIFICATIONS })
    page = await browser.newPage()
    page.on('pageerror', (e) => pageErrors.push(e.message))
  })

  afterAll(() => finishE2e({ axe: true, browser, host, sandbox, dir }))

  it('notifies within 60 s when another agent assigns an urgent ticket to me, once', async () => {
    await page.goto(host.host.openUrl)
    await page.waitForSelector('[data-testid=ticket-grid]')
    await waitForSync(page, 'online')
    // The first sync is the baseline: nothing is news yet.
    expect(await page.evaluate('window.__notes.length')).toBe(0)

    const target = await openTicketNotMine(host.core, me)
    const assignedAt = Date.now()
    await sandbox.control.updateTicket(target, {
      handler_id: me,
      priority: 3,
      subject: '客戶急件：退款未入帳',
    })
    await waitUntil(page, 'window.__notes.length > 0', 60_000)
    const notes = (await page.evaluate('window.__notes')) as Recorded[]
    expect(notes).toHaveLength(1)
    expect(notes[0]!.title).toBe('新指派給你的工單')
    expect(notes[0]!.body).toBe(`#${target} 客戶急件：退款未入帳`)
    expect(notes[0]!.at - assignedAt).toBeLessThan(60_000)
    expect(await page.title()).toBe('(1) 客服工作台')
    expect(await page.textContent('[data-testid=nav-alerts]')).toBe('1')

    await page.click('[data-testid=nav-view-mine]')
    await page.waitForSelector(`[role=row][data-id="${target}"][data-alerted=true]`)
    expect(await capture(page, 'zh-TW-21-alert-queue')).toEqual([])
    await setLanguage(page, 'en')
    expect(await page.title()).toBe('(1) Agent Console')
    expect(await capture(page, 'en-21-alert-queue')).toEqual([])
    await setLanguage(page, 'zh-TW')

    // A click on the notification opens the ticket; opened, it no longer counts.
    await page.evaluate('window.__clickNote(0)')
    await page.waitForSelector('[data-testid=detail-subject]')
    expect(await page.textContent('[data-testid=detail-subject]')).toContain('客戶急件')
    await waitUntil(page, `document.title === '客服工作台'`)
    expect(await page.locator('[data-testid=nav-alerts]').count()).toBe(0)

    // A reload raises nothing again; neither does the next sync.
    await page.reload()
    await page.waitForSelector('[data-testid=detail-subject]')
    await page.click('[data-testid=sync-now]')
    await waitForSync(page, 'online')
    expect(await page.evaluate('window.__notes.length')).toBe(0)
    expect(pageErrors).toEqual([])
  }, 120_000)

  async function failWith(status: number, retryAfterSec?: number): Promise<void> {
    await sandbox.control.setFaults({
      // The client tries a 429 or a 5xx five times in all; a 401 once.
      failNext: {
        count: status === 401 ? 1 : 5,
        status,
        ...(retryAfterSec ? { retryAfterSec } : {}),
      },
    })
    await page.click('[data-testid=sync-now]')
  }

  async function recover(): Promise<void> {
    await sandbox.control.clearFaults()
    await page.click('[data-testid=sync-retry]')
    await page.waitForSelector('[data-testid=sync-state][data-state=online]', { timeout: 60_000 })
  }

  it('says what each failure is: 401, 429, 500; counts down; says "back online"', async () => {
    await page.click('[data-testid=nav-view-mine]')
    await page.waitForSelector('[data-testid=ticket-grid]')

    await failWith(401)
    await page.waitForSelector('[data-testid=sync-reason][data-code=unauthorized]', {
      timeout: 30_000,
    })
    expect(await page.textContent('[data-testid=sync-reason]')).toContain(
      '伺服器拒絕了權杖：請重新連線',
    )
    expect(await page.locator('[data-testid=sync-connect-again]').count()).toBe(1)
    expect(await capture(page, 'zh-TW-22-status-401')).toEqual([])
    await setLanguage(page, 'en')
    expect(await page.textContent('[data-testid=sync-reason]')).toContain(
      'The server refused the token: connect again',
    )
    expect(await capture(page, 'en-22-status-401')).toEqual([])
    await setLanguage(page, 'zh-TW')
    await recover()
    await page.waitForSelector('[data-testid=sync-state]:has-text("已恢復連線")')
    expect(await capture(page, 'zh-TW-23-back-online')).toEqual([])

    // 429: while the client waits out Retry-After, the bar says so (not "reference data 0/5").
    await failWith(429, 3)
    await page.waitForSelector('[data-testid=sync-waiting]', { timeout: 20_000 })
    expect(await page.textContent('[data-testid=sync-waiting]')).toMatch(
      /伺服器要求等候：\d+ 秒後繼續/,
    )
    expect(await capture(page, 'zh-TW-24-status-429-waiting')).toEqual([])
    await page.waitForSelector('[data-testid=sync-reason][data-code=rate_limited]', {
      timeout: 60_000,
    })
    expect(await page.textContent('[data-testid=sync-reason]')).toContain('伺服器要求我們等候 3 秒')
    expect(await page.textContent('[data-testid=sync-next-try]')).toMatch(
      /下次重試 \d{4}-\d\d-\d\d \d\d:\d\d（\d+ 秒後）/,
    )
    expect(await capture(page, 'zh-TW-25-status-429')).toEqual([])
    await setLanguage(page, 'en')
    expect(await page.textContent('[data-testid=sync-reason]')).toContain(
      'The server asked us to wait 3 s',
    )
    expect(await capture(page, 'en-25-status-429')).toEqual([])
    await setLanguage(page, 'zh-TW')
    await recover()

    await failWith(500)
    await page.waitForSelector('[data-testid=sync-reason][data-code=server_error]', {
      timeout: 60_000,
    })
    expect(await page.textContent('[data-testid=sync-reason]')).toContain('伺服器發生錯誤（500）')
    expect(await page.textContent('[data-testid=sync-next-try]')).toMatch(/下次重試/)
    expect(await capture(page, 'zh-TW-26-status-500')).toEqual([])
    await setLanguage(page, 'en')
    expect(await page.textContent('[data-testid=sync-reason]')).toContain('The server failed (500)')
    expect(await page.textContent('[data-testid=sync-next-try]')).toMatch(
      /next try at \d{4}-\d\d-\d\d \d\d:\d\d \(in \d+ s\)/,
    )
    expect(await capture(page, 'en-26-status-500')).toEqual([])
    await recover()
    expect(await page.textContent('[data-testid=sync-state]')).toContain('Back online')
    expect(await capture(page, 'en-23-back-online')).toEqual([])
    expect(await page.textContent('[data-testid=status-bar] [data-tier=all]')).toMatch(
      /all tickets as of (\d\d-\d\d )?\d\d:\d\d/,
    )
    // The 429 wait in English too.
    await failWith(429, 3)
    await page.waitForSelector('[data-testid=sync-waiting]', { timeout: 20_000 })
    expect(await page.textContent('[data-testid=sync-waiting]')).toMatch(
      /The server asked us to wait: continuing in \d+ s/,
    )
    expect(await capture(page, 'en-24-status-429-waiting')).toEqual([])
    await page.waitForSelector('[data-testid=sync-reason][data-code=rate_limited]', {
      timeout: 60_000,
    })
    await recover()
    await setLanguage(page, 'zh-TW')
  }, 300_000)

  /** A ticket with calls, given 18,000 characters of content by another agent. */
  async function longTicket(): Promise<number> {
    const all = await sandbox.control.listTickets()
    for (const { id } of all) {
      const t = (await sandbox.control.getTicket(id)) as Ticket | null
      if (t?.contact && (t.interact_collections?.length ?? 0) >= 2) {
        const content = Array.from(
          { length: 600 },
          (_, i) => `第 ${i + 1} 行：客戶來電詢問退款進度，已說明處理流程。`,
        ).join('\n')
        await sandbox.control.updateTicket(id, { content })
        return id
      }
    }
    throw new Error('no ticket with calls and a contact')
  }

  it('shows the fields, contact and timeline, and the form’s save, without scrolling, at 1280x720 and 1024x768', async () => {
    const id = await longTicket()
    await host.core.invoke('sync:now', {})
    await waitForSync(page, 'online', 60_000)
    for (const [w, h] of [
      [1280, 720],
      [1024, 768],
    ] as const) {
      await page.setViewportSize({ width: w, height: h })
      await page.goto(`${host.host.openUrl.split('#')[0]}#/tickets/${id}`)
      await page.waitForSelector('[data-testid=detail-content-toggle]')
      await inView('[data-testid=detail-fields]')
      await inView('[data-testid=contact-card]')
      const timeline = await page.locator('[data-testid=timeline]').boundingBox()
      expect(timeline!.y, 'timeline starts in view').toBeLessThan(h - 80)
      await inView('[data-testid=timeline-item]')
      for (const lang of ['zh-TW', 'en'] as const) {
        await setLanguage(page, lang)
        expect(await capture(page, `${lang}-27-detail-long-${w}x${h}`)).toEqual([])
      }
      await setLanguage(page, 'zh-TW')

      await page.click('[data-testid=detail-edit]')
      await page.waitForSelector('[data-testid=tf-save]')
      await inView('[data-testid=tf-save]')
      await inView('[data-testid=tf-cancel]')
      for (const lang of ['zh-TW', 'en'] as const) {
        await setLanguage(page, lang)
        expect(await capture(page, `${lang}-28-form-long-${w}x${h}`)).toEqual([])
      }
      await setLanguage(page, 'zh-TW')
      await page.click('[data-testid=tf-cancel]')
      await page.waitForSelector('[data-testid=detail-subject]')

      await page.click('[data-testid=nav-view-all]')
      await waitForTotal(page, (n) => n > 0)
      const sideways = await page.evaluate(
        `(() => { const g = document.querySelector('[data-testid=ticket-grid]'); return g.scrollWidth - g.clientWidth })()`,
      )
      expect(sideways, `queue at ${w}x${h} scrolls sideways`).toBeLessThanOrEqual(0)
      for (const lang of ['zh-TW', 'en'] as const) {
        await setLanguage(page, lang)
        expect(await capture(page, `${lang}-29-queue-${w}x${h}`)).toEqual([])
      }
      await setLanguage(page, 'zh-TW')
    }
  }, 240_000)
})

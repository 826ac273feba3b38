/**
 * The states an agent meets in a day, in Chromium through the browser host against the sandbox,
 * with screenshots in zh-TW and en: every shortcut listed on ? (Esc closes only that, and only
 * the dialog on the delete question); a selection in the queue; a saved view "due in the next 24
 * hours" counted in the side bar; a new ticket for the caller, with their tickets beside it; a
 * ticket another agent deleted; the alert setting.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type TestBrowser } from '../helpers/browser'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { actAsFirstEmployee, startTestHost, type TestHost } from '../helpers/web-host'
import { capture, finishE2e, setLanguage, waitForSync, waitForTotal, waitUntil } from './agent-ui'

describe("an agent's day: shortcuts, selection, saved views, callers, deletions", () => {
  let sandbox: TestSandbox
  let host: TestHost
  let browser: TestBrowser
  let page: Page
  let dir: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ac-states-'))
    sandbox = await startTestSandbox({
      tickets: 300,
      seed: 21,
      dbPath: join(dir, 'sandbox.sqlite'),
    })
    host = await startTestHost({ apiUrl: sandbox.apiBase })
    await actAsFirstEmployee(host.core)
    browser = await launchBrowser({ locale: 'zh-TW', width: 1280, height: 720 })
    page = await browser.newPage()
    await page.goto(host.host.openUrl)
    await page.waitForSelector('[data-testid=ticket-grid]')
    await waitForSync(page, 'online')
  })

  afterAll(() => finishE2e({ axe: true, browser, host, sandbox, dir }))

  it('lists every shortcut on ?, and Esc closes only that', async () => {
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.click('[data-testid=nav-view-all]')
    await page.locator('[role=row][data-id]').first().click()
    await page.waitForSelector('[data-testid=detail-subject]')
    await page.keyboard.press('Shift+Slash')
    await page.waitForSelector('[data-testid=shortcut-help]')
    expect(await capture(page, 'zh-TW-30-shortcuts')).toEqual([])
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-testid=shortcut-help]', { state: 'detached' })
    // Still on the ticket: Esc closed the list, not the ticket.
    expect(await page.locator('[data-testid=detail-subject]').count()).toBe(1)
    await setLanguage(page, 'en')
    await page.keyboard.press('Shift+Slash')
    await page.waitForSelector('[data-testid=shortcut-help]')
    expect(await capture(page, 'en-30-shortcuts')).toEqual([])
    // Every key is drawn alike, also beside a description that wraps to a second line.
    const heights = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=shortcut-help] kbd')].map((k) =>
        Math.round(k.getBoundingClientRect().height),
      ),
    )
    expect(new Set(heights).size).toBe(1)
    await page.keyboard.press('Escape')
    await setLanguage(page, 'zh-TW')

    // Esc on the delete confirmation closes only the dialog.
    await page.click('[data-testid=detail-delete]')
    await page.waitForSelector('.n-dialog')
    await page.keyboard.press('Escape')
    await page.waitForSelector('.n-dialog', { state: 'detached' })
    expect(await page.locator('[data-testid=detail-subject]').count()).toBe(1)
    // Now Esc is the detail's own: back to the queue.
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-testid=ticket-grid]')
  })

  it('shows the new states in both languages: selection, a relative saved view, new ticket for the caller, a deleted ticket, the alert setting', async () => {
    await page.setViewportSize({ width: 1280, height: 720 })
    // Selection in the queue: x, then Shift-click.
    await page.click('[data-testid=nav-view-open]')
    await waitForTotal(page, (n) => n > 5)
    await page.locator('[data-testid=ticket-grid]').focus()
    await page.keyboard.press('x')
    await page
      .locator('[role=row][data-id]')
      .nth(3)
      .click({ modifiers: ['Shift'] })
    await page.waitForSelector('[data-testid=queue-picked-count]')
    expect(await page.textContent('[data-testid=queue-picked-count]')).toBe('已選 4 張')
    expect(await capture(page, 'zh-TW-31-selection')).toEqual([])
    await setLanguage(page, 'en')
    expect(await page.textContent('[data-testid=queue-picked-count]')).toBe('4 selected')
    expect(await capture(page, 'en-31-selection')).toEqual([])
    await setLanguage(page, 'zh-TW')
    await page.keyboard.press('Escape')

    // A saved view "due in the next 24 hours", counted in the side bar.
    await page.click('[data-testid=save-view]')
    await page.fill('#save-view-name', '24 小時內到期')
    await page.click('[data-testid=save-view-relative]')
    await page.locator('.n-base-select-option:visible', { hasText: '24 小時內到期' }).click()
    expect(await capture(page, 'zh-TW-32-save-relative-view')).toEqual([])
    await setLanguage(page, 'en')
    await page.waitForSelector('[data-testid=save-view-form]')
    expect(await capture(page, 'en-32-save-relative-view')).toEqual([])
    await setLanguage(page, 'zh-TW')
    await page.click('[data-testid=save-view-confirm]')
    await page.waitForSelector('[data-testid^=saved-count-]')
    await waitUntil(
      page,
      `/^\\d+$/.test(document.querySelector('[data-testid^=saved-count-]')?.textContent?.trim() ?? '')`,
    )
    const shown = Number(await page.textContent('[data-testid^=saved-count-]'))
    expect(shown).toBe(await waitForTotal(page, (n) => n >= 0))
    expect(await capture(page, 'zh-TW-33-relative-view')).toEqual([])
    await setLanguage(page, 'en')
    expect(await capture(page, 'en-33-relative-view')).toEqual([])
    await setLanguage(page, 'zh-TW')

    // New ticket for this caller: the form opens with the contact filled in.
    await page.locator('[role=row][data-id]').first().click()
    await page.waitForSelector('[data-testid=contact-new-ticket]')
    await page.click('[data-testid=contact-new-ticket]')
    await page.waitForSelector('[data-testid=form-prefilled-contact]')
    // Beside the form, what the caller already has: the ticket just left is one of them.
    await page.waitForSelector('[data-testid=caller-context] li')
    expect(await capture(page, 'zh-TW-34-new-for-caller')).toEqual([])
    await setLanguage(page, 'en')
    await page.waitForSelector('[data-testid=caller-context] li')
    expect(await capture(page, 'en-34-new-for-caller')).toEqual([])
    await setLanguage(page, 'zh-TW')
    await page.click('[data-testid=tf-cancel]')
    await page.waitForSelector('[data-testid=detail-subject]')

    // Another agent deletes the open ticket: the page says so and offers only the way back.
    const id = Number(/#\/tickets\/(\d+)/.exec(page.url())![1])
    await sandbox.control.deleteTicket(id)
    await host.core.invoke('sync:now', {})
    await page.waitForSelector('[data-testid=detail-deleted]', { timeout: 60_000 })
    expect(await page.locator('[data-testid=detail-edit]').count()).toBe(0)
    expect(await capture(page, 'zh-TW-35-deleted')).toEqual([])
    await setLanguage(page, 'en')
    expect(await capture(page, 'en-35-deleted')).toEqual([])
    await page.click('[data-testid=detail-deleted-back]')
    await page.waitForSelector('[data-testid=ticket-grid]')

    await page.click('[data-testid=nav-settings]')
    await page.waitForSelector('[data-testid=settings-notifications]')
    await page.locator('[data-testid=settings-notifications]').scrollIntoViewIfNeeded()
    expect(await capture(page, 'en-36-settings-alerts')).toEqual([])
    await setLanguage(page, 'zh-TW')
    expect(await capture(page, 'zh-TW-36-settings-alerts')).toEqual([])
  }, 180_000)
})

/**
 * Bulk work in Chromium, through the browser host, against the sandbox: pick three
 * tickets, set a status with a status detail, see three per-ticket results, and find on the
 * sandbox exactly those three changed; then a priority for three more where another agent
 * changed one and deleted another meanwhile and the server fails the third's first sends:
 * needs attention, rejected, waiting, then applied as the outbox sends it. "Select all" over
 * more than 500 is refused with a message. Screenshots of each state in zh-TW and en.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TicketRow } from '../../src/shared/domain/queue'
import { launchBrowser, type TestBrowser } from '../helpers/browser'
import { call } from '../helpers/core'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import {
  actAsFirstEmployee,
  startTestHost,
  WEB_BUILD_DIR,
  type TestHost,
} from '../helpers/web-host'
import { capture, finishE2e, setLanguage, waitForSync, waitForTotal, waitUntil } from './agent-ui'

describe('bulk actions in the queue', () => {
  let sandbox: TestSandbox
  let host: TestHost
  let browser: TestBrowser
  let page: Page
  let dir: string
  const pageErrors: string[] = []

  /** The open view's first rows, as the grid shows them (same view, filters and sort). */
  async function openRows(): Promise<TicketRow[]> {
    return (
      await call(host.core, 'tickets:query', { view: 'open', filters: {}, offset: 0, limit: 12 })
    ).rows
  }

  async function serverStamps(): Promise<Map<number, string>> {
    return new Map((await sandbox.control.listTickets()).map((t) => [t.id, t.updated_at]))
  }

  async function pick(ids: number[]): Promise<void> {
    for (const id of ids)
      await page.locator(`[role=row][data-id="${id}"]`).click({ modifiers: ['ControlOrMeta'] })
    await page.waitForSelector(`[data-testid=queue-picked-count]:has-text("${ids.length}")`)
  }

  /** Opens the select `testid`, picks the option (by text, or the first), waits for it to close. */
  async function choose(testid: string, text?: RegExp): Promise<string> {
    await page.click(`[data-testid=${testid}]`)
    const option = page.locator('.n-base-select-menu .n-base-select-option:visible')
    const target = text ? option.filter({ hasText: text }).first() : option.first()
    const label = ((await target.textContent()) ?? '').trim()
    await target.click()
    // naive-ui keeps a closed menu in the page, hidden.
    await page.locator('.n-base-select-menu:visible').waitFor({ state: 'detached' })
    return label
  }

  /** The results panel covers the language switch: close it, switch, open it again. */
  async function resultsIn(lang: 'zh-TW' | 'en'): Promise<void> {
    await page.keyboard.press('Escape')
    await page.locator('[data-testid=bulk-results]:visible').waitFor({ state: 'detached' })
    await setLanguage(page, lang)
    await page.click('[data-testid=bulk-show-results]')
    await page.waitForSelector('[data-testid=bulk-results]')
  }

  async function resultState(id: number): Promise<string | null> {
    return page.getAttribute(`[data-testid=bulk-result-${id}]`, 'data-state')
  }

  beforeAll(async () => {
    if (!existsSync(join(WEB_BUILD_DIR, 'index.html'))) {
      throw new Error('out/web is missing: run `npm run build:web` first (npm run test:e2e does)')
    }
    dir = mkdtempSync(join(tmpdir(), 'ac-bulk-e2e-'))
    // More than the bulk limit in all, so "select all" over every ticket is refused.
    sandbox = await startTestSandbox({
      tickets: 560,
      seed: 37,
      dbPath: join(dir, 'sandbox.sqlite'),
    })
    host = await startTestHost({ apiUrl: sandbox.apiBase })
    await actAsFirstEmployee(host.core)
    browser = await launchBrowser({ locale: 'zh-TW', width: 1280, height: 720 })
    page = await browser.newPage()
    page.on('pageerror', (e) => pageErrors.push(e.message))
  })

  afterAll(() => finishE2e({ axe: true, browser, host, sandbox, dir }))

  it('sets a status with its detail on three tickets: three results, and exactly those change on the server', async () => {
    await page.goto(host.host.openUrl)
    await page.waitForSelector('[data-testid=ticket-grid]')
    await waitForSync(page, 'online', 60_000)
    await page.click('[data-testid=nav-view-open]')
    await waitForTotal(page, (n) => n > 12)
    const three = (await openRows()).slice(0, 3).map((r) => r.id)
    // Every write moves the sandbox's updated_at past the record's last one, even within the
    // same second: the stamps tell exactly which tickets changed.
    const before = await serverStamps()

    await pick(three)
    await choose('bulk-field', /^狀態$/)
    await choose('bulk-status', /^處理中$/)
    const detailName = await choose('bulk-detail')
    expect(await page.textContent('[data-testid=bulk-apply]')).toContain('套用到 3 張')
    expect(await capture(page, 'zh-TW-37-bulk-bar')).toEqual([])
    await setLanguage(page, 'en')
    expect(await page.textContent('[data-testid=bulk-apply]')).toContain('Apply to 3 tickets')
    expect(await capture(page, 'en-37-bulk-bar')).toEqual([])

    await page.click('[data-testid=bulk-apply]')
    await page.waitForSelector('[data-testid=bulk-confirm]')
    expect(await page.textContent('[data-testid=bulk-confirm]')).toContain(
      'Set Status to "In progress" on 3 tickets.',
    )
    expect(await capture(page, 'en-38-bulk-confirm')).toEqual([])
    // Esc closes only the confirmation: the picks stay, nothing is sent.
    await page.keyboard.press('Escape')
    await page.waitForSelector('.n-dialog', { state: 'detached' })
    expect(await page.textContent('[data-testid=queue-picked-count]')).toBe('3 selected')
    await setLanguage(page, 'zh-TW')
    await page.click('[data-testid=bulk-apply]')
    await page.waitForSelector('[data-testid=bulk-confirm]')
    expect(await page.textContent('[data-testid=bulk-confirm]')).toContain(
      `將 3 張工單的「狀態」設為「處理中」。狀態細項：${detailName}`,
    )
    expect(await capture(page, 'zh-TW-38-bulk-confirm')).toEqual([])
    await page.locator('.n-dialog button', { hasText: '變更 3 張' }).click()

    await page.waitForSelector('[data-testid=bulk-results]')
    for (const id of three)
      await page.waitForSelector(`[data-testid=bulk-result-${id}][data-state=applied]`)
    expect(await page.locator('[data-testid^=bulk-result-][data-state]').count()).toBe(3)
    expect(await capture(page, 'zh-TW-39-bulk-results')).toEqual([])
    await resultsIn('en')
    expect(await capture(page, 'en-39-bulk-results')).toEqual([])
    await resultsIn('zh-TW')
    // Applied: nothing is left picked.
    expect(await page.locator('[data-testid=queue-picks]').count()).toBe(0)

    const codes = await call(host.core, 'lookups:get', {})
    const code = codes.terminationCodes.find((c) => c.name === detailName && c.status === 1)!
    for (const id of three) {
      expect(await sandbox.control.getTicket(id)).toMatchObject({
        status: 1,
        termination_code_id: code.id,
      })
    }
    const after = await serverStamps()
    const changed = [...after].filter(([id, at]) => before.get(id) !== at).map(([id]) => id)
    expect(changed.sort((a, b) => a - b)).toEqual([...three].sort((a, b) => a - b))
    expect(after.size).toBe(before.size)
    await page.keyboard.press('Escape')
    await page.locator('[data-testid=bulk-results]:visible').waitFor({ state: 'detached' })
  }, 180_000)

  it('shows every outcome: needs attention, rejected, waiting, then applied as the outbox sends', async () => {
    // Three open tickets not urgent yet, in queue order: another agent changes the first's
    // priority and deletes the second; the server fails the third's sends until the test lets it.
    const rows = (await openRows()).filter((r) => r.priority !== 3).slice(3, 6)
    const [theirs, gone, later] = rows.map((r) => r.id) as [number, number, number]
    const other = rows[0]!.priority === 0 ? 1 : 0
    await pick([theirs, gone, later])
    const before = await serverStamps()
    await sandbox.control.updateTicket(theirs, { priority: other })
    await sandbox.control.deleteTicket(gone)
    await sandbox.control.setFaults({ failNext: { count: 10_000, status: 503, method: 'PUT' } })

    await choose('bulk-field', /^優先順序$/)
    await choose('bulk-priority', /^緊急$/)
    await page.click('[data-testid=bulk-apply]')
    await page.waitForSelector('[data-testid=bulk-confirm]')
    await page.locator('.n-dialog button', { hasText: '變更 3 張' }).click()
    await page.waitForSelector(`[data-testid=bulk-result-${later}][data-state=waiting]`)
    expect(await resultState(theirs)).toBe('attention')
    expect(await resultState(gone)).toBe('rejected')
    expect(await page.textContent(`[data-testid=bulk-result-${gone}]`)).toContain(
      '伺服器上已沒有這張工單',
    )
    expect(await page.textContent(`[data-testid=bulk-result-${later}]`)).toContain(
      '伺服器回應後自動送出',
    )
    expect(await capture(page, 'zh-TW-40-bulk-results-mixed')).toEqual([])
    await resultsIn('en')
    expect(await resultState(later)).toBe('waiting')
    expect(await capture(page, 'en-40-bulk-results-mixed')).toEqual([])

    // The server is back: the outbox retries on its own, and the waiting one turns applied in
    // place, and is unpicked.
    await sandbox.control.clearFaults()
    await page.waitForSelector(`[data-testid=bulk-result-${later}][data-state=applied]`, {
      timeout: 90_000,
    })
    expect(await resultState(theirs)).toBe('attention')
    expect((await sandbox.control.getTicket(later))?.priority).toBe(3)
    expect((await sandbox.control.getTicket(theirs))?.priority).toBe(other)
    expect(await sandbox.control.getTicket(gone)).toBeNull()
    const after = await serverStamps()
    const changed = [...after].filter(([id, at]) => before.get(id) !== at).map(([id]) => id)
    expect(changed.sort((a, b) => a - b)).toEqual([theirs, later].sort((a, b) => a - b))
    expect(await page.textContent('[data-testid=queue-picked-count]')).toBe('2 selected')

    // "Resolve" leads to Waiting edits, where the conflict is resolved as a single edit's is.
    await page.click(`[data-testid=bulk-result-${theirs}] [data-testid=bulk-result-resolve]`)
    await page.waitForSelector('[data-testid=outbox-conflict]')
    // …at that ticket's own edit, focused.
    await waitUntil(
      page,
      `(document.activeElement?.getAttribute('data-testid') ?? '').startsWith('outbox-entry-') && document.activeElement.textContent.includes('#${theirs}')`,
    )
    await page.locator('[data-testid=bulk-results]:visible').waitFor({ state: 'detached' })
    await setLanguage(page, 'zh-TW')
    expect(pageErrors).toEqual([])
  }, 180_000)

  it('refuses "select all" over more than 500 tickets, saying why', async () => {
    await page.click('[data-testid=nav-view-all]')
    const total = await waitForTotal(page, (n) => n > 500)
    await page.locator('[data-testid=ticket-grid]').focus()
    await page.keyboard.press('x')
    await page.click('[data-testid=queue-pick-all]')
    await page.waitForSelector(`[data-testid=queue-picked-count]:has-text("${total}")`)
    await choose('bulk-field', /^優先順序$/)
    await page.waitForSelector('[data-testid=bulk-too-many]')
    expect(await page.textContent('[data-testid=bulk-too-many]')).toBe(
      `一次最多變更 500 張，目前選取 ${total} 張：請縮小篩選條件。`,
    )
    expect(await page.isDisabled('[data-testid=bulk-apply]')).toBe(true)
    expect(await capture(page, 'zh-TW-41-bulk-too-many')).toEqual([])
    await setLanguage(page, 'en')
    expect(await capture(page, 'en-41-bulk-too-many')).toEqual([])
    await setLanguage(page, 'zh-TW')
  }, 60_000)
})

/**
 * The agent's day in Chromium, against the browser host and the sandbox: connect and pick who I
 * am; counts; filters; search 退款; a ticket and its timeline; edit, create, delete (checked on the
 * sandbox); offline browsing from the cache and recovery. Screenshots of every screen in zh-TW
 * and en go to test-results/screenshots/, with an axe-core scan of each.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type TestBrowser } from '../helpers/browser'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { startTestHost, WEB_BUILD_DIR, type TestHost } from '../helpers/web-host'
import {
  apiGet,
  apiTotal,
  capture,
  pickOption,
  waitUntil,
  waitForSync,
  waitForTotal,
  finishE2e,
} from './agent-ui'

interface ApiTicket {
  id: number
  status: number
  handler_id: number | null
  termination_code_id: number | null
  interact_collections?: unknown[]
  contact?: { identity_no?: string | null } | null
}

describe('an agent’s day', () => {
  let sandbox: TestSandbox
  let host: TestHost
  let browser: TestBrowser
  let page: Page
  let dir: string
  let port: number
  let apiBase: string
  const pageErrors: string[] = []

  beforeAll(async () => {
    if (!existsSync(join(WEB_BUILD_DIR, 'index.html'))) {
      throw new Error('out/web is missing: run `npm run build:web` first (npm run test:e2e does)')
    }
    dir = mkdtempSync(join(tmpdir(), 'ac-day-'))
    sandbox = await startTestSandbox({
      tickets: 400,
      seed: 11,
      dbPath: join(dir, 'sandbox.sqlite'),
    })
    apiBase = sandbox.apiBase
    port = Number(new URL(sandbox.url).port)
    host = await startTestHost({})
    browser = await launchBrowser({ locale: 'zh-TW' })
    page = await browser.newPage()
    page.on('pageerror', (e) => pageErrors.push(e.message))
  })

  afterAll(() => finishE2e({ axe: true, browser, host, sandbox, dir }))

  it('connects, says exactly what is wrong with a bad address, then picks who I am', async () => {
    await page.goto(host.host.openUrl)
    await page.waitForSelector('[data-testid=connect-api-url]')
    expect(await capture(page, 'zh-TW-01-connect')).toEqual([])
    await page.click('[data-testid=toggle-language]')
    await page.waitForSelector('text=Connect to the ticket system')
    expect(await capture(page, 'en-01-connect')).toEqual([])
    await page.click('[data-testid=toggle-language]')
    await page.waitForSelector('text=連線到工單系統')

    await page.fill('#connect-api-url', 'http://127.0.0.1:9/api/v1')
    await page.click('[data-testid=connect-test]')
    const bad = page.locator('[data-testid=connect-result]')
    await bad.waitFor()
    expect(await bad.getAttribute('data-code')).toBe('offline')
    expect(await bad.textContent()).toContain('無法連線')
    await capture(page, 'zh-TW-02-connect-error')

    // An address that answers, but is not the ticket API.
    await page.fill('#connect-api-url', `${sandbox.url}/nothing-here`)
    await page.click('[data-testid=connect-test]')
    await waitUntil(
      page,
      `['not_found', 'not_this_api', 'bad_response'].includes(document.querySelector('[data-testid=connect-result]')?.dataset.code)`,
    )

    await page.fill('#connect-api-url', apiBase)
    await page.click('[data-testid=connect-save]')
    await page.waitForSelector('[data-testid=identity-pick]')
    expect(await capture(page, 'zh-TW-03-identity')).toEqual([])
    await page.fill('[data-testid=identity-search] input', 'AG')
    // The list answers the typed search: every employee number listed is an AG one.
    await waitUntil(
      page,
      `(() => { const nos = [...document.querySelectorAll('[data-testid=identity-results] .meta.mono')].map((e) => e.textContent.trim()); return nos.length > 0 && nos.every((n) => n.startsWith('ag')) })()`,
    )
    await page.locator('[data-testid=identity-pick]').first().click()
    await page.waitForSelector('[data-testid=ticket-grid]')
  })

  it('shows the queue with counts that match the sandbox', async () => {
    await waitForSync(page, 'online')
    const me = (await (
      await fetch(`${host.host.url}/rpc/settings:get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-agent-console-secret': host.host.secret },
        body: '{}',
      })
    ).json()) as { value: { me: { id: number } } }
    const meId = me.value.me.id
    const expected = {
      all: await apiTotal(apiBase, ''),
      open: await apiTotal(apiBase, 'statuses[]=0&statuses[]=1'),
      done: await apiTotal(apiBase, 'statuses[]=2&statuses[]=3'),
      mine: await apiTotal(apiBase, `statuses[]=0&statuses[]=1&handler_ids[]=${meId}`),
    }
    for (const [view, n] of Object.entries(expected)) {
      await page.waitForFunction(
        ([v, want]) =>
          document.querySelector(`[data-testid=count-${v}]`)?.textContent?.trim() === String(want),
        [view, n] as const,
        { timeout: 15_000 },
      )
    }
    await waitForTotal(page, (n) => n === expected.mine)
    expect(await capture(page, 'zh-TW-04-queue-mine')).toEqual([])
    await page.click('[data-testid=nav-view-all]')
    await waitForTotal(page, (n) => n === expected.all)
    expect(await capture(page, 'zh-TW-05-queue-all')).toEqual([])
  })

  it('filters by status and priority, shown as removable chips', async () => {
    await page.click('[data-testid=quick-status]')
    await pickOption(page, '待處理')
    await page.keyboard.press('Escape')
    await page.click('[data-testid=quick-priority]')
    await pickOption(page, '緊急')
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-chip="statuses:0"]')
    await page.waitForSelector('[data-chip="priorities:3"]')
    // Every row shown is pending and urgent once both answers are in.
    await waitUntil(
      page,
      `(() => {
        const rows = [...document.querySelectorAll('[role=row][data-id]')]
        return rows.length > 0 && rows.every((r) =>
          r.querySelector('.status-tag')?.textContent.trim() === '待處理' &&
          r.querySelector('.priority-tag')?.textContent.includes('緊急'))
      })()`,
    )
    const total = await waitForTotal(page, (n) => n > 0 && n < 400)
    expect(await capture(page, 'zh-TW-06-queue-filtered')).toEqual([])

    // The combination saved as a view is in the side bar and gives the same queue.
    await page.click('[data-testid=save-view]')
    await page.waitForSelector('#save-view-name:focus')
    await page.keyboard.type('待處理急件')
    await page.waitForSelector('[data-testid=save-view-confirm]:not([disabled])')
    expect(await capture(page, 'zh-TW-06b-save-view')).toEqual([])
    await page.click('[data-testid=save-view-confirm]')
    await page.waitForSelector('nav >> text=待處理急件')
    expect(await page.textContent('[data-testid=queue-title]')).toBe('待處理急件')
    await waitForTotal(page, (n) => n === total)
    await page.click('[data-testid=nav-view-all]')
    await waitForTotal(page, (n) => n === 400)
    await page.click('nav >> text=待處理急件')
    await waitForTotal(page, (n) => n === total)
    await page.click('[data-chip="priorities:3"] button')
    await page.waitForSelector('[data-chip="priorities:3"]', { state: 'detached' })
    expect(await waitForTotal(page, (n) => n > total)).toBe(await apiTotal(apiBase, 'statuses[]=0'))
    await page.click('[data-testid=clear-filters]')
    await waitForTotal(page, (n) => n === 400)
    // The title still names the saved view: the screen says it no longer shows the view's filters.
    await page.waitForSelector('[data-testid=view-modified]')
  })

  it('searches for 退款 with the same answer as the API', async () => {
    const expected = await apiTotal(apiBase, `search=${encodeURIComponent('退款')}`)
    expect(expected).toBeGreaterThan(0)
    await page.keyboard.press('/')
    await page.keyboard.type('退款')
    await waitForTotal(page, (n) => n === expected)
    await page.waitForSelector('[data-chip="search"]')
    expect(await capture(page, 'zh-TW-07-queue-search')).toEqual([])
  })

  let ticketId = 0
  it('opens a ticket with the keyboard and reads its timeline', async () => {
    await page.locator('[role=grid]').focus()
    await page.keyboard.press('j')
    await page.keyboard.press('k')
    const first = await page.locator('[role=row][data-id]').first().getAttribute('data-id')
    ticketId = Number(first)
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid=detail-subject]')
    expect(page.url()).toContain(`/tickets/${ticketId}`)
    // The ticket as the listing serves it (what the cache holds and the screen shows): a read by
    // id carries no interact_collections, the listing does.
    const ticket = (await sandbox.control.getTicket(ticketId)) as ApiTicket | null
    expect(ticket?.interact_collections).toBeDefined()
    // A ticket without interactions shows an empty timeline: zero items, not a skipped check.
    await expect
      .poll(() => page.locator('[data-testid=timeline-item]').count())
      .toBe(ticket!.interact_collections!.length)
    // The national id is masked until clicked: when the contact has one, it is shown masked and
    // its digits appear nowhere on the page.
    const identity = ticket!.contact?.identity_no
    if (identity) {
      const masked = page.locator('[data-testid=masked-id-value]').first()
      await expect.poll(() => masked.textContent()).toMatch(/\*{4}/)
      expect(await page.locator('body').innerText()).not.toContain(identity)
    } else {
      expect(await page.locator('[data-testid=masked-id-value]').count()).toBe(0)
    }
    expect(await capture(page, 'zh-TW-08-detail')).toEqual([])
  })

  it('edits status, termination code and handler; the sandbox has the change', async () => {
    const before = (await apiGet<ApiTicket>(apiBase, `/ticket/${ticketId}`)).body
    await page.keyboard.press('e')
    await page.waitForSelector('[data-testid=ticket-form]')
    expect(await capture(page, 'zh-TW-09-edit')).toEqual([])
    const nextStatus = before.status === 1 ? '已解決' : '處理中'
    await page.locator('[data-testid=tf-status]').getByText(nextStatus).click()
    await page.click('[data-testid=tf-termination]')
    await page.locator('.n-base-select-option:visible').first().click()
    // Another handler, as an agent picks one: their employee number typed, Enter takes the match.
    const staff = (
      await apiGet<{ data: { id: number; name: string; employee_no: string | null }[] }>(
        apiBase,
        '/employee?per_page=50',
      )
    ).body.data
    const next = staff.find((e) => e.id !== before.handler_id && e.employee_no)!
    await page.click('[data-testid=tf-handler]')
    await page.keyboard.type(next.employee_no!)
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.textContent('[data-testid=tf-handler]'))
      .toContain(next.employee_no!)
    await page.keyboard.press('Control+s')
    await page.waitForSelector('[data-testid=detail-subject]')
    const after = (await apiGet<ApiTicket>(apiBase, `/ticket/${ticketId}`)).body
    expect(after.status).toBe(before.status === 1 ? 2 : 1)
    expect(after.termination_code_id).not.toBeNull()
    expect(after.handler_id).toBe(next.id)
    expect(await page.textContent('[data-testid=detail-fields]')).toContain(nextStatus)
  })

  let createdId = 0
  it('creates a ticket', async () => {
    await page.click('[data-testid=detail-back]')
    await page.waitForSelector('[data-testid=ticket-grid]')
    await page.locator('[role=grid]').focus()
    await page.keyboard.press('n')
    await page.waitForSelector('[data-testid=ticket-form]')
    await page.click('[data-testid=tf-save]')
    await page.waitForSelector('text=主旨為必填')
    expect(await capture(page, 'zh-TW-10-create-invalid')).toEqual([])
    await page.fill('#tf-subject', '測試：客戶來電詢問退款進度')
    await page.fill('#tf-content', '客戶表示上週申請退款。\n尚未收到款項，請協助查詢。')
    await page.locator('[data-testid=tf-priority]').getByText('高').click()
    await page.click('[data-testid=tf-save]')
    await page.waitForSelector('[data-testid=detail-subject]')
    createdId = Number(/tickets\/(\d+)/.exec(page.url())?.[1])
    expect(createdId).toBeGreaterThan(0)
    const { status, body } = await apiGet<ApiTicket & { subject: string }>(
      apiBase,
      `/ticket/${createdId}`,
    )
    expect(status).toBe(200)
    expect(JSON.stringify(body)).toContain('客戶來電詢問退款進度')
    expect(await page.textContent('[data-testid=detail-content]')).toContain('\n')
  })

  it('deletes a ticket after confirmation', async () => {
    await page.click('[data-testid=detail-delete]')
    await page.waitForSelector('.n-dialog')
    expect(await capture(page, 'zh-TW-11-delete-confirm')).toEqual([])
    await page.locator('.n-dialog__action button', { hasText: '刪除' }).click()
    await page.waitForSelector('[data-testid=ticket-grid]')
    expect((await apiGet(apiBase, `/ticket/${createdId}`)).status).toBe(404)
  })

  it('keeps browsing from the cache while the API is down, then recovers', async () => {
    await sandbox.close()
    await page.click('[data-testid=sync-now]')
    await waitForSync(page, 'offline', 60_000)
    await page.click('[data-testid=nav-view-open]')
    await waitForTotal(page, (n) => n > 0)
    await page.locator('[role=row][data-id]').first().click()
    await page.waitForSelector('[data-testid=detail-subject]')
    await page.waitForSelector('[data-testid=offline-banner]')
    // Said once for the window (the banner), not again over the ticket or the form.
    const saysSo = async () =>
      ((await page.textContent('body')) ?? '').split('可以照常編輯').length - 1
    expect(await saysSo()).toBe(1)
    // Editing stays possible offline: saves wait in the outbox.
    expect(await page.isDisabled('[data-testid=detail-edit]')).toBe(false)
    expect(await capture(page, 'zh-TW-12-offline-detail')).toEqual([])
    await page.click('[data-testid=detail-edit]')
    await page.waitForSelector('#tf-subject')
    expect(await saysSo()).toBe(1)
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-testid=detail-subject]')

    sandbox = await startTestSandbox({ port, dbPath: join(dir, 'sandbox.sqlite') })
    await page.click('[data-testid=sync-retry]')
    await waitForSync(page, 'online', 60_000)
    expect(await page.isDisabled('[data-testid=detail-edit]')).toBe(false)
  })

  it('shows settings', async () => {
    await page.click('[data-testid=nav-settings]')
    await page.waitForSelector('[data-testid=settings-sign-out]')
    expect(await capture(page, 'zh-TW-13-settings')).toEqual([])
  })

  it('shows every screen in English too, and in the dark theme', async () => {
    await page.click('[data-testid=toggle-language]')
    await page.waitForSelector('text=Sign out')
    // The language changed on this page: its labels are as wide as the new words, none cut.
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('.n-form-item-label')]
        .filter((label) => label.scrollWidth > label.clientWidth + 1)
        .map((label) => label.textContent),
    )
    expect(cut).toEqual([])
    expect(await capture(page, 'en-13-settings')).toEqual([])
    await page.click('[data-testid=nav-view-all]')
    await waitForTotal(page, (n) => n > 0)
    await page.waitForSelector('text=All tickets')
    expect(await capture(page, 'en-05-queue-all')).toEqual([])
    await page.click('[data-testid=open-filters]')
    await page.waitForSelector('[data-testid=filter-drawer]')
    expect(await capture(page, 'en-06-filters')).toEqual([])
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-testid=filter-drawer]', { state: 'detached' })
    // The ticket read earlier: it has a contact and a timeline.
    await page.evaluate(`location.hash = '#/tickets/${ticketId}'`)
    await page.waitForSelector('[data-testid=timeline]')
    await page.waitForSelector('[data-testid=detail-subject]')
    expect(await capture(page, 'en-08-detail')).toEqual([])
    await page.click('[data-testid=detail-edit]')
    await page.waitForSelector('[data-testid=ticket-form]')
    expect(await capture(page, 'en-09-edit')).toEqual([])
    await page.click('[data-testid=tf-cancel]')
    await page.waitForSelector('[data-testid=detail-subject]')
    await page.click('[data-testid=nav-new-ticket]')
    await page.waitForSelector('[data-testid=ticket-form]')
    expect(await capture(page, 'en-10-create')).toEqual([])

    await page.click('[data-testid=nav-settings]')
    await page.locator('[data-testid=settings-theme]').getByText('Dark').click()
    await page.click('[data-testid=nav-view-mine]')
    await page.waitForSelector('[data-testid=ticket-grid]')
    await waitForTotal(page, (n) => n >= 0)
    expect(await capture(page, 'en-14-queue-dark')).toEqual([])
    await page.click('[data-testid=toggle-language]')
    await page.waitForSelector('text=我的待辦')
    expect(await capture(page, 'zh-TW-14-queue-dark')).toEqual([])
    expect(pageErrors).toEqual([])
  })

  it('signs out after a confirmation, back to the connect screen', async () => {
    await page.click('[data-testid=nav-settings]')
    await page.click('[data-testid=settings-sign-out]')
    await page.waitForSelector('.n-dialog')
    expect(await capture(page, 'zh-TW-15-sign-out-confirm')).toEqual([])
    await page.locator('.n-dialog__action button', { hasText: '登出' }).click()
    await page.waitForSelector('[data-testid=connect-api-url]')
    expect(await page.inputValue('#connect-api-url')).toBe('')
  })
})

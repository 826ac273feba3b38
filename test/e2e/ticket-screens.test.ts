// The ticket's screens in Chromium through the browser host, against the real core and sandbox:
// "new ticket" from an edit form starts empty; a name typed in the handler picker and Enter hands
// the ticket to that person; a conflict shows names, never codes; the detail and the form at 1024,
// 1280 and 1440 px in both languages, with nothing overlapping (screenshots kept to look at).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import { call } from '../helpers/core'
import { launchBrowser, screenshot, type Page, type TestBrowser } from '../helpers/browser'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { actAsFirstEmployee, startTestHost, type TestHost } from '../helpers/web-host'
import { finishE2e, waitForSync } from './agent-ui'

const PRIORITY = { 'zh-TW': ['低', '中', '高', '緊急'], en: ['Low', 'Medium', 'High', 'Urgent'] }

describe('the ticket screens in the browser host', () => {
  let sandbox: TestSandbox
  let host: TestHost
  let browser: TestBrowser
  let page: Page
  let ids: number[]

  async function language(lang: 'zh-TW' | 'en'): Promise<void> {
    await host.core.invoke('settings:update', { language: lang })
    await page.reload()
    await page.waitForSelector('nav')
  }
  async function go(hash: string): Promise<void> {
    await page.goto(`${host.host.url}/#${hash}`)
  }
  async function subjectValue(): Promise<string> {
    return page.inputValue('#tf-subject')
  }

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 120, seed: 21 })
    host = await startTestHost({ apiUrl: sandbox.url })
    await actAsFirstEmployee(host.core)
    browser = await launchBrowser({ width: 1440, height: 900 })
    page = await browser.newPage()
    await page.goto(host.host.openUrl)
    await waitForSync(page, 'online')
    ids = (await sandbox.control.listTickets()).map((t) => t.id)
  })
  afterAll(() => finishE2e({ browser, host, sandbox }))

  it('"new ticket" opened from an edit form starts empty, in both languages', async () => {
    const id = ids[3]!
    const server = (await sandbox.control.getTicket(id))!
    for (const lang of ['zh-TW', 'en'] as const) {
      await language(lang)
      await go(`/tickets/${id}/edit`)
      await expect.poll(subjectValue, { timeout: 15_000 }).toBe(server.subject)
      await page.click('[data-testid=nav-new-ticket]')
      await expect
        .poll(() => page.textContent('[data-testid=form-title]'))
        .toBe(lang === 'en' ? 'New ticket' : '新增工單')
      await expect.poll(subjectValue).toBe('')
      expect(await page.inputValue('#tf-content')).toBe('')
      // The subject has the focus: the agent types while the caller talks.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('tf-subject')
      await screenshot(page, `ticket-new-from-edit-${lang}`)
    }
    await language('zh-TW')
  })

  it('a name typed and Enter hands the ticket over; the conflict shows names, not codes', async () => {
    const id = ids[5]!
    const before = (await sandbox.control.getTicket(id)) as Ticket
    const found = await call(host.core, 'employees:search', { search: '', limit: 20 })
    const people = found.filter(
      (e, i, all) =>
        e.name && e.id !== before.handler_id && all.filter((x) => x.name === e.name).length === 1,
    )
    const [theirs, mine] = [people[0]!, people[1]!]
    const p0 = before.priority ?? 0

    await go(`/tickets/${id}/edit`)
    await expect.poll(subjectValue, { timeout: 15_000 }).toBe(before.subject)
    // Another agent changes the same two fields meanwhile.
    await sandbox.control.updateTicket(id, { priority: (p0 + 1) % 4, handler_id: theirs.id })

    await page
      .locator('[data-testid=tf-priority]')
      .getByText(PRIORITY['zh-TW'][(p0 + 2) % 4]!, { exact: true })
      .click()
    await page.click('[data-testid=tf-handler] input')
    await page.keyboard.type(mine.name!)
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.textContent('[data-testid=tf-handler]'), { timeout: 5_000 })
      .toContain(mine.name!)
    await page.click('[data-testid=tf-save]')
    await page.waitForSelector('[data-testid=detail-pending][data-state=conflict]', {
      timeout: 15_000,
    })

    await go('/outbox')
    await page.waitForSelector('[data-testid=outbox-conflict]')
    const cells = async (field: string): Promise<string[]> =>
      page.locator(`[data-testid=conflict-${field}] td`).allTextContents()
    const priority = (await cells('priority')).slice(0, 3).map((s) => s.trim())
    expect(priority).toEqual([p0, (p0 + 2) % 4, (p0 + 1) % 4].map((p) => PRIORITY['zh-TW'][p]))
    const handler = (await cells('handler_id')).slice(0, 3).join(' | ')
    expect(handler).toContain(mine.name!)
    expect(handler).toContain(theirs.name!)
    expect(handler).not.toMatch(/(^|\|)\s*\d+\s*(\||$)/)
    expect(await page.textContent('[data-testid=outbox-page] h2')).toBe('待送出的修改')
    await screenshot(page, 'outbox-conflict-names-zh-TW')
    await language('en')
    await page.waitForSelector('[data-testid=outbox-conflict]')
    expect(await page.textContent('[data-testid=outbox-page] h2')).toBe('Waiting edits')
    await screenshot(page, 'outbox-conflict-names-en')
    await language('zh-TW')
  })

  it('a save the server refuses says why beside Save, which nothing covers', async () => {
    const waiting = async (): Promise<string> =>
      (await page
        .getAttribute('[data-testid=outbox-status]', 'data-waiting', { timeout: 500 })
        .catch(() => null)) ?? '0'
    const id = ids[7]!
    const before = (await sandbox.control.getTicket(id)) as Ticket
    await page.setViewportSize({ width: 1280, height: 800 })
    for (const lang of ['zh-TW', 'en'] as const) {
      await language(lang)
      await go(`/tickets/${id}/edit`)
      await expect.poll(subjectValue, { timeout: 15_000 }).toBe(before.subject)
      await page.fill('#tf-subject', `${before.subject}（改）`)
      const waitingBefore = await waiting()
      await sandbox.control.setFaults({ failNext: { count: 1, status: 422, method: 'PUT' } })
      await page.click('[data-testid=tf-save]')
      const failure = page.locator('.actions [data-testid=tf-save-failure]')
      await failure.waitFor({ timeout: 15_000 })
      expect(await failure.textContent()).toBe(
        lang === 'en'
          ? 'Not saved: The server refused this save (422) without saying which field.'
          : '未儲存：伺服器拒絕了這次儲存（422），沒有指出是哪個欄位。',
      )
      // Still in the form with the agent's text, Save the topmost thing at its own centre.
      expect(await subjectValue()).toBe(`${before.subject}（改）`)
      expect(
        await page.evaluate(() => {
          const save = document.querySelector('[data-testid=tf-save]')!
          const r = save.getBoundingClientRect()
          return save.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2))
        }),
      ).toBe(true)
      // Taken back out of the outbox: the status bar counts what waited before (another test's
      // conflict), no more.
      await expect.poll(waiting).toBe(waitingBefore)
      await screenshot(page, `ticket-form-refused-${lang}`)
      await sandbox.control.clearFaults()
      // Left without saving: nothing of it must stay behind for the next test.
      await page.fill('#tf-subject', before.subject ?? '')
    }
    expect((await sandbox.control.getTicket(id))?.subject).toBe(before.subject)
    await page.setViewportSize({ width: 1440, height: 900 })
    await language('zh-TW')
  })

  it('the detail and the form at 1024, 1280 and 1440 px: nothing overlaps', async () => {
    const all = await Promise.all(ids.slice(0, 40).map((id) => sandbox.control.getTicket(id)))
    const withDue = all.find((t) => t?.due_at && t.contact_id && (t.subject ?? '').length > 10)!
    for (const lang of ['zh-TW', 'en'] as const) {
      await language(lang)
      for (const width of [1024, 1280, 1440]) {
        await page.setViewportSize({ width, height: 860 })
        await go(`/tickets/${withDue.id}`)
        await page.waitForSelector('[data-testid=detail-due]')
        const due = (await page.locator('[data-testid=detail-due]').boundingBox())!
        const card = (await page.locator('[data-testid=contact-card]').boundingBox())!
        expect(
          due.x + due.width,
          `due time under the contact card at ${width}`,
        ).toBeLessThanOrEqual(card.x)
        const clipped = await page.evaluate(() =>
          [...document.querySelectorAll('[data-testid=detail-fields] dd')]
            .filter((d) => d.scrollWidth > d.clientWidth + 1)
            .map((d) => d.textContent),
        )
        expect(clipped, `clipped at ${width}`).toEqual([])
        await screenshot(page, `ticket-detail-${lang}-${width}`)
        await go(`/tickets/${withDue.id}/edit`)
        await page.waitForSelector('[data-testid=ticket-context]')
        await screenshot(page, `ticket-form-${lang}-${width}`)
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 })
    await language('zh-TW')
  })
})

/**
 * Macros in Chromium, through the browser host, against the sandbox: one applied to a ticket
 * from its detail (`m`, Enter) fills the form, the agent saves, and the sandbox shows exactly
 * those changes on that ticket; the same macro applied from the bulk bar to three picked tickets,
 * after a confirmation that lists each field, changes exactly those three on the sandbox, each
 * memo filled with its own caller. Screenshots in both languages and both themes.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import type { MacroInput } from '../../src/shared/domain/macros'
import { personName } from '../../src/shared/domain/people'
import type { TicketRow } from '../../src/shared/domain/queue'
import { launchBrowser, type TestBrowser } from '../helpers/browser'
import { call } from '../helpers/core'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { startTestHost, WEB_BUILD_DIR, type TestHost } from '../helpers/web-host'
import { capture, finishE2e, waitForSync, waitForTotal } from './agent-ui'

const MACRO: MacroInput = {
  name: '結案：已回電',
  changes: {
    status: 2,
    termination_code_id: 8,
    priority: 0,
    category_id: 3,
    sub_category_id: 21,
    handler_id: 'me',
    append_status_memo: '{{me}} 已回電 {{caller}}',
  },
}
/** What the macro sets, as the sandbox stores it. */
const SET = { status: 2, termination_code_id: 8, priority: 0, sub_category_id: 21 }

/**
 * The form's findings less the template picker's aria-controls on the two text boxes, which the
 * templates' own work mends (it is no part of macros; drop this filter once that lands).
 */
function formFindings(found: Array<{ id: string; targets?: string[] }>) {
  return found.filter(
    (v) =>
      !(
        v.id === 'aria-valid-attr-value' &&
        (v.targets ?? []).every((t) => t === '#tf-content' || t === '#tf-memo')
      ),
  )
}

describe('macros', () => {
  let sandbox: TestSandbox
  let host: TestHost
  let browser: TestBrowser
  let page: Page
  let dir: string
  let me: { id: number; name: string }

  /** The language by the shell's switch, the theme by the palette (as an agent would). */
  async function look(language: 'zh-TW' | 'en', theme: 'light' | 'dark'): Promise<void> {
    const lang = language === 'en' ? 'en' : 'zh-Hant-TW'
    if ((await page.getAttribute('html', 'lang')) !== lang) {
      await page.click('[data-testid=toggle-language]')
      await page.waitForSelector(`html[lang=${lang}]`)
    }
    if ((await page.getAttribute('html', 'data-theme')) !== theme) {
      await page.keyboard.press('ControlOrMeta+k')
      await page.keyboard.type(theme)
      await page.keyboard.press('Enter')
      await page.waitForSelector(`html[data-theme=${theme}]`)
    }
  }

  async function stamps(): Promise<Map<number, string>> {
    return new Map((await sandbox.control.listTickets()).map((t) => [t.id, t.updated_at]))
  }
  const changedSince = async (before: Map<number, string>): Promise<number[]> =>
    [...(await stamps())]
      .filter(([id, at]) => before.get(id) !== at)
      .map(([id]) => id)
      .sort((a, b) => a - b)

  /** The caller's name as the app shows it (its cached copy of the ticket). */
  async function callerOf(id: number): Promise<string> {
    return personName((await call(host.core, 'tickets:get', { id })).ticket.contact) ?? ''
  }

  async function openRows(): Promise<TicketRow[]> {
    return (
      await call(host.core, 'tickets:query', { view: 'open', filters: {}, offset: 0, limit: 12 })
    ).rows
  }

  beforeAll(async () => {
    if (!existsSync(join(WEB_BUILD_DIR, 'index.html')))
      throw new Error('out/web is missing: run `npm run build:web` first (npm run test:e2e does)')
    dir = mkdtempSync(join(tmpdir(), 'ac-macros-e2e-'))
    sandbox = await startTestSandbox({ tickets: 60, seed: 19, dbPath: join(dir, 'sandbox.sqlite') })
    host = await startTestHost({ apiUrl: sandbox.apiBase })
    const first = (await call(host.core, 'employees:search', { search: '', limit: 1 }))[0]!
    me = { id: first.id, name: first.name ?? '' }
    await host.core.invoke('settings:update', {
      me: { id: me.id, name: me.name, employeeNo: null },
    })
    await call(host.core, 'macros:save', { macro: MACRO })
    browser = await launchBrowser({ locale: 'zh-TW', width: 1280, height: 800 })
    page = await browser.newPage()
  }, 120_000)

  afterAll(() => finishE2e({ axe: true, browser, host, sandbox, dir }))

  it('lists the macro in Settings, in both languages and themes', async () => {
    await page.goto(host.host.openUrl)
    await waitForSync(page, 'online', 60_000)
    await page.click('[data-testid=nav-settings]')
    await page.waitForSelector('[data-testid=macros-list] li')
    await page.locator('[data-testid=macros-list]').scrollIntoViewIfNeeded()
    expect(await page.textContent('[data-testid=macros-list]')).toContain('狀態：已解決')
    for (const [language, theme] of [
      ['zh-TW', 'light'],
      ['en', 'dark'],
      ['zh-TW', 'dark'],
      ['en', 'light'],
    ] as const) {
      await look(language, theme)
      await page.locator('[data-testid=macros-list]').scrollIntoViewIfNeeded()
      expect(await capture(page, `${language}-${theme}-60-macros-settings`)).toEqual([])
    }
    await look('zh-TW', 'light')
  }, 120_000)

  it('applied to one ticket: the form is filled, saved, and the sandbox shows exactly those changes', async () => {
    const row = (await openRows())[0]!
    const before = (await sandbox.control.getTicket(row.id)) as Ticket
    const was = await stamps()
    await page.waitForTimeout(1100) // the sandbox stamps updated_at in whole seconds
    // Straight to the ticket by its number, through the palette.
    await page.keyboard.press('ControlOrMeta+k')
    await page.keyboard.type(`#${row.id}`)
    await page.waitForSelector(`[role=option]:has-text("#${row.id}")`)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.url()).toMatch(new RegExp(`#/tickets/${row.id}$`))
    await page.waitForSelector('[data-testid=macro-menu]:not([disabled])')
    await page.keyboard.press('m')
    await page.waitForSelector('.n-dropdown-option:has-text("結案：已回電")')
    expect(await capture(page, 'zh-TW-light-61-macro-menu')).toEqual([])
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid=ticket-form]')
    const memo = page.locator('#tf-memo')
    await expect.poll(() => memo.inputValue()).toContain('已回電')
    const memoBefore = before.status_memo?.trimEnd()
    const filled = await memo.inputValue()
    const line = `${me.name} 已回電 ${await callerOf(row.id)}`
    expect(filled).toBe(memoBefore ? `${memoBefore}\n${line}` : line)
    // Appended on a line of its own, the variables filled (the caller's name, never the braces).
    expect(
      filled.startsWith(memoBefore ? `${memoBefore}\n${me.name} 已回電 ` : `${me.name} 已回電 `),
    ).toBe(true)
    expect(filled).not.toContain('{{')
    expect(filled.length).toBeGreaterThan(`${memoBefore ?? ''}\n${me.name} 已回電 `.length)
    // The note that it was applied leaves the form's Save in sight.
    await page.waitForSelector('.n-message:has-text("結案：已回電")')
    expect(
      await page.evaluate(`(() => {
        const save = document.querySelector('[data-testid=tf-save]')
        const r = save.getBoundingClientRect()
        return save.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2))
      })()`),
    ).toBe(true)
    // Nothing is sent until the agent saves.
    expect(await changedSince(was)).toEqual([])
    expect(formFindings(await capture(page, 'zh-TW-light-62-macro-form'))).toEqual([])
    await look('en', 'dark')
    expect(formFindings(await capture(page, 'en-dark-62-macro-form'))).toEqual([])
    await look('zh-TW', 'light')

    await page.click('[data-testid=tf-save]')
    // Saved, the detail opens again (a hash route: no page load to wait for).
    await expect
      .poll(() => page.url(), { timeout: 15_000 })
      .toMatch(new RegExp(`#/tickets/${row.id}$`))
    await expect.poll(() => changedSince(was), { timeout: 15_000 }).toEqual([row.id])
    const after = (await sandbox.control.getTicket(row.id)) as Ticket
    expect(after).toMatchObject({
      ...SET,
      handler_id: me.id,
      status_memo: filled,
      subject: before.subject,
      content: before.content,
      due_at: before.due_at,
      contact_id: before.contact_id,
      sponsor_id: before.sponsor_id,
    })
  }, 180_000)

  it('applied to three picked tickets: a confirmation lists each field, and exactly those three change', async () => {
    await page.click('[data-testid=nav-view-open]')
    await page.waitForSelector('[data-testid=ticket-grid]')
    await waitForTotal(page, (n) => n > 5)
    const three = (await openRows()).slice(0, 3).map((r) => r.id)
    const before = new Map<number, Ticket>()
    for (const id of three) before.set(id, (await sandbox.control.getTicket(id)) as Ticket)
    const was = await stamps()
    await page.waitForTimeout(1100)
    for (const id of three)
      await page.locator(`[role=row][data-id="${id}"]`).click({ modifiers: ['ControlOrMeta'] })
    await page.waitForSelector('[data-testid=queue-picked-count]:has-text("3")')

    await page.click('[data-testid=bulk-field]')
    await page.locator('.n-base-select-option:visible', { hasText: /^巨集$/ }).click()
    await page.click('[data-testid=bulk-macro]')
    await page.locator('.n-base-select-option:visible', { hasText: '結案：已回電' }).click()
    await page.click('[data-testid=bulk-apply]')
    await page.waitForSelector('[data-testid=bulk-confirm]')
    const said = (await page.textContent('[data-testid=bulk-confirm]')) ?? ''
    for (const part of [
      '將 3 張工單的「狀態」設為「已解決」。',
      '將 3 張工單的「優先順序」設為「低」。',
      '將 3 張工單的「主分類 / 子分類」設為「PA 相關 / 保費計算方式」。',
      `將 3 張工單的「處理人」設為「`,
      '在 3 張工單的「狀態備註」末尾加上：「{{me}} 已回電 {{caller}}」',
    ])
      expect(said).toContain(part)
    expect(await capture(page, 'zh-TW-light-63-macro-bulk-confirm')).toEqual([])
    await page.keyboard.press('Escape')
    await page.waitForSelector('.n-dialog', { state: 'detached' })
    await look('en', 'dark')
    await page.click('[data-testid=bulk-apply]')
    await page.waitForSelector('[data-testid=bulk-confirm]')
    expect(await page.textContent('[data-testid=bulk-confirm]')).toContain(
      'Set Priority to "Low" on 3 tickets.',
    )
    expect(await capture(page, 'en-dark-63-macro-bulk-confirm')).toEqual([])
    await page.locator('.n-dialog button', { hasText: 'Change 3 tickets' }).click()

    for (const id of three)
      await page.waitForSelector(`[data-testid=bulk-result-${id}][data-state=applied]`)
    expect(await capture(page, 'en-dark-64-macro-bulk-results')).toEqual([])
    // The results panel covers the language switch: close it, switch, open it again.
    await page.keyboard.press('Escape')
    await page.locator('[data-testid=bulk-results]:visible').waitFor({ state: 'detached' })
    await look('zh-TW', 'light')
    await page.click('[data-testid=bulk-show-results]')
    await page.waitForSelector('[data-testid=bulk-results]')
    expect(await capture(page, 'zh-TW-light-64-macro-bulk-results')).toEqual([])

    expect(await changedSince(was)).toEqual([...three].sort((a, b) => a - b))
    for (const id of three) {
      const old = before.get(id)!
      const memo = old.status_memo?.trimEnd()
      const line = `${me.name} 已回電 ${await callerOf(id)}`
      expect(await sandbox.control.getTicket(id)).toMatchObject({
        ...SET,
        handler_id: me.id,
        status_memo: memo ? `${memo}\n${line}` : line,
        subject: old.subject,
        content: old.content,
        due_at: old.due_at,
      })
    }
  }, 180_000)
})

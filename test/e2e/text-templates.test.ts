/**
 * Text templates in Chromium through the browser host, against the real core and sandbox: a
 * template made in Settings is inserted with `::` into a ticket's content, its variables filled
 * (caller, ticket id, me, today), and after the save the sandbox holds exactly that text. The
 * Settings section and the open picker in both languages and both themes, with an axe scan each.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import { personName } from '../../src/shared/domain/people'
import { call } from '../helpers/core'
import { launchBrowser, type TestBrowser } from '../helpers/browser'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { startTestHost, WEB_BUILD_DIR, type TestHost } from '../helpers/web-host'
import { capture, finishE2e, waitForSync } from './agent-ui'

const BODY = '{{caller}} 您好，工單 #{{ticket_id}} 由 {{me}} 為您處理（{{today}}）。'

describe('text templates in the browser host', () => {
  let sandbox: TestSandbox
  let host: TestHost
  let browser: TestBrowser
  let page: Page
  let dir: string
  let me: { id: number; name: string }
  const pageErrors: string[] = []

  async function look(language: 'zh-TW' | 'en', theme: 'light' | 'dark'): Promise<void> {
    await host.core.invoke('settings:update', { language, theme })
    await page.reload()
    await page.waitForSelector(`html[lang=${language === 'en' ? 'en' : 'zh-Hant-TW'}]`)
  }

  /** The edit form of `id`, loaded (its subject filled in). */
  async function editForm(id: number): Promise<void> {
    await page.goto(`${host.host.url}/#/tickets/${id}/edit`)
    await page.waitForSelector('[data-testid=ticket-form]')
    await expect.poll(() => page.inputValue('#tf-subject'), { timeout: 15_000 }).not.toBe('')
    // The ` ::` typed for the previous picture may have been kept as a draft: not this picture's.
    if (await page.isVisible('[data-testid=draft-offer]')) {
      await page.click('[data-testid=draft-discard]')
      await page.waitForSelector('[data-testid=draft-offer]', { state: 'detached' })
    }
  }

  /** Types `::` and `typed` at the end of the content; waits for the picker. */
  async function openPicker(typed: string): Promise<void> {
    await page.click('#tf-content')
    await page.keyboard.press('ControlOrMeta+End')
    await page.keyboard.type(` ::${typed}`)
    await page.waitForSelector('[data-testid=tf-content-templates] [role=option]')
  }

  beforeAll(async () => {
    if (!existsSync(join(WEB_BUILD_DIR, 'index.html')))
      throw new Error('out/web is missing: run `npm run build:web` first (npm run test:e2e does)')
    dir = mkdtempSync(join(tmpdir(), 'ac-e2e-templates-'))
    sandbox = await startTestSandbox({ tickets: 60, seed: 19 })
    host = await startTestHost({ apiUrl: sandbox.url, dataDir: dir })
    const found = await call(host.core, 'employees:search', { search: '', limit: 20 })
    const named = found.find((e) => e.name)!
    me = { id: named.id, name: named.name! }
    await host.core.invoke('settings:update', { me: { ...me, employeeNo: null } })
    browser = await launchBrowser({ width: 1400, height: 900 })
    page = await browser.newPage()
    page.on('pageerror', (e) => pageErrors.push(e.message))
    await page.goto(host.host.openUrl)
    await waitForSync(page, 'online')
  })
  afterAll(() => finishE2e({ axe: true, browser, host, sandbox, dir }))

  it('a template made in Settings goes into a ticket with its variables filled, and is saved', async () => {
    await page.goto(`${host.host.url}/#/settings`)
    await page.getByRole('button', { name: '新增範本' }).click()
    await page.getByLabel('標題', { exact: true }).fill('開場問候')
    await page.getByLabel('快捷字（選填）').fill('hi')
    await page.getByLabel('內容', { exact: true }).fill(BODY)
    await page.locator('.template-editor button[type=submit]').click()
    await page.waitForSelector('[data-testid=templates-list] li:has-text("開場問候")')

    let target: Ticket | null = null
    for (const { id } of await sandbox.control.listTickets()) {
      target = await sandbox.control.getTicket(id)
      if (target && personName(target.contact)) break
    }
    if (!target || !personName(target.contact)) throw new Error('no ticket with a named caller')
    await editForm(target.id)
    const before = await page.inputValue('#tf-content')
    // Chinese as the queue search reads it: a word of the title finds the template.
    await openPicker('問候')
    expect(await page.textContent('[data-testid=tf-content-templates]')).toContain('開場問候')
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid=tf-content-templates]', { state: 'detached' })

    const filled = await page.inputValue('#tf-content')
    expect(filled.startsWith(before)).toBe(true)
    const inserted = filled.slice(before.length)
    expect(inserted).toMatch(
      new RegExp(
        `^ ${personName(target!.contact)} 您好，工單 #${target.id} 由 ${me.name} 為您處理（\\d{4}-\\d{2}-\\d{2}）。$`,
      ),
    )
    // The caret stays right after the inserted text, so the agent types on.
    await page.keyboard.type('謝謝')
    expect(await page.inputValue('#tf-content')).toBe(`${filled}謝謝`)

    await page.click('[data-testid=tf-save]')
    await page.waitForSelector('[data-testid=detail-subject]', { timeout: 15_000 })
    await expect
      .poll(async () => (await sandbox.control.getTicket(target.id))?.content, { timeout: 15_000 })
      .toBe(`${filled}謝謝`.trim())
  })

  it('shows the picker and the Settings section in both languages and both themes', async () => {
    const id = (await sandbox.control.listTickets())[1]!.id
    for (const theme of ['light', 'dark'] as const) {
      for (const language of ['zh-TW', 'en'] as const) {
        await look(language, theme)
        await page.goto(`${host.host.url}/#/settings`)
        const section = page.locator('[data-testid=settings-templates]')
        await section.scrollIntoViewIfNeeded()
        expect(await capture(page, `templates-settings-${language}-${theme}`)).toEqual([])
        await editForm(id)
        await openPicker('')
        expect(await capture(page, `templates-picker-${language}-${theme}`)).toEqual([])
        // Closed and the typed ` ::` taken back, so the form leaves without asking.
        await page.keyboard.press('Escape')
        for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace')
      }
    }
    await look('zh-TW', 'light')
    expect(pageErrors).toEqual([])
  })
})

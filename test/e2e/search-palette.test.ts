/**
 * Finding tickets and callers the way agents type, in Chromium through the browser
 * host against the sandbox: a two-word search shows the reference's count, with highlights; a
 * caller found by name without the space opens their tickets; `#<id>` puts that ticket first;
 * the command palette jumps to a ticket by id and finds a caller. Screenshots in zh-TW and en.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../src/sandbox/server'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import { launchBrowser, type TestBrowser } from '../helpers/browser'
import { startTestHost, WEB_BUILD_DIR, type TestHost } from '../helpers/web-host'
import { apiGet, capture, waitForSync, waitForTotal, waitUntil, finishE2e } from './agent-ui'

const norm = (text: string | null | undefined): string =>
  (text ?? '').normalize('NFKC').toLowerCase()

/** The search's reference: every word in a normalised field, or the national id in full. */
function reference(tickets: Ticket[], input: string): Ticket[] {
  const words = norm(input)
    .split(/\s+/)
    .filter((w) => w !== '')
  return tickets.filter((t) => {
    const name = norm(t.contact?.name)
    const fields = [norm(t.subject), norm(t.content), name, name.replace(/\s+/g, '')]
    fields.push(norm(t.contact?.membership_no))
    return words.every(
      (w) =>
        fields.some((f) => f.includes(w)) ||
        (t.contact?.identity_no ? norm(t.contact.identity_no) === w : false) ||
        /^#?(\d+)$/.exec(w)?.[1] === String(t.id),
    )
  })
}

describe('finding tickets and callers', () => {
  let sandbox: SandboxHandle
  let host: TestHost
  let browser: TestBrowser
  let page: Page
  let dir: string
  const tickets: Ticket[] = []
  const pageErrors: string[] = []

  async function rpc(channel: string, input: unknown): Promise<unknown> {
    const res = await fetch(`${host.host.url}/rpc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-agent-console-secret': host.host.secret },
      body: JSON.stringify(input),
    })
    return ((await res.json()) as { value: unknown }).value
  }

  async function search(text: string): Promise<void> {
    await page.fill('[data-testid=queue-search] input', text)
  }

  async function firstRowId(): Promise<number> {
    return Number(await page.locator('.row.body[data-id]').first().getAttribute('data-id'))
  }

  beforeAll(async () => {
    if (!existsSync(join(WEB_BUILD_DIR, 'index.html'))) {
      throw new Error('out/web is missing: run `npm run build:web` first (npm run test:e2e does)')
    }
    dir = mkdtempSync(join(tmpdir(), 'ac-search-'))
    sandbox = await startSandbox({ tickets: 600, seed: 11, dbPath: join(dir, 'sandbox.sqlite') })
    for (let p = 1; ; p++) {
      const { body } = await apiGet<{ data: Ticket[]; meta: { last_page: number } }>(
        sandbox.apiBase,
        `/ticket?per_page=100&page=${p}`,
      )
      tickets.push(...body.data)
      if (p >= body.meta.last_page) break
    }
    host = await startTestHost({ apiUrl: sandbox.apiBase })
    await host.core.sync.runFull()
    // "Who am I" as the picker keeps it: the status bar names the agent.
    const [first] = (await rpc('employees:search', { limit: 1 })) as Array<{
      id: number
      name: string | null
      employeeNo: string | null
    }>
    await rpc('settings:update', {
      me: { id: first?.id ?? 1, name: first?.name ?? null, employeeNo: first?.employeeNo ?? null },
    })
    browser = await launchBrowser({ locale: 'zh-TW' })
    page = await browser.newPage()
    page.on('pageerror', (e) => pageErrors.push(e.message))
    await page.goto(host.host.openUrl)
    await page.waitForSelector('[data-testid=ticket-grid]')
    await waitForSync(page, 'online')
    await page.click('[data-testid=nav-view-all]')
    await waitForTotal(page, (n) => n === tickets.length)
  })

  afterAll(() => finishE2e({ browser, host, sandbox, dir }))

  it('shows the reference count for 退款 信用卡, each row saying why it matched', async () => {
    const want = reference(tickets, '退款 信用卡')
    expect(want.length).toBeGreaterThan(0)
    await search('退款 信用卡')
    await waitForTotal(page, (n) => n === want.length)
    await page.waitForSelector('.row.body mark')
    const marks = await page.locator('.row.body mark').allTextContents()
    expect(marks.every((m) => ['退款', '信用卡'].includes(m))).toBe(true)
    expect(await capture(page, 'zh-TW-search-two-words')).toEqual([])
    // Full-width space and full-width letters: the same search.
    await search('信用卡\u3000退款')
    await waitForTotal(page, (n) => n === want.length)
  })

  it('finds a caller by name without the space and opens their tickets', async () => {
    const t = tickets.find((x) => x.contact?.name && /^\S \S+$/.test(x.contact.name)) as Ticket
    const contact = t.contact!
    const joined = contact.name!.replace(/\s+/g, '')
    await search(joined)
    await waitForTotal(page, (n) => n === reference(tickets, joined).length)
    const suggestion = page.locator(
      `[data-testid=caller-suggestion][data-contact-id="${contact.id}"]`,
    )
    await suggestion.waitFor()
    expect(await page.textContent('[data-testid=caller-suggestions]')).not.toContain(
      contact.identity_no ?? '(none)',
    )
    expect(await capture(page, 'zh-TW-search-caller')).toEqual([])
    await suggestion.click()
    const theirs = tickets.filter((x) => x.contact_id === contact.id)
    await waitForTotal(page, (n) => n === theirs.length)
    expect(await page.inputValue('[data-testid=queue-search] input')).toBe('')
    const shown = await page
      .locator('.row.body[data-id]')
      .evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.id)))
    expect(shown.every((id) => theirs.some((x) => x.id === id))).toBe(true)
  })

  it('puts the ticket of #<id> first and opens it', async () => {
    // The caller's filter (a chip) stays until the agent clears it.
    await page.click('[data-testid=clear-filters]')
    await waitForTotal(page, (n) => n === tickets.length)
    const target = tickets[Math.floor(tickets.length / 2)] as Ticket
    await search(`#${target.id}`)
    await waitUntil(
      page,
      `document.querySelector('.row.body[data-id]')?.dataset.id === '${target.id}'`,
    )
    expect(await firstRowId()).toBe(target.id)
    // Full-width, as Taiwanese input methods often type it.
    const wide = `＃${String(target.id).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))}`
    const answered = await page.getAttribute('[data-testid=ticket-grid]', 'data-answered')
    await search(wide)
    // The full-width search has its own answer (not the half-width one still showing).
    await waitUntil(
      page,
      `document.querySelector('[data-testid=ticket-grid]')?.dataset.answered !== '${answered}'`,
    )
    expect(await firstRowId()).toBe(target.id)
    await page.press('[data-testid=queue-search] input', 'Enter')
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`/tickets/${target.id}$`))
  })

  it('jumps to a ticket by id and finds a caller from the command palette, keyboard only', async () => {
    const target = tickets[7] as Ticket
    await page.keyboard.press('Control+k')
    await page.waitForSelector('[data-testid=palette-input]')
    expect(await capture(page, 'zh-TW-palette')).toEqual([])
    await page.keyboard.type(`#${target.id}`)
    await page.waitForSelector(`[data-testid=palette-item][data-key="ticket-${target.id}"]`)
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`/tickets/${target.id}$`))

    const t = tickets.find((x) => x.contact?.name && /^\S \S+$/.test(x.contact.name)) as Ticket
    const contact = t.contact!
    await page.keyboard.press('Control+k')
    await page.keyboard.type(contact.name!.replace(/\s+/g, ''))
    const item = page.locator(`[data-testid=palette-item][data-key="caller-${contact.id}"]`)
    await item.waitFor()
    expect(await capture(page, 'zh-TW-palette-caller')).toEqual([])
    // Enter runs the highlighted command: move to the caller's "tickets" command first.
    const keys = await page
      .locator('[data-testid=palette-item]')
      .evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.key))
    for (let i = 0; i < keys.indexOf(`caller-${contact.id}`); i++) {
      await page.keyboard.press('ArrowDown')
    }
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/queue\/all$/)
    await waitForTotal(page, (n) => n === tickets.filter((x) => x.contact_id === contact.id).length)
  })

  it('shows the same in English', async () => {
    await page.click('[data-testid=toggle-language]')
    await page.waitForSelector('[data-testid=toggle-language]:has-text("繁體中文")')
    await page.click('[data-testid=clear-filters]')
    await waitForTotal(page, (n) => n === tickets.length)
    await search('退款 信用卡')
    await waitForTotal(page, (n) => n === reference(tickets, '退款 信用卡').length)
    await page.waitForSelector('.row.body mark')
    expect(await capture(page, 'en-search-two-words')).toEqual([])
    const t = tickets.find((x) => x.contact?.name && /^\S \S+$/.test(x.contact.name)) as Ticket
    await search(t.contact!.name!.replace(/\s+/g, ''))
    await page.waitForSelector('[data-testid=caller-suggestion]')
    expect(await capture(page, 'en-search-caller')).toEqual([])
    await page.keyboard.press('Control+k')
    await page.waitForSelector('[data-testid=palette-input]')
    await page.keyboard.type('sync')
    await page.waitForSelector('[data-testid=palette-item][data-key="sync-now"]')
    expect(await capture(page, 'en-palette')).toEqual([])
    await page.keyboard.press('Escape')
    expect(pageErrors).toEqual([])
  })
})

/**
 * Export in Chromium through the browser host, against the sandbox: the queue's Export dialog
 * downloads the view as XLSX and as CSV, and the files read back (exceljs, a CSV parser) hold the
 * queue's rows in its order, national ids masked. Screenshots of the dialog in both languages and
 * both themes.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TicketRow } from '../../src/shared/domain/queue'
import { call } from '../helpers/core'
import { launchBrowser, type TestBrowser } from '../helpers/browser'
import { readCsv, readXlsx } from '../helpers/export-files'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import {
  actAsFirstEmployee,
  startTestHost,
  WEB_BUILD_DIR,
  type TestHost,
} from '../helpers/web-host'
import { capture, finishE2e, waitForSync, waitForTotal } from './agent-ui'

describe('export in the queue', () => {
  let sandbox: TestSandbox
  let host: TestHost
  let browser: TestBrowser
  let page: Page
  let dir: string
  const pageErrors: string[] = []

  /** Every row of the open view, as the queue reads it. */
  async function openRows(): Promise<TicketRow[]> {
    const rows: TicketRow[] = []
    for (let offset = 0; ; offset += 500) {
      const page = await call(host.core, 'tickets:query', { view: 'open', offset, limit: 500 })
      rows.push(...page.rows)
      if (rows.length >= page.total) return rows
    }
  }

  async function openQueue(): Promise<void> {
    await page.goto(host.host.openUrl)
    // A new language and theme are read at start: load the page afresh.
    await page.reload()
    await page.waitForSelector('[data-testid=ticket-grid]')
    await waitForSync(page, 'online', 60_000)
    await page.click('[data-testid=nav-view-open]')
    await waitForTotal(page, (n) => n > 20)
  }

  /** Runs the dialog's export and saves the browser's download; returns its path and name. */
  async function download(): Promise<{ path: string; name: string }> {
    const downloading = page.waitForEvent('download')
    await page.click('[data-testid=export-start]')
    const file = await downloading
    const path = join(dir, file.suggestedFilename())
    await file.saveAs(path)
    await page.waitForSelector('[data-testid=export-outcome]')
    return { path, name: file.suggestedFilename() }
  }

  beforeAll(async () => {
    if (!existsSync(join(WEB_BUILD_DIR, 'index.html'))) {
      throw new Error('out/web is missing: run `npm run build:web` first (npm run test:e2e does)')
    }
    dir = mkdtempSync(join(tmpdir(), 'ac-export-e2e-'))
    sandbox = await startTestSandbox({
      tickets: 160,
      seed: 19,
      dbPath: join(dir, 'sandbox.sqlite'),
    })
    host = await startTestHost({ apiUrl: sandbox.apiBase })
    await actAsFirstEmployee(host.core)
    browser = await launchBrowser({ locale: 'zh-TW', width: 1280, height: 800 })
    page = await browser.newPage()
    page.on('pageerror', (e) => pageErrors.push(e.message))
  })

  afterAll(() => finishE2e({ axe: true, browser, host, sandbox, dir }))

  it('downloads the open view as XLSX and as CSV, equal to the queue, national ids masked', async () => {
    await openQueue()
    const rows = await openRows()
    await page.click('[data-testid=open-export]')
    await page.waitForSelector('[data-testid=export-dialog]')
    await page.click('[data-testid=export-column-identity_no]')

    const xlsx = await download()
    expect(xlsx.name).toMatch(/^tickets-\d{8}-\d{6}\.xlsx$/)
    expect(await page.textContent('[data-testid=export-outcome]')).toContain(
      `已匯出 ${rows.length} 張工單`,
    )
    const read = await readXlsx(xlsx.path)
    const [header, ...body] = read
    expect(header).toEqual([
      '編號',
      '主旨',
      '狀態',
      '優先順序',
      '到期時間',
      '主分類',
      '子分類',
      '客戶',
      '處理人',
      '更新時間',
      '身分證字號',
    ])
    expect(body.map((r) => r[0])).toEqual(rows.map((r) => r.id))
    expect(body.map((r) => r[1] ?? null)).toEqual(rows.map((r) => r.subject || null))
    const ids = body.map((r) => String(r[10] ?? '')).filter(Boolean)
    expect(ids.length).toBeGreaterThan(5)
    expect(ids.every((id) => /^[A-Z]\d{3}\*{4}\d{2}$/.test(id))).toBe(true)

    await page.click('[data-testid=export-format-csv]')
    const csv = await download()
    const parsed = await readCsv(csv.path)
    expect(parsed.slice(1).map((r) => Number(r[0]))).toEqual(rows.map((r) => r.id))
    expect(pageErrors).toEqual([])
    await page.keyboard.press('Escape')
    await page.locator('[data-testid=export-dialog]').waitFor({ state: 'detached' })
  }, 180_000)

  for (const language of ['zh-TW', 'en'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`shows the dialog in ${language}, ${theme}`, async () => {
        await host.core.invoke('settings:update', { language, theme })
        await openQueue()
        await page.click('[data-testid=open-export]')
        await page.waitForSelector('[data-testid=export-dialog]')
        await page.click('[data-testid=export-include-ids]')
        await page.waitForSelector('[data-testid=export-ids-warning]')
        expect(await page.textContent('[data-testid=export-dialog]')).toContain(
          language === 'en' ? 'Include full national id numbers' : '包含完整身分證字號',
        )
        expect(await capture(page, `${language}-export-dialog-${theme}`)).toEqual([])
        await page.click('[data-testid=export-include-ids]')
        await page.keyboard.press('Escape')
        await page.locator('[data-testid=export-dialog]').waitFor({ state: 'detached' })
      }, 120_000)
    }
  }
})

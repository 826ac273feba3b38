// How fresh each tier is, as the agent sees it in Chromium: the status bar, the queue and the
// ticket's detail say "open tickets as of HH:MM · all tickets as of HH:MM" in server time, in
// zh-TW and in English; a tier past its promise (the server gone) is marked stale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finishE2e } from './agent-ui'
import { serverNow } from '../../src/shared/domain/server-time'
import { launchBrowser, screenshot, type Page, type TestBrowser } from '../helpers/browser'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { startTestHost, type TestHost } from '../helpers/web-host'

describe('tier freshness in the browser host', () => {
  let sandbox: TestSandbox
  let host: TestHost
  let browser: TestBrowser
  let page: Page

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 150, seed: 12 })
    host = await startTestHost({ apiUrl: sandbox.url })
    await host.core.invoke('settings:update', {
      me: { id: 7, name: 'Tommy Hsu', employeeNo: 'tommy' },
    })
    browser = await launchBrowser()
    page = await browser.newPage()
  })
  afterAll(() => finishE2e({ browser, host, sandbox }))

  const texts = (where: string): Promise<string[]> =>
    page.$$eval(`${where} [data-testid=freshness-tier]`, (els) =>
      els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()),
    )

  it("the status bar, the queue and the detail say each tier's time, in server time (zh-TW)", async () => {
    await page.goto(host.host.openUrl)
    await expect
      .poll(() => texts('[data-testid=status-bar]'), { timeout: 30_000 })
      .toEqual([
        expect.stringMatching(/^我的工單 \d\d:\d\d 更新$/),
        expect.stringMatching(/^未結案工單 \d\d:\d\d 更新$/),
        expect.stringMatching(/^全部工單 \d\d:\d\d 更新$/),
      ])
    const [, hot] = await texts('[data-testid=status-bar]')
    // Server time (Taipei), the minute the first sync started.
    const now = serverNow()
    expect(hot).toContain(now.slice(11, 13))
    expect(await texts('.queue')).toHaveLength(2)

    const id = (await sandbox.control.listTickets()).at(-1)!.id
    await page.evaluate(`location.hash = '#/tickets/${id}'`)
    await page.waitForSelector('[data-testid=detail-subject]')
    await expect.poll(() => texts('.main-col'), { timeout: 10_000 }).toHaveLength(2)
    await screenshot(page, 'freshness-zh-TW')
  })

  it('in English too, and a tier past its promise is marked stale', async () => {
    await host.core.invoke('settings:update', { language: 'en' })
    await page.reload()
    await expect
      .poll(() => texts('[data-testid=status-bar]'), { timeout: 30_000 })
      .toEqual([
        expect.stringMatching(/^my tickets as of \d\d:\d\d$/),
        expect.stringMatching(/^open tickets as of \d\d:\d\d$/),
        expect.stringMatching(/^all tickets as of \d\d:\d\d$/),
      ])
    // The hot tier's promise is 5 minutes: pretend its last sync was 10 minutes ago.
    const status = host.core.sync.status()
    const old = '2020-01-01 00:00:00'
    host.core.events.emit('sync:status', {
      ...status,
      tiers: { ...status.tiers!, hot: { ...status.tiers!.hot, lastSyncAt: old, stale: true } },
    })
    await expect
      .poll(() => texts('[data-testid=status-bar]'), { timeout: 10_000 })
      .toContainEqual('open tickets as of 01-01 00:00 (stale)')
    expect(await page.getAttribute('[data-testid=status-bar] [data-tier=hot]', 'data-stale')).toBe(
      'true',
    )
    await screenshot(page, 'freshness-stale-en')
  })
})

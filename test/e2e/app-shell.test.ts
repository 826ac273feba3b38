// The foundation end to end: the built renderer in Chromium, over the browser host's real
// transport, against the real core and sandbox.
import { mkdtempSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finishE2e } from './agent-ui'
import { launchBrowser, screenshot, type Page, type TestBrowser } from '../helpers/browser'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { startTestHost, type TestHost } from '../helpers/web-host'

describe('app shell in the browser host', () => {
  let sandbox: TestSandbox
  let host: TestHost
  let browser: TestBrowser
  let page: Page

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 120, seed: 11 })
    host = await startTestHost({ apiUrl: sandbox.url })
    await host.core.invoke('settings:update', {
      me: { id: 7, name: 'Tommy Hsu', employeeNo: 'tommy' },
    })
    browser = await launchBrowser()
    page = await browser.newPage()
  })
  afterAll(() => finishE2e({ browser, host, sandbox }))

  it('shows the title, the navigation and the connection state', async () => {
    await page.goto(host.host.openUrl)
    await page.waitForSelector('nav')
    expect(await page.title()).toContain('客服工作台')
    await expect
      .poll(() => page.getAttribute('[data-testid=sync-state]', 'data-state'), { timeout: 30_000 })
      .toBe('online')
    const total = (await sandbox.control.health()).tickets
    await expect
      .poll(() => page.textContent('[data-testid=count-all]'), { timeout: 10_000 })
      .toBe(String(total))
    await screenshot(page, 'app-shell')
  })

  it('keeps the secret out of the address bar and calls the contract over the real transport', async () => {
    expect(page.url()).not.toContain('secret')
    const result = await page.evaluate(async () => {
      const secret = sessionStorage.getItem('agent-console.secret') ?? ''
      const res = await fetch('/rpc/app:info', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-agent-console-secret': secret },
        body: '{}',
      })
      return res.json() as Promise<unknown>
    })
    expect(result).toMatchObject({ ok: true, value: { name: 'Agent Console', host: 'web' } })
  })

  it('another page without the secret cannot call the host', async () => {
    const other = await browser.newPage()
    await other.goto(`${host.host.url}/`)
    const status = await other.evaluate(async () => {
      sessionStorage.clear()
      const res = await fetch('/rpc/settings:get', { method: 'POST', body: '{}' })
      return res.status
    })
    expect(status).toBe(401)
    await other.close()
  })
})

describe('a damaged cache at start', () => {
  it('is set aside, and the agent is told once the screen is up', async () => {
    const sandbox = await startTestSandbox({ tickets: 30, seed: 12 })
    const dataDir = mkdtempSync(join(tmpdir(), 'ac-e2e-damaged-'))
    writeFileSync(join(dataDir, 'cache.sqlite'), 'SQLite format 3\0 but then nothing useful at all')
    // Watched from before the host starts: the copy may be set aside and deleted again quickly.
    let sawSetAside = false
    const watcher = watch(dataDir, (_event, name) => {
      if (name?.startsWith('cache.sqlite.damaged-')) sawSetAside = true
    })
    const host = await startTestHost({ apiUrl: sandbox.url, dataDir })
    const setAside = (): string[] =>
      readdirSync(dataDir).filter((f) => f.startsWith('cache.sqlite.damaged-'))
    await host.core.invoke('settings:update', {
      me: { id: 7, name: 'Tommy Hsu', employeeNo: 'tommy' },
    })
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage()
      await page.goto(host.host.openUrl)
      await page.getByText('本機快取已損毀並已重建').waitFor({ timeout: 20_000 })
      await screenshot(page, 'app-shell-cache-rebuilt')
      // The damaged copy was set aside and, once a full sync has rebuilt the cache, is
      // deleted (no stale copy of personal data left behind).
      expect(sawSetAside).toBe(true)
      await expect.poll(setAside, { timeout: 30_000 }).toEqual([])
    } finally {
      watcher.close()
      await browser.close()
      await host.close()
      await sandbox.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

// Two agents, two browser hosts following one REAL hub process, in Chromium: each sees the other
// on the same ticket; a save on one shows on the other without a reload ("changed by … just
// now", the fresh subject) and in the ticket's history with the saver's name; both languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot, type Page, type TestBrowser } from '../helpers/browser'
import { type HubProcess, startHubOnSandbox, type HubOnSandbox } from '../helpers/hub-process'
import { type TestSandbox } from '../helpers/sandbox'
import { startTestHost, type TestHost } from '../helpers/web-host'
import { finishE2e, settled } from './agent-ui'

const TOKEN = 'e2e-hub-token'
const PEI = { id: 2, name: '王佩珊', employeeNo: null }
const TOMMY = { id: 3, name: 'Tommy Hsu', employeeNo: null }

describe('two agents on one team hub', () => {
  let sandbox: TestSandbox
  let world: HubOnSandbox
  let hub: HubProcess
  let a: TestHost
  let b: TestHost
  let browser: TestBrowser
  let pageA: Page
  let pageB: Page
  let id: number

  beforeAll(async () => {
    world = await startHubOnSandbox({
      token: TOKEN,
      sandbox: { tickets: 80, seed: 31, openShare: 0.3 },
      hubArgs: ['--new-ms', '600000', '--open-ms', '600000'],
    })
    ;({ sandbox, hub } = world)
    ;[a, b] = await Promise.all([
      startTestHost({ apiUrl: sandbox.url, token: TOKEN, hubUrl: hub.url }),
      startTestHost({ apiUrl: sandbox.url, token: TOKEN, hubUrl: hub.url }),
    ])
    await a.core.invoke('settings:update', { me: PEI })
    await b.core.invoke('settings:update', { me: TOMMY })
    id = (await sandbox.control.listTickets())[10]!.id
    browser = await launchBrowser()
    pageA = await browser.newPage()
    pageB = await browser.newPage()
  }, 120_000)
  afterAll(async () => {
    await b?.close()
    await finishE2e({ browser, host: a })
    await world?.close()
  })

  /** A route of the already opened app (the address keeps the host's session). */
  const open = async (page: Page, route: string): Promise<void> => {
    await page.evaluate(`location.hash = '#${route}'`)
  }

  const text = (page: Page, selector: string): Promise<string> =>
    page
      .$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()))
      .then((all) => all.join(' | '))

  it('each agent sees the other on the same ticket, and the status bar says the hub is followed (zh-TW)', async () => {
    await pageA.goto(a.host.openUrl)
    await pageB.goto(b.host.openUrl)
    await open(pageA, `/tickets/${id}`)
    await open(pageB, `/tickets/${id}`)
    await expect
      .poll(() => text(pageA, '[data-testid=hub-state]'), { timeout: 30_000 })
      .toBe('經由團隊中樞同步')
    await expect
      .poll(() => text(pageB, '[data-testid=presence-colleague]'), { timeout: 15_000 })
      .toBe('王佩珊 正在檢視')
    await expect
      .poll(() => text(pageA, '[data-testid=presence-colleague]'), { timeout: 15_000 })
      .toBe('Tommy Hsu 正在檢視')
    await settled(pageB)
    await screenshot(pageB, 'zh-TW-hub-presence')
  }, 60_000)

  it("a save on A shows on B without a reload, and in the ticket's history with the saver's name", async () => {
    const subject = `團隊中樞 ${Date.now() % 100000}`
    await open(pageA, `/tickets/${id}/edit`)
    await pageA.waitForSelector('[data-testid=tf-subject] input')
    await pageA.fill('[data-testid=tf-subject] input', subject)
    // B sees A editing before the save.
    await expect
      .poll(() => text(pageB, '[data-testid=presence-colleague]'), { timeout: 15_000 })
      .toBe('王佩珊 正在編輯')
    await pageA.click('[data-testid=tf-save]')
    await expect
      .poll(() => text(pageB, '[data-testid=detail-subject]'), { timeout: 10_000 })
      .toBe(subject)
    expect(await text(pageB, '[data-testid=presence-changed]')).toBe('由 王佩珊 剛剛更新')
    await expect
      .poll(() => text(pageB, '[data-testid=history-who]'), { timeout: 10_000 })
      .toContain('王佩珊，於工作台')
    expect(await text(pageB, '[data-testid=history-field]')).toContain(subject)
    await settled(pageB)
    await screenshot(pageB, 'zh-TW-hub-changed-history')
  }, 60_000)

  it('in English too', async () => {
    await b.core.invoke('settings:update', { language: 'en' })
    await pageB.reload()
    await open(pageA, `/tickets/${id}`)
    await expect
      .poll(() => text(pageB, '[data-testid=presence-colleague]'), { timeout: 15_000 })
      .toBe('王佩珊 is viewing')
    await expect
      .poll(() => text(pageB, '[data-testid=history-who]'), { timeout: 10_000 })
      .toContain('王佩珊, in the console')
    expect(await text(pageB, '[data-testid=hub-state]')).toBe('Syncing through the team hub')
    await settled(pageB)
    await screenshot(pageB, 'en-hub-presence-history')
  }, 60_000)
})

/**
 * The desktop app run for real: the built shell (`npm run build`) launched by Electron through
 * Playwright, connected to a real sandbox: the queue, a ticket, a save that reaches the server,
 * quit. It needs Electron's binary, which `npm test` never does: without it the file is skipped
 * with that reason. The hosted workflow in .github/workflows/desktop.yml runs it under xvfb.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron, type ElectronApplication, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

const ROOT = resolve(import.meta.dirname, '../..')
const BUNDLE = join(ROOT, 'out/main/index.js')

/** Electron's own package records where its binary was unpacked; no file there, no binary. */
function electronBinary(): string | null {
  const pkg = join(ROOT, 'node_modules/electron')
  const record = join(pkg, 'path.txt')
  if (!existsSync(record)) return null
  const binary = join(pkg, 'dist', readFileSync(record, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

/** The sandbox answers a ticket either bare or wrapped in `data`, as the vendor does. */
async function serverStatus(apiBase: string, id: number): Promise<number> {
  const body = (await (await fetch(`${apiBase}/ticket/${id}`)).json()) as
    | { status: number }
    | { data: { status: number } }
  return 'data' in body ? body.data.status : body.status
}

const binary = electronBinary()
const why = binary ? '' : 'skipped: no Electron binary'

describe.skipIf(!binary)(`the desktop app, launched by Electron${why ? ` (${why})` : ''}`, () => {
  let sandbox: TestSandbox
  let app: ElectronApplication
  let page: Page

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error('out/main/index.js is missing: run `npm run build` first')
    sandbox = await startTestSandbox({ seed: 7, tickets: 60 })
    app = await _electron.launch({
      executablePath: binary ?? undefined,
      args: [BUNDLE, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'ac-electron-'))}`],
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
    })
    page = await app.firstWindow()
  })

  afterAll(async () => {
    await app?.close()
    await sandbox?.close()
  })

  it('connects to the sandbox and shows the queue', async () => {
    await page.waitForSelector('[data-testid=connect-api-url]')
    await page.fill('#connect-api-url', sandbox.apiBase)
    await page.click('[data-testid=connect-save]')
    await page.waitForSelector('[data-testid=identity-pick]')
    await page.locator('[data-testid=identity-pick]').first().click()
    await page.click('[data-testid=nav-view-all]')
    await page.waitForSelector('[role=row][data-id]')
  })

  it('opens a ticket and saves a change the server keeps', async () => {
    const id = Number(await page.locator('[role=row][data-id]').first().getAttribute('data-id'))
    await page.locator('[role=row][data-id]').first().dblclick()
    await page.waitForSelector('[data-testid=detail-subject]')
    const before = { status: await serverStatus(sandbox.apiBase, id) }
    await page.keyboard.press('e')
    await page.waitForSelector('[data-testid=ticket-form]')
    await page
      .locator('[data-testid=tf-status]')
      .getByText(before.status === 1 ? '已解決' : '處理中')
      .click()
    await page.keyboard.press('Control+s')
    await page.waitForSelector('[data-testid=detail-subject]')
    await expect
      .poll(() => serverStatus(sandbox.apiBase, id))
      .toBe(before.status === 1 ? 2 : 1)
  })

  it('quits cleanly', async () => {
    const closed = new Promise<void>((done) => app.process().once('exit', () => done()))
    await app.close()
    await closed
    expect(app.process().exitCode ?? 0).toBe(0)
  })
})

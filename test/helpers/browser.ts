/** Debian's Chromium driven by playwright-core, with the flags that work on this machine. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
export const SCREENSHOT_DIR = join(import.meta.dirname, '../../test-results/screenshots')

export interface TestBrowser {
  browser: BrowserContext
  newPage(): Promise<Page>
  close(): Promise<void>
}

export async function launchBrowser(
  options: { locale?: string; width?: number; height?: number } = {},
): Promise<TestBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ac-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    locale: options.locale ?? 'zh-TW',
    viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
  return {
    browser: context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close()
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path, fullPage: false })
  return path
}

export type { Browser, Page }

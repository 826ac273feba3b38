/** Helpers for the agent's-day end-to-end tests: waiting on the app, axe scans, the sandbox API. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { SCREENSHOT_DIR, screenshot } from '../helpers/browser'

const require = createRequire(import.meta.url)
export const AXE_PATH = require.resolve('axe-core/axe.min.js')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: number
  targets: string[]
}

/** Runs axe-core (WCAG 2 A/AA rules) on the page as it is; returns every violation. */
export async function axeScan(page: Page): Promise<AxeViolation[]> {
  const has = await page.evaluate(() => 'axe' in window)
  // The app's CSP forbids inline scripts, so addScriptTag cannot inject axe; evaluating the
  // source through the DevTools protocol is not subject to the page's CSP.
  if (!has) await page.evaluate(readFileSync(AXE_PATH, 'utf8'))
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{
            violations: Array<{
              id: string
              impact: string | null
              help: string
              nodes: Array<{ target: string[] }>
            }>
          }>
        }
      }
    ).axe
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }))
  })
}

export const axeReport: Record<string, AxeViolation[]> = {}

/** Screenshot plus axe scan of one screen; returns its serious and critical violations. */
/** Until every transition has finished (a spinner's endless animation is not waited for). */
export async function settled(page: Page): Promise<void> {
  await waitUntil(
    page,
    `document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)`,
  )
}

export async function capture(page: Page, name: string): Promise<AxeViolation[]> {
  // Transitions finish before the picture.
  await settled(page)
  // A fading toast is half transparent: axe would measure its contrast mid-animation.
  await page
    .waitForSelector('.n-message', { state: 'detached', timeout: 6000 })
    .catch(() => undefined)
  await screenshot(page, name)
  const violations = await axeScan(page)
  axeReport[name] = violations
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

export function writeAxeReport(): void {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  writeFileSync(join(SCREENSHOT_DIR, '..', 'axe-report.json'), JSON.stringify(axeReport, null, 2))
}

/** GET on the sandbox's API (what the server really holds). */
export async function apiGet<T>(
  apiBase: string,
  path: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${apiBase}${path}`)
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T }
}

export async function apiTotal(apiBase: string, query: string): Promise<number> {
  const { body } = await apiGet<{ meta: { total: number } }>(apiBase, `/ticket?per_page=1&${query}`)
  return body.meta.total
}

export async function syncState(page: Page): Promise<string | null> {
  return page.getAttribute('[data-testid=sync-state]', 'data-state')
}

/** Waits until the status bar shows `state`. */
export async function waitForSync(page: Page, state: string, timeout = 60_000): Promise<void> {
  try {
    await page.waitForSelector(`[data-testid=sync-state][data-state=${state}]`, { timeout })
  } catch (error) {
    // Say what the bar showed instead, so a timeout names its cause.
    const shown = await syncState(page).catch(() => null)
    const bar = await page
      .textContent('[data-testid=status-bar]', { timeout: 1_000 })
      .catch(() => null)
    throw new Error(`the status bar never showed "${state}": it shows "${shown}" (${bar})`, {
      cause: error,
    })
  }
}

/** Waits until the queue shows `n` tickets in total. */
export async function waitForTotal(
  page: Page,
  predicate: (n: number) => boolean,
  timeout = 15_000,
): Promise<number> {
  const started = Date.now()
  for (;;) {
    const raw = await page.getAttribute('[data-testid=ticket-grid]', 'data-total')
    const n = raw === null || raw === '' ? NaN : Number(raw)
    if (!Number.isNaN(n) && predicate(n)) return n
    if (Date.now() - started > timeout) throw new Error(`queue total ${raw} never matched`)
    await page.waitForTimeout(100)
  }
}

/** Switches the app's language with the header's button, unless it is in that language already. */
export async function setLanguage(page: Page, lang: 'zh-TW' | 'en'): Promise<void> {
  const now = await page.getAttribute('html', 'lang')
  if ((now === 'en') !== (lang === 'en')) {
    await page.click('[data-testid=toggle-language]')
    await page.waitForSelector(`html[lang=${lang === 'en' ? 'en' : 'zh-Hant-TW'}]`)
  }
}

export async function pickOption(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('.n-base-select-option:visible', { hasText: text }).first().click()
}

/** Polls a JavaScript expression in the page until it is true (waitForFunction needs eval, which the CSP forbids). */
export async function waitUntil(page: Page, expression: string, timeout = 15_000): Promise<void> {
  const started = Date.now()
  while (!(await page.evaluate(expression))) {
    if (Date.now() - started > timeout) {
      await screenshot(page, 'failed-wait')
      throw new Error(`never true: ${expression}`)
    }
    await page.waitForTimeout(100)
  }
}

interface Closable {
  close(): Promise<void>
}

/**
 * The end of an e2e file: the accessibility report (when it scanned), then the browser, the host
 * and the sandbox closed, and the file's folder removed; whatever beforeAll got to start.
 */
export async function finishE2e(parts: {
  axe?: boolean
  browser?: Closable
  host?: Closable
  sandbox?: Closable
  dir?: string
}): Promise<void> {
  if (parts.axe) writeAxeReport()
  await parts.browser?.close()
  await parts.host?.close()
  await parts.sandbox?.close()
  if (parts.dir) rmSync(parts.dir, { recursive: true, force: true })
}

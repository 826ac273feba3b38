/** What the UI benches do with a tab: load the app in it, and bring it forward to measure. */
import type { Page } from 'playwright-core'
import { sleep } from '../common'
import { INIT_SCRIPT } from './page-scripts'

/** The pause before each measured change: about the quickest an agent clicks again. */
export const THINK_MS = 250

/**
 * Loads `url` in `page` (a new tab) and closes it: ms from navigation to the first queue page
 * painted, or undefined if it never was within a minute.
 */
export async function firstPageIn(page: Page, url: string): Promise<number | undefined> {
  await page.addInitScript(INIT_SCRIPT)
  await page.goto(url)
  // Polled from here: waitForFunction evaluates strings with eval, which the app's CSP forbids.
  let at: number | undefined
  for (let tries = 0; at === undefined && tries < 600; tries++) {
    at = (await page.evaluate('window.__firstPage')) as number | undefined
    if (at === undefined) await sleep(100)
  }
  await page.close()
  return at
}

/**
 * Brings `page` forward and waits until it has painted again and run what waited while it was in
 * the background (no frames, no idle callbacks there), then an agent's quickest next click later
 * (THINK_MS), as in a real session where the app is always in front.
 */
export async function toFront(page: Page): Promise<void> {
  await page.bringToFront()
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))')
  await sleep(THINK_MS)
}

/**
 * The overview's paint time in the UI bench: from the agent's click (the side bar's 總覽, or the
 * scope switch) to every chart drawn with the new numbers and the frame painted. The first visit
 * loads the screen's chunks (Chart.js) and is reported on its own; the later ones are what an
 * agent going back and forth meets. Target: 300 ms.
 */
import type { Page } from 'playwright-core'
import { WHEN_PAINTED } from '../painted'

/** In the page: resolves with ms from the last input to the overview answered and painted. */
const NEXT_PAINT = (answeredBefore: string): string => `${WHEN_PAINTED}(() => {
  const root = document.querySelector('[data-testid=overview]')
  if (!root || root.getAttribute('data-answered') === ${JSON.stringify(answeredBefore)}) return false
  if (root.getAttribute('data-loading') === 'true') return false
  // Every chart painted with these numbers (its last render), not only mounted; a
  // build from before the cards said so (a --before build) is judged by its canvases.
  const cards = document.querySelectorAll('[data-testid=overview] [data-drawn]')
  if (cards.length === 0) return document.querySelectorAll('[data-testid=overview] canvas').length >= 5
  return cards.length >= 5 && [...cards].every((c) => c.getAttribute('data-drawn') === 'true')
}, performance.now(), 10000)`

export interface OverviewPaint {
  firstVisitMs: number
  /** Later visits from the queue. */
  visitMs: number[]
  /** Scope switches (everyone / me) on the screen. */
  scopeMs: number[]
}

/** The screen's last answer, or '' while it is not in the page (asked at once, never waited for). */
async function answered(page: Page): Promise<string> {
  const root = page.locator('[data-testid=overview]')
  if ((await root.count()) === 0) return ''
  return (await root.getAttribute('data-answered', { timeout: 1000 }).catch(() => null)) ?? ''
}

/**
 * The page's wait ends by itself after 10 s; this bounds the driver's side too (a page that
 * stopped answering, a crashed tab), so one stuck measurement reports -1 instead of halting the
 * whole run.
 */
export function bounded<T>(pending: Promise<T>, fallback: T, ms = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    pending,
    new Promise<T>((done) => {
      timer = setTimeout(() => done(fallback), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

async function timed(page: Page, action: () => Promise<void>): Promise<number> {
  const pending = page.evaluate(NEXT_PAINT(await answered(page))) as Promise<number>
  pending.catch(() => undefined)
  await action()
  return bounded(pending, -1)
}

/** Null for a build without the overview (a `--before` build from earlier). */
export async function measureOverview(page: Page, rounds = 10): Promise<OverviewPaint | null> {
  if ((await page.locator('[data-testid=nav-overview]').count()) === 0) return null
  const firstVisitMs = await timed(page, () => page.click('[data-testid=nav-overview]'))
  const visitMs: number[] = []
  const scopeMs: number[] = []
  for (let i = 0; i < rounds; i++) {
    await page.click('[data-testid=nav-view-all]')
    await page.waitForSelector('[data-testid=ticket-grid]')
    visitMs.push(await timed(page, () => page.click('[data-testid=nav-overview]')))
    const scope = i % 2 === 0 ? 'everyone' : 'me'
    scopeMs.push(await timed(page, () => page.click(`[data-testid=overview-scope-${scope}]`)))
  }
  return { firstVisitMs, visitMs, scopeMs }
}

/**
 * One first visit in a new tab of the same browser (the screen's code from the HTTP cache, as
 * on an agent's second start of the app): the app opened, the queue painted and settled, then
 * the side bar's 總覽 clicked. -1: never painted; null: a build without the overview.
 */
export async function firstVisitInNewTab(
  newPage: () => Promise<Page>,
  openUrl: string,
  initScript: string,
): Promise<number | null> {
  const page = await newPage()
  try {
    await page.addInitScript(initScript)
    await page.goto(openUrl)
    await page.waitForSelector('[data-testid=ticket-grid] [role=row][data-id]', { timeout: 60_000 })
    if ((await page.locator('[data-testid=nav-overview]').count()) === 0) return null
    // The first screen's own work after its first page (counts, the ticket screens fetched at
    // idle) is over before the agent's click.
    await page.waitForTimeout(1500)
    return await timed(page, () => page.click('[data-testid=nav-overview]'))
  } finally {
    await page.close()
  }
}

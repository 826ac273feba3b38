/**
 * The UI bench's view and filter changes (`ui-bench.ts`): each measured from the agent's input to
 * the new page painted, in every build's tab turn about, and the host's answers to them.
 */
import type { Page } from 'playwright-core'
import { log, sleep } from '../common'
import { bounded } from '../insights/overview-ui'
import { THINK_MS, toFront } from './tabs'

/** Clicks `selector` and measures until the new page is painted. */
export async function timeChange(page: Page, action: () => Promise<void>): Promise<number> {
  const pending = page.evaluate(() =>
    (
      window as unknown as { __bench: { nextAnswer(t: number): Promise<number> } }
    ).__bench.nextAnswer(10_000),
  )
  pending.catch(() => undefined)
  await action()
  return bounded(pending, -1)
}

/**
 * How long the host took to answer the queue's queries since the last call: resource timing for
 * HTTP, the init script's record for the call socket.
 */
export async function queryTimes(page: Page): Promise<number[]> {
  const json = (await page.evaluate(`JSON.stringify(performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/rpc/tickets:query'))
    .map((e) => e.responseEnd - e.requestStart).concat(window.__socketQueries.splice(0)))`)) as string
  await page.evaluate('performance.clearResourceTimings()')
  return JSON.parse(json) as number[]
}

const VIEWS = ['all', 'open', 'due', 'done', 'unassigned', 'mine']

/** View and filter changes of every build, and the host's answers to them. */
export interface Changes {
  viewChange: number[]
  viewQueries: number[]
  filterChange: number[]
  filterQueries: number[]
}

/**
 * View and filter changes, taken turn about (one change in each build's tab, then the next), so
 * a busy moment, or the first minutes of a run, weighs on every build alike: measured one build
 * after the other, two copies of the same build differed by up to 1.6x at p50 (the first slower). Each tab first goes
 * once through the views and the filter's choices unmeasured, as an agent's session would have.
 */
export async function measureChanges(pages: Page[]): Promise<Changes[]> {
  log('view and filter changes, turn about…')
  const changes = pages.map((): Changes => ({
    viewChange: [],
    viewQueries: [],
    filterChange: [],
    filterQueries: [],
  }))
  let reopened = 0
  const status = (page: Page) => page.locator('.n-base-select-option:visible')
  // The quick filter's list, opened again if bringing the other tab forward closed it.
  const statusList = async (page: Page): Promise<void> => {
    if ((await status(page).count()) > 0) return
    reopened++
    await page.click('[data-testid=quick-status]')
    await status(page).first().waitFor()
    await sleep(THINK_MS)
  }
  for (const page of pages) {
    await page.bringToFront()
    for (const v of VIEWS) await timeChange(page, () => page.click(`[data-testid=nav-view-${v}]`))
    await queryTimes(page)
  }
  // View changes through the side bar (the All view holds every ticket).
  for (let i = 0; i < 24; i++) {
    const v = VIEWS[i % VIEWS.length] ?? 'all'
    for (const [k, page] of pages.entries()) {
      // A tab in the background gets no animation frames: the one measured is in front.
      await toFront(page)
      changes[k]!.viewChange.push(
        await timeChange(page, () => page.click(`[data-testid=nav-view-${v}]`)),
      )
    }
  }
  for (const [k, page] of pages.entries()) {
    changes[k]!.viewQueries = await queryTimes(page)
    // Status filter toggles on the All view (100,000 tickets) through the quick filter.
    await page.bringToFront()
    await timeChange(page, () => page.click('[data-testid=nav-view-all]'))
    await statusList(page)
    for (let i = 0; i < 4; i++) await timeChange(page, () => status(page).nth(i).click())
    await queryTimes(page)
  }
  for (let i = 0; i < 24; i++) {
    for (const [k, page] of pages.entries()) {
      await toFront(page)
      await statusList(page)
      changes[k]!.filterChange.push(
        await timeChange(page, () =>
          status(page)
            .nth(i % 4)
            .click(),
        ),
      )
    }
  }
  for (const [k, page] of pages.entries()) {
    changes[k]!.filterQueries = await queryTimes(page)
    await page.bringToFront()
    await page.keyboard.press('Escape')
    await page.click('[data-testid=clear-filters]').catch(() => undefined)
  }
  if (reopened > 0)
    log(`  (a status list closed behind its tab and was opened again ${reopened} times)`)
  await sleep(300)
  return changes
}

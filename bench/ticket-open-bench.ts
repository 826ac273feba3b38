/**
 * `tsx bench/ticket-open-bench.ts [--tickets N] [--rounds R] [--against DIR] [--by hash|click|both]
 * [--pause MS]`:
 * opening a ticket from the queue and its edit form from the detail, each to its content painted,
 * in Chromium through the browser host against a sandbox. `--by hash` (the default, as measured
 * before) sets the address's hash, which makes the router also rewrite the history entry the
 * browser just made; `--by click` clicks the queue's row and the detail's edit button, as an agent
 * does (the router pushes one entry); `both` reports each. With `--against DIR` (another build of the renderer,
 * e.g. main's `out/web`), both builds are measured in the same run, turn about, on the same host
 * data, so the ratio is the change. `--pause MS` waits that long after the detail is painted
 * before going to the edit form (default 0: at once, while the detail's side column, asked after
 * its first paint, is still arriving; an agent reading the ticket first comes later). By click it
 * also measures going back to the queue from the detail (its back button) until the rows, the
 * ticket's among them, are painted, and the palette's `#id` (its line picked) to the detail. It
 * reports; it never passes or fails.
 */
import { cpus } from 'node:os'
import type { Page } from 'playwright-core'
import { launchBrowser } from '../test/helpers/browser'
import { startTestSandbox } from '../test/helpers/sandbox'
import { actAsFirstEmployee, startTestHost, WEB_BUILD_DIR } from '../test/helpers/web-host'
import { WHEN_PAINTED } from './painted'
import { arg } from './common'

const tickets = Number(arg('--tickets') ?? 5_000)
const rounds = Number(arg('--rounds') ?? 20)
const against = arg('--against')
const by = arg('--by') ?? 'hash'
const pauseMs = Number(arg('--pause') ?? 0)
if (!Number.isFinite(pauseMs) || pauseMs < 0)
  throw new Error('--pause is a number of ms, 0 or more')
if (!['hash', 'click', 'both'].includes(by)) throw new Error('--by is hash, click or both')

/** How a screen is reached: a new hash, or a click on what an agent clicks (a selector). */
type Go = { hash: string } | { click: string }

/** In the page, as source text: `selector` shows `value` (a field's value, else its text). */
function shows(selector: string, value: string): string {
  const [el, expected] = [selector, value].map((v) => JSON.stringify(v))
  return `(() => { const el = document.querySelector(${el}); return el !== null && ('value' in el ? el.value : el.textContent.trim()) === ${expected} })()`
}

/**
 * Goes (`go`) and resolves with the ms until `ready` (source text, `shows`) holds in a painted
 * frame (the UI bench's meaning of painted). Passed as source text: the bundler's helpers for
 * named functions do not exist in the page.
 */
async function timeTo(page: Page, go: Go, ready: string): Promise<number> {
  const what = JSON.stringify('hash' in go ? go.hash : go.click)
  const act =
    'hash' in go
      ? `location.hash = ${what}`
      : `const target = document.querySelector(${what}); if (!target) throw new Error('no ' + ${what}); target.click()`
  const ms = (await page.evaluate(`(() => {
    const t0 = performance.now()
    const painted = ${WHEN_PAINTED}(() => ${ready}, t0, 10000)
    ${act}
    return painted
  })()`)) as number
  if (ms < 0) throw new Error(`never painted: ${what}`)
  return ms
}

function stats(ms: number[]): { first: number; p50: number; p95: number } {
  const rest = [...ms.slice(1)].sort((a, b) => a - b)
  const at = (q: number): number => rest[Math.min(rest.length - 1, Math.floor(q * rest.length))]!
  return { first: Math.round(ms[0]!), p50: Math.round(at(0.5)), p95: Math.round(at(0.95)) }
}

const log = (line: string): void => void process.stderr.write(`${line}\n`)

async function main(): Promise<void> {
  log('starting the sandbox…')
  const sandbox = await startTestSandbox({ tickets, seed: 5 })
  const builds: Record<string, string> = { branch: arg('--build') ?? WEB_BUILD_DIR }
  if (against) builds['against'] = against
  const hosts = await Promise.all(
    Object.entries(builds).map(async ([name, staticDir]) => {
      const host = await startTestHost({ apiUrl: sandbox.url, staticDir })
      await actAsFirstEmployee(host.core)
      return { name, host }
    }),
  )
  log('hosts up; opening the builds in Chromium…')
  const browser = await launchBrowser({ width: 1440, height: 900 })
  const pages = new Map<string, Page>()
  for (const { name, host } of hosts) {
    const page = await browser.newPage()
    await page.goto(host.host.openUrl)
    await page.waitForSelector('[data-testid=ticket-grid] [role=row][data-id]', {
      timeout: 120_000,
    })
    pages.set(name, page)
  }
  log('measuring…')
  const rows = '[data-testid=ticket-grid] [role=row][data-id]'
  const rowSelector = (id: number): string => `${rows.slice(0, -1)}="${id}"]`
  // By hash alone, as before: the first tickets the server lists. Else the rows the queue shows
  // first, for both ways alike.
  const first = pages.values().next().value!
  await first.evaluate("location.hash = '#/queue/all'")
  await first.waitForSelector(rows)
  const shown = (await first.evaluate(
    `[...document.querySelectorAll(${JSON.stringify(rows)})].map((r) => Number(r.dataset.id))`,
  )) as number[]
  const ids =
    by === 'hash'
      ? (await sandbox.control.listTickets()).slice(0, rounds).map((t) => t.id)
      : shown.slice(0, rounds)
  const subjects = await Promise.all(ids.map((id) => sandbox.control.getTicket(id)))
  const modes = by === 'both' ? ['hash', 'click'] : [by]
  const open: Record<string, number[]> = {}
  const edit: Record<string, number[]> = {}
  const back: Record<string, number[]> = {}
  const palette: Record<string, number[]> = {}
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!
    const subject = subjects[i]?.subject ?? ''
    // Turn about, so a busy moment of the shared machine falls on both builds alike.
    for (const mode of modes)
      for (const [name, page] of pages) {
        const key = modes.length > 1 ? `${name} by ${mode}` : name
        // A tab in the background gets no animation frames: the one measured is in front.
        await page.bringToFront()
        await page.evaluate("location.hash = '#/queue/all'")
        await page.waitForSelector(rows)
        const row = page.locator(rowSelector(id))
        if (mode === 'click') await row.scrollIntoViewIfNeeded()
        ;(open[key] ??= []).push(
          await timeTo(
            page,
            mode === 'click' ? { click: rowSelector(id) } : { hash: `#/tickets/${id}` },
            shows('[data-testid=detail-subject]', subject),
          ),
        )
        if (pauseMs > 0) await new Promise((done) => setTimeout(done, pauseMs))
        // The detail's edit button is enabled once the ticket is there (it is: its subject is).
        ;(edit[key] ??= []).push(
          await timeTo(
            page,
            mode === 'click'
              ? { click: '[data-testid=detail-edit]' }
              : { hash: `#/tickets/${id}/edit` },
            shows('#tf-subject', subject),
          ),
        )
        // Back to the queue from the detail, as the agent goes (its button, or Esc): the detail
        // opened from the queue again, then its rows, the ticket's among them, painted.
        if (mode === 'click') {
          await page.evaluate('history.back()')
          await page.waitForSelector('[data-testid=detail-subject]')
          ;(back[key] ??= []).push(
            await timeTo(
              page,
              { click: '[data-testid=detail-back]' },
              `document.querySelector(${JSON.stringify(rowSelector(id))}) !== null`,
            ),
          )
          // The palette's `#id` (Ctrl+K, the number typed, its line picked) to the detail.
          await page.keyboard.press('Control+k')
          await page.locator('[data-testid=palette-input]').fill(`#${id}`)
          const item = `[data-testid=palette-item][data-key="ticket-${id}"]`
          await page.waitForSelector(item)
          ;(palette[key] ??= []).push(
            await timeTo(page, { click: item }, shows('[data-testid=detail-subject]', subject)),
          )
        }
        await page.evaluate("location.hash = '#/queue/all'")
      }
  }
  const line = (what: string, by: Record<string, number[]>): string =>
    `${what}: ` +
    Object.entries(by)
      .map(([name, ms]) => {
        const s = stats(ms)
        return `${name} first ${s.first} ms, p50 ${s.p50} ms, p95 ${s.p95} ms`
      })
      .join(modes.length > 1 ? '\n  ' : '  |  ')
  process.stdout.write(
    `ticket screens, ${tickets} tickets, ${rounds} rounds, ${cpus().length} cores (shared), Node ${process.version}` +
      (pauseMs > 0 ? `, the edit form ${pauseMs} ms after the detail painted` : '') +
      '\n' +
      `${line('open a ticket', open)}\n${line('open its edit form', edit)}\n` +
      (Object.keys(back).length > 0
        ? `${line('back to the queue', back)}\n${line("the palette's #id to the ticket", palette)}\n`
        : ''),
  )
  await browser.close()
  for (const { host } of hosts) await host.close()
  await sandbox.close()
}

void main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`)
  // The browser, the hosts and the sandbox would keep the process alive.
  process.exit(1)
})

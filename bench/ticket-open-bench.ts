/**
 * `tsx bench/ticket-open-bench.ts [--tickets N] [--rounds R] [--against DIR]`: opening a ticket
 * from the queue and its edit form from the detail, each to its content painted, in Chromium
 * through the browser host against a sandbox. With `--against DIR` (another build of the renderer,
 * e.g. main's `out/web`), both builds are measured in the same run, turn about, on the same host
 * data, so the ratio is the change. It reports; it never passes or fails.
 */
import { cpus } from 'node:os'
import type { Page } from 'playwright-core'
import { launchBrowser } from '../test/helpers/browser'
import { startTestSandbox } from '../test/helpers/sandbox'
import { actAsFirstEmployee, startTestHost, WEB_BUILD_DIR } from '../test/helpers/web-host'

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const tickets = Number(arg('--tickets') ?? 5_000)
const rounds = Number(arg('--rounds') ?? 20)
const against = arg('--against')

/**
 * Sets the hash and resolves with the ms until `ready` shows `value` in a painted frame. Passed as
 * source text: the bundler's helpers for named functions do not exist in the page.
 */
function timeTo(page: Page, hash: string, ready: string, value: string): Promise<number> {
  const [h, selector, expected] = [hash, ready, value].map((v) => JSON.stringify(v))
  return page.evaluate(`new Promise((resolve, reject) => {
    const t0 = performance.now()
    location.hash = ${h}
    const check = () => {
      const el = document.querySelector(${selector})
      const text = el && ('value' in el ? el.value : el.textContent.trim())
      if (text === ${expected}) requestAnimationFrame(() => resolve(performance.now() - t0))
      else if (performance.now() - t0 > 10000) reject(new Error('never painted: ' + ${h}))
      else requestAnimationFrame(check)
    }
    check()
  })`) as Promise<number>
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
  const list = (await sandbox.control.listTickets()).slice(0, rounds)
  const subjects = await Promise.all(list.map((t) => sandbox.control.getTicket(t.id)))
  const open: Record<string, number[]> = {}
  const edit: Record<string, number[]> = {}
  for (let i = 0; i < list.length; i++) {
    const id = list[i]!.id
    const subject = subjects[i]?.subject ?? ''
    // Turn about, so a busy moment of the shared machine falls on both builds alike.
    for (const [name, page] of pages) {
      // A tab in the background gets no animation frames: the one measured is in front.
      await page.bringToFront()
      await page.evaluate("location.hash = '#/queue/all'")
      await page.waitForSelector('[data-testid=ticket-grid] [role=row][data-id]')
      ;(open[name] ??= []).push(
        await timeTo(page, `#/tickets/${id}`, '[data-testid=detail-subject]', subject),
      )
      ;(edit[name] ??= []).push(await timeTo(page, `#/tickets/${id}/edit`, '#tf-subject', subject))
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
      .join('  |  ')
  process.stdout.write(
    `ticket screens, ${tickets} tickets, ${rounds} rounds, ${cpus().length} cores (shared), Node ${process.version}\n` +
      `${line('open a ticket', open)}\n${line('open its edit form', edit)}\n`,
  )
  await browser.close()
  for (const { host } of hosts) await host.close()
  await sandbox.close()
}

void main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`)
  process.exitCode = 1
})

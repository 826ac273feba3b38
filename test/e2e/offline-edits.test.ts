// Offline edits end to end, in Chromium through the browser host run as its own process (so it
// can be killed with SIGKILL): the server goes away, the agent edits two tickets and creates one,
// reloads the page, the host is killed and restarted, the server comes back with another agent's
// change to one of the edited fields: the other two arrive once, their pending marks go away, and
// the conflicting one waits with both values shown. Then a draft survives a killed host.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot, type Page, type TestBrowser } from '../helpers/browser'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { waitFor } from '../helpers/wait'
import { waitForSync } from './agent-ui'

/** The host process and its worker start slowly on a shared machine: look every 200 ms, for a minute. */
const SLOW = { timeoutMs: 60_000, intervalMs: 200 }

const ROOT = resolve(import.meta.dirname, '../..')

interface HostProcess {
  child: ChildProcess
  openUrl: string
  url: string
  /** What the host has written to stderr so far. */
  stderr: () => string
}

/** `npm run web` as a child process; resolves once it prints its address. */
function startHost(apiUrl: string, db: string, port: number): Promise<HostProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/web/main.ts', '--api-url', apiUrl, '--db', db, '--port', String(port)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  return new Promise((resolveHost, reject) => {
    let out = ''
    let err = ''
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d))
    const stderr = (): string => err
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d
      const m = /Open (\S+)/.exec(out)
      if (m) {
        const openUrl = m[1]!
        const u = new URL(openUrl)
        resolveHost({ child, openUrl, url: `${u.protocol}//${u.host}`, stderr })
      }
    })
    child.on('exit', (code) => reject(new Error(`host exited ${code}: ${err}`)))
  })
}

async function kill(host: HostProcess): Promise<void> {
  const exited = new Promise((r) => host.child.once('exit', r))
  host.child.kill('SIGKILL')
  await exited
}

async function rpc<T>(_host: HostProcess, page: Page, channel: string, input: unknown): Promise<T> {
  // Through the page, which holds the host's secret in its session storage.
  return page.evaluate(
    async ([ch, body]) => {
      const secret = sessionStorage.getItem('agent-console.secret') ?? ''
      const res = await fetch(`/rpc/${ch}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-agent-console-secret': secret },
        body: JSON.stringify(body),
      })
      const envelope = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown }
      if (!envelope.ok) throw new Error(JSON.stringify(envelope.error))
      return envelope.value
    },
    [channel, input] as const,
  ) as Promise<T>
}

/**
 * Opens the app with the host's secret and waits for the queue. The host's core starts in a
 * worker: this waits until it answers and says who the agent is, then loads the page afresh at
 * the queue, so the app's first navigation reads the settings as they now are.
 */
async function openApp(page: Page, host: HostProcess): Promise<void> {
  const secret = decodeURIComponent(/#secret=([^&]+)/.exec(host.openUrl)?.[1] ?? '')
  // A real load (not a hash change on the same page), so the app reads this start's secret.
  await page.goto('about:blank')
  await page.goto(host.openUrl)
  await waitFor(
    async () =>
      (await page.evaluate(() => sessionStorage.getItem('agent-console.secret'))) === secret,
    'this start of the host secret',
    SLOW,
  )
  let settings: { me: unknown } | null = null
  await waitFor(
    async () => {
      settings = await rpc<{ me: unknown }>(host, page, 'settings:get', {}).catch(() => null)
      return settings !== null
    },
    "the host's core answering",
    SLOW,
  )
  if (!settings!.me) {
    await rpc(host, page, 'settings:update', {
      me: { id: 7, name: 'Tommy Hsu', employeeNo: 'tommy' },
    })
  }
  // Not a hash change on the page that booted without an agent: its first navigation, still
  // pending, would take it back to the connect screen.
  await page.goto('about:blank')
  await page.goto(`${host.url}/#/queue/all`)
  await waitFor(
    () =>
      page.evaluate(
        () =>
          location.hash.startsWith('#/queue') &&
          document.querySelector('[data-testid=status-bar]') !== null,
      ),
    'the queue',
    SLOW,
  ).catch(async (error: unknown) => {
    await screenshot(page, 'offline-edits-not-ready')
    throw error
  })
}

async function waiting(page: Page): Promise<number> {
  const raw = await page
    .getAttribute('[data-testid=outbox-status]', 'data-waiting')
    .catch(() => null)
  return raw === null ? 0 : Number(raw)
}

describe('offline edits in the browser host', () => {
  let sandbox: TestSandbox
  let host: HostProcess
  let browser: TestBrowser
  let page: Page
  let dir: string
  let sandboxDb: string
  let sandboxPort: number
  let hostPort: number
  let db: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ac-e2e-offline-'))
    sandboxDb = join(dir, 'sandbox.sqlite')
    db = join(dir, 'host', 'cache.sqlite')
    sandbox = await startTestSandbox({ tickets: 60, seed: 19, dbPath: sandboxDb })
    sandboxPort = Number(new URL(sandbox.url).port)
    host = await startHost(sandbox.url, db, 0)
    hostPort = Number(new URL(host.url).port)
    browser = await launchBrowser()
    page = await browser.newPage()
    await openApp(page, host)
    await waitForSync(page, 'online', 90_000).catch(async (error: unknown) => {
      await screenshot(page, 'offline-edits-never-online')
      throw new Error(
        `${String(error)} at ${page.url()}\nhost stderr: ${host.stderr().slice(-3000)}`,
      )
    })
  }, 150_000)
  afterAll(async () => {
    await browser?.close()
    if (host && host.child.exitCode === null) await kill(host)
    await sandbox?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('keeps two edits and a new ticket through a reload and a killed host, sends each once', async () => {
    // The first two rows of "all tickets", so the queue shows both without scrolling.
    const firstRows = await rpc<{ rows: { id: number }[] }>(host, page, 'tickets:query', {
      view: 'all',
      limit: 2,
    })
    const [x, z] = firstRows.rows.map((r) => r.id) as [number, number]
    await sandbox.close()

    // Edit x's subject, z's status memo, and create one: all while the server is gone.
    await page.goto(`${host.url}/#/tickets/${x}/edit`)
    await page.fill('#tf-subject', '離線時改的主旨')
    await page.click('[data-testid=tf-save]')
    await page.waitForSelector('[data-testid=detail-pending]', { timeout: 20_000 })
    await page.goto(`${host.url}/#/tickets/${z}/edit`)
    await page.fill('#tf-memo', '我在電話上記下的備註')
    await page.click('[data-testid=tf-save]')
    await page.waitForSelector('[data-testid=detail-pending]', { timeout: 20_000 })
    await page.goto(`${host.url}/#/tickets/new`)
    await page.fill('#tf-subject', '斷線時新增的工單')
    await page.fill('#tf-content', '客戶完整的說明，一字不漏')
    await page.click('[data-testid=tf-save]')
    await waitFor(async () => (await waiting(page)) === 3, 'three waiting', SLOW)
    // The saved form leaves for the new ticket's page before the reload: a reload while the
    // form is still up would meet its unsaved-changes prompt instead.
    await page.waitForURL((u) => !u.hash.includes('/tickets/new'), { timeout: 20_000 })

    await page.reload()
    await page.waitForSelector('[data-testid=status-bar]')
    await page.goto(`${host.url}/#/queue/all`)
    await page
      .waitForSelector(`[data-testid=pending-mark-${x}]`, { timeout: 20_000 })
      .catch(async (e: unknown) => {
        await screenshot(page, 'offline-edits-debug')
        throw e
      })
    await page.waitForSelector(`[data-testid=pending-mark-${z}]`)
    expect(await page.textContent(`[data-testid=pending-mark-${x}]`)).toContain('尚未送出')
    // The ticket created offline is in the queue already: the first row, marked, with no number.
    const entries = await rpc<{ id: number; kind: string }[]>(host, page, 'outbox:list', {})
    const created = entries.find((e) => e.kind === 'create')!.id
    await page.waitForSelector(`[data-testid=local-row-${created}]`)
    const firstRow = page.locator('[role=row][aria-rowindex="2"]')
    expect(await firstRow.getAttribute('data-id')).toBe(String(-created))
    expect(await firstRow.textContent()).toContain('斷線時新增的工單')
    expect(await page.textContent(`[data-testid=pending-mark--${created}]`)).toContain('尚未送出')
    await screenshot(page, 'offline-queue-pending-zh-TW')
    // Opened, it shows what was typed, marked, with the way to Waiting edits; not editable here.
    await firstRow.click()
    await page.waitForSelector('[data-testid=detail-local-note]')
    expect(await page.textContent('[data-testid=detail-subject]')).toBe('斷線時新增的工單')
    expect(await page.textContent('[data-testid=detail-content]')).toBe('客戶完整的說明，一字不漏')
    expect(await page.isDisabled('[data-testid=detail-edit]')).toBe(true)
    await page.click('[data-testid=detail-outbox-link]')
    await page.waitForSelector(`[data-testid=outbox-entry-${created}]`)
    await rpc(host, page, 'settings:update', { language: 'en' })
    await page.goto(`${host.url}/#/queue/all`)
    await page.reload()
    await page.waitForSelector(`[data-testid=local-row-${created}]`, { timeout: 20_000 })
    await page.waitForSelector(`[data-testid=pending-mark-${x}]`)
    expect(await page.textContent(`[data-testid=pending-mark--${created}]`)).toContain(
      'Not sent yet',
    )
    await screenshot(page, 'offline-queue-pending-en')
    await rpc(host, page, 'settings:update', { language: 'zh-TW' })

    // Killed and started again: the edits are on disk, in the outbox's own file.
    await kill(host)
    host = await startHost(`http://127.0.0.1:${sandboxPort}`, db, hostPort)
    await openApp(page, host)
    await waitFor(
      async () => (await waiting(page)) === 3,
      'three still waiting after the restart',
      SLOW,
    )

    // Meanwhile another agent changed z's memo (on the server while our host cannot see it).
    const elsewhere = await startTestSandbox({ dbPath: sandboxDb })
    await elsewhere.control.updateTicket(z, { status_memo: '另一位客服的備註' })
    await elsewhere.close()

    sandbox = await startTestSandbox({ port: sandboxPort, dbPath: sandboxDb })
    await waitFor(async () => (await waiting(page)) === 1, 'only the conflict left', {
      ...SLOW,
      timeoutMs: 90_000,
    })
    const stats = await sandbox.control.stats()
    expect(stats.applied['PUT /ticket/{id}']).toBe(1)
    expect(stats.applied['POST /ticket']).toBe(1)
    expect((await sandbox.control.getTicket(x))?.subject).toBe('離線時改的主旨')
    expect((await sandbox.control.getTicket(z))?.status_memo).toBe('另一位客服的備註')
    const all = await Promise.all(
      (await sandbox.control.listTickets()).map((t) => sandbox.control.getTicket(t.id)),
    )
    expect(all.filter((t) => t?.subject === '斷線時新增的工單')).toHaveLength(1)

    await page.goto(`${host.url}/#/queue/all`)
    await page.waitForSelector(`[data-testid=pending-mark-${z}][data-state=conflict]`, {
      timeout: 20_000,
    })
    expect(await page.locator(`[data-testid=pending-mark-${x}]`).count()).toBe(0)
    // The local row has given way to the server's ticket: one row with that subject, a real id.
    expect(await page.locator('[data-testid^=local-row-]').count()).toBe(0)
    const found = await rpc<{ rows: { id: number; subject: string | null }[] }>(
      host,
      page,
      'tickets:query',
      { view: 'all', filters: { search: '斷線時新增的工單' }, limit: 50 },
    )
    const ours = found.rows.filter((r) => r.subject === '斷線時新增的工單')
    expect(ours).toHaveLength(1)
    expect(ours[0]!.id).toBeGreaterThan(0)

    // Both values side by side, in both languages.
    await page.click('[data-testid=outbox-status]')
    await page.waitForSelector('[data-testid=outbox-conflict]')
    expect(await page.textContent('[data-testid=conflict-mine]')).toBe('我在電話上記下的備註')
    expect(await page.textContent('[data-testid=conflict-theirs]')).toBe('另一位客服的備註')
    await screenshot(page, 'outbox-conflict-zh-TW')
    await rpc(host, page, 'settings:update', { language: 'en' })
    await page.reload()
    await page.waitForSelector('[data-testid=outbox-conflict]')
    await page.getByText('Keep mine').first().waitFor()
    await screenshot(page, 'outbox-conflict-en')

    // The agent keeps their note: it is sent, once.
    await page.getByText('Keep mine').first().click()
    await page.click('[data-testid=outbox-apply]')
    await page.waitForSelector('[data-testid=outbox-empty]', { timeout: 20_000 })
    expect((await sandbox.control.getTicket(z))?.status_memo).toBe('我在電話上記下的備註')
    expect((await sandbox.control.stats()).applied['PUT /ticket/{id}']).toBe(2)
    await rpc(host, page, 'settings:update', { language: 'zh-TW' })
  }, 240_000)

  it('offers a draft back after the host was killed and restarted', async () => {
    const id = (await sandbox.control.listTickets()).map((t) => t.id)[5]!
    await page.goto(`${host.url}/#/tickets/${id}/edit`)
    await page.waitForSelector('#tf-content')
    await page.fill('#tf-content', '客戶說到一半電話斷了，這是他說的全部內容')
    await waitFor(
      async () =>
        ((
          await rpc<{ values: { content?: string } } | null>(host, page, 'drafts:get', {
            key: `ticket:${id}`,
          })
        )?.values.content ?? '') === '客戶說到一半電話斷了，這是他說的全部內容',
      'the draft on disk',
      SLOW,
    )
    await kill(host)
    // Meanwhile a colleague rewrites the same field on another PC.
    const theirs = '同事在另一台電腦改寫的內容'
    await sandbox.control.updateTicket(id, { content: theirs })
    host = await startHost(`http://127.0.0.1:${sandboxPort}`, db, hostPort)
    await openApp(page, host)
    // The app says, as it starts, that typing was left unsaved.
    await page.waitForSelector('[data-testid=left-drafts]', { timeout: 20_000 })
    expect(await page.textContent('[data-testid=left-drafts]')).toContain('1 份上次沒儲存的草稿')
    await screenshot(page, 'left-drafts-zh-TW')
    await page.click('[data-testid=toggle-language]')
    await page
      .locator('[data-testid=left-drafts]', { hasText: '1 draft was left unsaved' })
      .waitFor()
    await screenshot(page, 'left-drafts-en')
    await page.click('[data-testid=toggle-language]')
    await page.locator('[data-testid=left-drafts]', { hasText: '1 份上次沒儲存的草稿' }).waitFor()
    await waitFor(
      async () =>
        (await rpc<{ ticket: { content: string } }>(host, page, 'tickets:get', { id })).ticket
          .content === theirs,
      "the colleague's change in the cache",
      SLOW,
    )
    // The detail says the draft is there.
    await page.goto(`${host.url}/#/tickets/${id}`)
    await page.waitForSelector('[data-testid=detail-draft]', { timeout: 20_000 })
    await screenshot(page, 'detail-draft-zh-TW')
    // The waiting edits list it, in either language, and lead to the form that offers it.
    await page.goto(`${host.url}/#/outbox`)
    const listed = `[data-testid="draft-ticket:${id}"]`
    await page.waitForSelector(listed, { timeout: 20_000 })
    expect(await page.textContent(listed)).toContain(`修改工單 #${id}`)
    expect(await page.textContent(listed)).toContain('打過的欄位：內容')
    await screenshot(page, 'outbox-drafts-zh-TW')
    await page.click('[data-testid=toggle-language]')
    await page.locator('[data-testid=drafts] h2', { hasText: 'Unsaved drafts' }).waitFor()
    await screenshot(page, 'outbox-drafts-en')
    await page.click('[data-testid=toggle-language]')
    await page.locator('[data-testid=drafts] h2', { hasText: '未儲存的草稿' }).waitFor()
    await page.click(`${listed} [data-testid=draft-open]`)
    await page.waitForSelector('[data-testid=draft-offer]', { timeout: 20_000 })
    // The offer names the field both changed, and what saving it will do.
    expect(await page.textContent('[data-testid=draft-offer]')).toContain('「內容」')
    await screenshot(page, 'draft-offered-zh-TW')
    await page.click('[data-testid=draft-restore]')
    expect(await page.inputValue('#tf-content')).toBe('客戶說到一半電話斷了，這是他說的全部內容')
    // Saved, the draft does not write over the colleague's text: the agent is asked.
    await page.click('[data-testid=tf-save]')
    await page.getByText('有人同時改了相同欄位').first().waitFor({ timeout: 20_000 })
    expect((await sandbox.control.getTicket(id))?.content).toBe(theirs)
    await page.goto(`${host.url}/#/outbox`)
    await page.waitForSelector('[data-testid=outbox-conflict]', { timeout: 20_000 })
    // The field's name stays on one line beside the long texts.
    const lines = await page.evaluate(() => {
      const range = document.createRange()
      range.selectNodeContents(document.querySelector('[data-testid=outbox-conflict] tbody th')!)
      return range.getClientRects().length
    })
    expect(lines).toBe(1)
    await screenshot(page, 'draft-conflict-zh-TW')
  }, 120_000)
})

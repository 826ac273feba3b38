/**
 * Every write reaches the server exactly once through the outbox, whatever happens to its answer:
 * the real core, a real sandbox (in three time zones, the app's setting left at its default) and
 * faults shown to have fired. "Reached the server" is the sandbox's `applied` count: requests
 * the application ran, not those a fault turned away before the work.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type Core } from '../../../src/main/core/core'
import type { FaultConfig } from '../../../src/sandbox/control-client'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { call, startTestCore } from '../../helpers/core'

async function applied(sandbox: TestSandbox, route: string): Promise<number> {
  return (await sandbox.control.stats()).applied[route] ?? 0
}

async function serverCount(sandbox: TestSandbox, subject: string): Promise<number> {
  const res = await fetch(
    `${sandbox.apiBase}/ticket?per_page=100&search=${encodeURIComponent(subject)}`,
    {
      headers: { accept: 'application/json' },
    },
  )
  const page = (await res.json()) as { data: { subject: string }[] }
  return page.data.filter((t) => t.subject === subject).length
}

/** Sends what waits until nothing does (each drain is one pass; a fault may stop one). */
async function drainAll(core: Core): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const r = await call(core, 'outbox:send', {})
    if (r.waiting === 0) return
  }
  throw new Error(`still waiting: ${JSON.stringify(await call(core, 'outbox:list', {}))}`)
}

const CREATE_FAULTS: [string, FaultConfig][] = [
  [
    'the connection dropped after the server made it',
    { dropNext: { count: 1, method: 'POST', phase: 'after' } },
  ],
  [
    'the connection dropped before the server acted',
    { dropNext: { count: 1, method: 'POST', phase: 'before' } },
  ],
  ['a 500 from the server', { failNext: { count: 1, status: 500, method: 'POST' } }],
  ['a 503 (nothing done)', { failNext: { count: 1, status: 503, method: 'POST' } }],
  ['a 429 burst', { burst429: { count: 2, retryAfterSec: 0 } }],
  ['an answer cut in half after the server made it', { malformedRate: 1 }],
]

describe.each(['UTC', 'Asia/Taipei', 'America/New_York'])('server in %s', (timeZone) => {
  let sandbox: TestSandbox
  let core: Core
  let n = 0

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 30, seed: 9, timeZone })
    core = await startTestCore({ host: 'cli', connect: { apiUrl: sandbox.url } })
    await core.sync.runFull()
  })
  afterAll(async () => {
    await core?.close()
    await sandbox?.close()
  })
  afterEach(async () => {
    await sandbox.control.clearFaults()
  })

  it.each(CREATE_FAULTS)('a create survives %s: one ticket', async (_name, faults) => {
    const subject = `回撥客戶 ${timeZone} ${++n}`
    const before = await applied(sandbox, 'POST /ticket')
    await sandbox.control.setFaults(faults)
    const first = await call(core, 'tickets:create', {
      subject,
      content: '客戶說明了整件事',
      contact_id: 2,
    })
    // A malformed-rate fault would cut every answer: clear it before settling.
    await sandbox.control.clearFaults()
    if (first.state !== 'applied') await drainAll(core)
    expect(await applied(sandbox, 'POST /ticket')).toBe(before + 1)
    expect(await serverCount(sandbox, subject)).toBe(1)
    expect(await call(core, 'outbox:list', {})).toEqual([])
    const stats = await sandbox.control.stats()
    expect(Object.keys(stats.faults).length, 'the fault fired').toBeGreaterThan(0)
  })

  it('two identical creates queued offline-style make two tickets, not one and not three', async () => {
    const subject = `同樣的工單 ${timeZone}`
    const before = await applied(sandbox, 'POST /ticket')
    await sandbox.control.setFaults({ dropNext: { count: 2, method: 'POST', phase: 'after' } })
    await call(core, 'tickets:create', { subject, content: '一樣的內容' })
    await call(core, 'tickets:create', { subject, content: '一樣的內容' })
    await drainAll(core)
    expect(await applied(sandbox, 'POST /ticket')).toBe(before + 2)
    expect(await serverCount(sandbox, subject)).toBe(2)
  })

  it('an update whose answer was cut is applied once, and the next save is no conflict', async () => {
    const id = (await sandbox.control.listTickets())[2]!.id
    await call(core, 'tickets:get', { id })
    const before = await applied(sandbox, 'PUT /ticket/{id}')
    await sandbox.control.setFaults({ dropNext: { count: 1, method: 'PUT', phase: 'after' } })
    const first = await call(core, 'tickets:update', { id, changes: { status_memo: '第一次儲存' } })
    // Not "cannot reach the server": the server was asked at once and has it.
    expect(first.state).toBe('applied')
    expect(await applied(sandbox, 'PUT /ticket/{id}')).toBe(before + 1)
    expect((await sandbox.control.stats()).faults.drop_after).toBeGreaterThan(0)
    // The agent saves again: their own first change is no conflict.
    const second = await call(core, 'tickets:update', {
      id,
      changes: { status_memo: '第二次儲存' },
    })
    expect(second.state).toBe('applied')
    expect(await applied(sandbox, 'PUT /ticket/{id}')).toBe(before + 2)
    expect((await sandbox.control.getTicket(id))?.status_memo).toBe('第二次儲存')
    expect(await call(core, 'outbox:list', {})).toEqual([])
  })

  it('a second save on top of an unsettled first one (answer cut, then the server failing) is no conflict', async () => {
    const id = (await sandbox.control.listTickets())[5]!.id
    await call(core, 'tickets:get', { id })
    const before = await applied(sandbox, 'PUT /ticket/{id}')
    // The PUT lands, its answer is cut, and the re-read that would settle it fails too.
    await sandbox.control.setFaults({
      dropNext: { count: 1, method: 'PUT', phase: 'after' },
      failNext: { count: 1, status: 503, method: 'GET' },
    })
    const first = await call(core, 'tickets:update', { id, changes: { status_memo: '先存的' } })
    expect(first.state).toBe('queued')
    await sandbox.control.clearFaults()
    const second = await call(core, 'tickets:update', { id, changes: { status_memo: '後存的' } })
    expect(second.state).toBe('applied')
    expect(await applied(sandbox, 'PUT /ticket/{id}')).toBe(before + 2)
    expect((await sandbox.control.getTicket(id))?.status_memo).toBe('後存的')
    expect(await call(core, 'outbox:list', {})).toEqual([])
  })

  it('an update through a 500 (asked at once: not there, sent again) arrives once', async () => {
    const id = (await sandbox.control.listTickets())[3]!.id
    await call(core, 'tickets:get', { id })
    const before = await applied(sandbox, 'PUT /ticket/{id}')
    await sandbox.control.setFaults({ failNext: { count: 1, status: 500, method: 'PUT' } })
    expect((await call(core, 'tickets:update', { id, changes: { priority: 2 } })).state).toBe(
      'applied',
    )
    expect((await sandbox.control.stats()).faults.status_500).toBeGreaterThan(0)
    expect(await applied(sandbox, 'PUT /ticket/{id}')).toBe(before + 1)
    expect((await sandbox.control.getTicket(id))?.priority).toBe(2)
  })

  it('an update refused with 429 waits (nothing was done) and arrives once', async () => {
    const id = (await sandbox.control.listTickets())[6]!.id
    await call(core, 'tickets:get', { id })
    const before = await applied(sandbox, 'PUT /ticket/{id}')
    await sandbox.control.setFaults({
      failNext: { count: 1, status: 429, method: 'PUT', retryAfterSec: 0 },
    })
    expect((await call(core, 'tickets:update', { id, changes: { priority: 1 } })).state).toBe(
      'queued',
    )
    await drainAll(core)
    expect(await applied(sandbox, 'PUT /ticket/{id}')).toBe(before + 1)
    expect((await sandbox.control.getTicket(id))?.priority).toBe(1)
  })

  it('a delete whose answer was lost is settled by reading the ticket: 404 is done', async () => {
    const id = (await sandbox.control.listTickets())[4]!.id
    const before = await applied(sandbox, 'DELETE /ticket/{id}')
    await sandbox.control.setFaults({ dropNext: { count: 1, method: 'DELETE', phase: 'after' } })
    expect((await call(core, 'tickets:delete', { id })).state).toBe('applied')
    expect((await sandbox.control.stats()).faults.drop_after).toBeGreaterThan(0)
    expect(await applied(sandbox, 'DELETE /ticket/{id}')).toBe(before + 1)
    expect(await sandbox.control.getTicket(id)).toBeNull()
  })

  it('a delete whose answer was lost while the server then fails waits, then is settled once', async () => {
    const id = (await sandbox.control.listTickets())[7]!.id
    const before = await applied(sandbox, 'DELETE /ticket/{id}')
    await sandbox.control.setFaults({
      dropNext: { count: 1, method: 'DELETE', phase: 'after' },
      failNext: { count: 1, status: 503, method: 'GET' },
    })
    expect((await call(core, 'tickets:delete', { id })).state).toBe('queued')
    await sandbox.control.clearFaults()
    await drainAll(core)
    expect(await applied(sandbox, 'DELETE /ticket/{id}')).toBe(before + 1)
    expect(await sandbox.control.getTicket(id)).toBeNull()
  })
})

describe('the server stopped and started again', () => {
  it('keeps edits in order while it is down and sends each once when it is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ac-outbox-restart-'))
    const dbPath = join(dir, 'sandbox.sqlite')
    let sandbox = await startTestSandbox({ tickets: 20, seed: 4, dbPath })
    const port = Number(new URL(sandbox.url).port)
    const core = await startTestCore({
      host: 'cli',
      dataDir: join(dir, 'app'),
      connect: { apiUrl: sandbox.url },
    })
    try {
      await core.sync.runFull()
      const [a, b] = (await sandbox.control.listTickets()).map((t) => t.id)
      await sandbox.close()
      expect(
        (await call(core, 'tickets:update', { id: a!, changes: { subject: '改一' } })).state,
      ).toBe('queued')
      expect(
        (await call(core, 'tickets:update', { id: a!, changes: { subject: '改二' } })).state,
      ).toBe('queued')
      expect((await call(core, 'tickets:update', { id: b!, changes: { priority: 3 } })).state).toBe(
        'queued',
      )
      expect(
        (await call(core, 'tickets:create', { subject: '斷線時新增', content: '內容' })).state,
      ).toBe('queued')
      expect((await call(core, 'outbox:summary', {})).waiting).toBe(4)

      sandbox = await startTestSandbox({ port, dbPath })
      // The sync sends what waits first.
      await core.sync.runFull()
      expect(await call(core, 'outbox:list', {})).toEqual([])
      const stats = await sandbox.control.stats()
      expect(stats.applied['PUT /ticket/{id}']).toBe(3)
      expect(stats.applied['POST /ticket']).toBe(1)
      expect((await sandbox.control.getTicket(a!))?.subject).toBe('改二')
      expect((await sandbox.control.getTicket(b!))?.priority).toBe(3)
      expect(await serverCount(sandbox, '斷線時新增')).toBe(1)
      // And the cache the sync refilled shows the server's copies, no overlay left.
      expect((await call(core, 'tickets:get', { id: a! })).pending ?? null).toBeNull()
    } finally {
      await core.close()
      await sandbox.close()
    }
  })
})

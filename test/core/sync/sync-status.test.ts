/**
 * The sync status tells the truth (real core, sandbox and SQLite): a failed sync says when it
 * tries next (within a minute, not the whole interval; a refused token waits the interval); a
 * 429 inside a sync shows as a wait with its end; a save that fails for the server's sake turns
 * the status from "online" to the failure, instead of a toast beside "connected" (the save itself
 * waits in the outbox), and a waiting save going through brings the sync back at once.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type Core } from '../../../src/main/core/core'
import type { SyncStatus } from '../../../src/shared/contract/contract'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { startTestCore } from '../../helpers/core'

let sandbox: TestSandbox
let core: Core
let dataDir: string
const statuses: SyncStatus[] = []

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 60, seed: 8 })
  dataDir = mkdtempSync(join(tmpdir(), 'ac-status-'))
  core = await startTestCore({ dataDir, connect: { apiUrl: sandbox.apiBase } })
  core.subscribe((name, payload) => {
    if (name === 'sync:status') statuses.push(payload as SyncStatus)
  })
  await core.sync.runFull()
})
afterAll(async () => {
  await core?.close()
  await sandbox?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

const secondsUntil = (iso: string | null | undefined): number =>
  (Date.parse(iso ?? '') - Date.now()) / 1000

describe('the sync status', () => {
  it('after a 500 says when the next try is: within a minute; after a 401, the interval', async () => {
    await sandbox.control.setFaults({ failNext: { count: 5, status: 500 } })
    await core.sync.runFull().catch(() => undefined)
    let s = core.sync.status()
    expect(s.state).toBe('error')
    expect(s.error).toMatchObject({ code: 'server_error', status: 500 })
    expect(secondsUntil(s.retryAt)).toBeGreaterThan(5)
    expect(secondsUntil(s.retryAt)).toBeLessThanOrEqual(60)

    await sandbox.control.setFaults({ failNext: { count: 1, status: 401 } })
    await core.sync.runFull().catch(() => undefined)
    s = core.sync.status()
    expect(s.error?.code).toBe('unauthorized')
    // Trying a refused token again cannot help: the next try waits the sync interval (120 s).
    expect(secondsUntil(s.retryAt)).toBeGreaterThan(60)
    await sandbox.control.clearFaults()
    await core.sync.runFull()
    expect(core.sync.status()).toMatchObject({ state: 'online', error: null, retryAt: null })
  }, 30_000)

  it('shows a 429 inside a sync as a wait with its end, then clears it', async () => {
    statuses.length = 0
    await sandbox.control.setFaults({ failNext: { count: 1, status: 429, retryAfterSec: 1 } })
    await core.sync.runFull()
    const waiting = statuses.find((s) => s.waiting)
    expect(waiting?.state).toBe('syncing')
    expect(waiting?.waiting).toMatchObject({ code: 'rate_limited', status: 429 })
    expect(core.sync.status().waiting).toBeNull()
  }, 30_000)

  it('turns "online" into the failure when a save fails for the server’s sake', async () => {
    expect(core.sync.status().state).toBe('online')
    const page = await core.invoke('tickets:query', {
      view: 'all',
      filters: {},
      offset: 0,
      limit: 1,
    })
    if (!page.ok) throw new Error('query')
    const id = (page.value as { rows: Array<{ id: number }> }).rows[0]!.id
    await sandbox.control.setFaults({ failNext: { count: 5, status: 503, method: 'PUT' } })
    const saved = await core.invoke('tickets:update', { id, changes: { priority: 2 } })
    // The save waits in the outbox; the status says why it could not go out.
    expect(saved).toMatchObject({ ok: true, value: { state: 'queued' } })
    expect(core.sync.status()).toMatchObject({ state: 'error', error: { code: 'server_error' } })
    expect(core.sync.status().retryAt).toEqual(expect.any(String))
    await sandbox.control.clearFaults()
    await core.invoke('outbox:send', {})
    expect((await sandbox.control.getTicket(id))?.priority).toBe(2)
  }, 30_000)

  it('refreshes at once, not at the next try, when a waiting save goes through', async () => {
    core.sync.start()
    await vi.waitFor(() => expect(core.sync.status().state).toBe('online'), { timeout: 10_000 })
    const page = await core.invoke('tickets:query', {
      view: 'all',
      filters: {},
      offset: 1,
      limit: 1,
    })
    if (!page.ok) throw new Error('query')
    const id = (page.value as { rows: Array<{ id: number }> }).rows[0]!.id
    await sandbox.control.setFaults({ failNext: { count: 1, status: 503, method: 'PUT' } })
    const saved = await core.invoke('tickets:update', { id, changes: { priority: 3 } })
    expect(saved).toMatchObject({ ok: true, value: { state: 'queued' } })
    const failed = core.sync.status()
    expect(failed.state).toBe('error')
    expect(secondsUntil(failed.retryAt)).toBeGreaterThan(10)
    // The server answers the next send: the sync runs now instead of at the next try.
    const sent = await core.invoke('outbox:send', {})
    expect(sent).toMatchObject({ ok: true, value: { sent: 1, waiting: 0 } })
    await vi.waitFor(() => expect(core.sync.status().state).toBe('online'), { timeout: 5_000 })
    expect(secondsUntil(failed.retryAt)).toBeGreaterThan(5)
    core.sync.stop()
  }, 30_000)
})

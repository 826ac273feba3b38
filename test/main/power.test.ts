/**
 * The shell's power wiring with a stand-in for Electron's powerMonitor, over a real core (the
 * browser host's kind, on a fake clock) against a real sandbox: while suspended or locked no
 * request reaches the server however much time passes; unlocking while still suspended does not
 * resume; the last resume runs a catch-up sync at once.
 */
import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Core } from '../../src/main/core/core'
import { silentLogger } from '../../src/main/core/logger'
import { createMemorySecretStore } from '../../src/main/core/settings/secret-store'
import { watchPower, type PowerMonitorLike } from '../../src/main/power'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { FakeClock, rawListing } from '../helpers/sync-harness'
import { waitFor } from '../helpers/wait'
import { startTestCore } from '../helpers/core'

let sandbox: TestSandbox
let core: Core
let dir: string
const clock = new FakeClock(Date.now())

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 400, seed: 111 })
  dir = mkdtempSync(join(tmpdir(), 'agent-console-power-'))
  core = await startTestCore({
    host: 'desktop',
    dataDir: dir,
    secrets: createMemorySecretStore(null),
    connect: { apiUrl: sandbox.apiBase },
    autoSync: true,
    syncClock: clock,
  })
})
afterAll(async () => {
  await core?.close()
  await sandbox?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const requests = async (): Promise<number> =>
  Object.values((await sandbox.control.stats()).requests).reduce((a, b) => a + b, 0)

/** Fires every timer due within `ms` of now, waiting for the work each one starts. */
async function runFor(ms: number): Promise<void> {
  const end = clock.now().getTime() + ms
  while (clock.fireNext(end) !== null)
    await waitFor(() => !core.sync.isRunning(), 'the sync to go idle', 60_000)
  clock.advance(Math.max(0, end - clock.now().getTime()))
}

describe('powerMonitor events pause and resume the sync', () => {
  it('no request while suspended or locked; the last resume catches up at once', async () => {
    const power = new EventEmitter() as EventEmitter & PowerMonitorLike
    const unwatch = watchPower(power, core, silentLogger)
    await runFor(1_000) // the first (full) sync
    expect(core.sync.status().tiers?.all.lastSyncAt).not.toBeNull()
    const [open] = await rawListing<{ id: number }>(sandbox.apiBase, '/ticket?statuses[]=0')
    await sandbox.control.updateTicket(open!.id, { status_memo: '睡眠期間的變更' })

    power.emit('lock-screen')
    power.emit('suspend')
    await waitFor(() => core.sync.isPaused(), 'the pause to apply')
    expect(core.sync.status().paused).toBe(true)
    await sandbox.control.resetStats()
    await runFor(30 * 60_000)
    expect(await requests()).toBe(0)

    power.emit('unlock-screen') // still suspended: stays paused
    await new Promise((r) => setImmediate(r))
    await runFor(10 * 60_000)
    expect(core.sync.isPaused()).toBe(true)
    expect(await requests()).toBe(0)

    power.emit('resume')
    await waitFor(() => !core.sync.isPaused(), 'the resume to apply')
    await runFor(1_000) // the catch-up runs now, not at the next period
    expect(await requests()).toBeGreaterThan(0)
    const hit = await core.invoke('tickets:get', { id: open!.id })
    expect(hit.ok && (hit.value as { ticket: { status_memo: string } }).ticket.status_memo).toBe(
      '睡眠期間的變更',
    )
    unwatch()
    expect(power.listenerCount('suspend')).toBe(0)
  }, 60_000)
})

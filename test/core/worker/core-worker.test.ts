// The core in a worker thread, as the desktop app and the browser host run it.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CoreEndpoint } from '../../../src/main/core/core'
import { silentLogger } from '../../../src/main/core/logger'
import { startCoreWorker } from '../../../src/main/core/worker/core-worker-client'
import type { SyncStatus } from '../../../src/shared/contract/contract'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'

const workerDir = join(import.meta.dirname, '../../../src/main/core/worker')

describe('core worker', () => {
  let sandbox: TestSandbox
  let core: CoreEndpoint
  const stored: Array<string | null> = []
  const statuses: SyncStatus[] = []

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 50, seed: 21, token: 'worker-token' })
    core = await startCoreWorker({
      script: join(workerDir, 'ts-worker-loader.mjs'),
      extraData: { tsEntry: new URL('file://' + join(workerDir, 'core-worker.ts')).href },
      core: {
        host: 'web',
        version: 'worker-test',
        dataDir: mkdtempSync(join(tmpdir(), 'ac-worker-')),
        logLevel: 'error',
        validateOutput: true,
        autoSync: true,
      },
      readToken: () => null,
      storeToken: (token) => stored.push(token),
      logger: silentLogger,
    })
    core.subscribe((name, payload) => {
      if (name === 'sync:status') statuses.push(payload as SyncStatus)
    })
  })
  afterAll(async () => {
    await core?.close()
    await sandbox?.close()
  })

  it('answers contract calls from the worker thread', async () => {
    expect(await core.call('app:info', {})).toMatchObject({
      ok: true,
      value: { version: 'worker-test' },
    })
    expect(await core.call('tickets:get', { id: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
  })

  it('hands a new token to the shell to store, and syncs with it, pushing status events', async () => {
    const connected = await core.call('connection:connect', {
      apiUrl: sandbox.url,
      token: 'worker-token',
    })
    expect(connected).toMatchObject({ ok: true, value: { hasToken: true } })
    // The shell stores the token bound to the normalised address it was given for.
    expect(stored.map((s) => JSON.parse(s ?? 'null'))).toEqual([
      { v: 1, apiBase: sandbox.apiBase.replace(/\/$/, ''), token: 'worker-token' },
    ])
    await expect
      .poll(() => statuses.at(-1)?.lastSyncAt ?? null, { timeout: 30_000, interval: 200 })
      .not.toBeNull()
    expect(statuses.some((s) => s.state === 'syncing')).toBe(true)
    const counts = await core.call('tickets:counts', {})
    expect(counts).toMatchObject({
      ok: true,
      value: { all: (await sandbox.control.health()).tickets },
    })
  })

  it('refuses input that cannot cross to the worker instead of crashing', async () => {
    const result = await core.call('tickets:query', { view: 'all', filters: { search: () => 1 } })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})

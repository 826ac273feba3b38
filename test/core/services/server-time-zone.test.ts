// The server's time zone setting reaches the API client the core builds (api-holder.ts): a create
// whose answer was lost is looked up in a window that starts at the server's "now", so with the
// wrong zone the lookup misses the ticket the server made and the create is sent twice.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/main/core/core'
import { createMemorySecretStore } from '../../../src/main/core/settings/secret-store'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'

// Sixteen hours behind the default (Asia/Taipei): a lookup from Taipei's now would start after
// every ticket this server made today.
const ZONE = 'America/Los_Angeles'

let sandbox: TestSandbox
let core: Core

beforeAll(async () => {
  // A server whose wall clock runs in ZONE, as a deployment elsewhere would.
  sandbox = await startTestSandbox({ tickets: 20, seed: 5, timeZone: ZONE })
  core = await createCore({
    host: 'web',
    version: 'test',
    dataDir: mkdtempSync(join(tmpdir(), 'ac-zone-')),
    secrets: createMemorySecretStore(),
    connect: { apiUrl: sandbox.url },
    autoSync: false,
    validateOutput: true,
  })
})
afterAll(async () => {
  await core?.close()
  await sandbox?.close()
})

describe('the server time zone setting', () => {
  it('is the zone of the lost-create lookup: found once, never created twice', async () => {
    const updated = await core.invoke('settings:update', { serverTimeZone: ZONE })
    expect(updated.ok).toBe(true)
    // The server commits the ticket, then the connection drops before the answer arrives.
    await sandbox.control.setFaults({ dropNext: { count: 1, method: 'POST', phase: 'after' } })
    await sandbox.control.resetStats()

    const subject = '時區測試：回撥客戶'
    const created = await core.invoke('tickets:create', { subject, content: '請於下午回撥' })
    expect(created.ok).toBe(true)

    expect((await sandbox.control.stats()).requests['POST /ticket'] ?? 0).toBe(1)
    const listed = await fetch(`${sandbox.apiBase}/ticket?search=${encodeURIComponent(subject)}`, {
      headers: { accept: 'application/json' },
    })
    const page = (await listed.json()) as { data: { subject: string }[] }
    expect(page.data.filter((t) => t.subject === subject)).toHaveLength(1)
  })
})

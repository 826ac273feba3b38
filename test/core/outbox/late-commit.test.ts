/**
 * A create the server commits after our timeout (a PHP worker finishing the request after its
 * client has gone) is made once: it is looked up again over a window before it may be posted
 * again. Short configured intervals; the hostile server delays only the POST.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVendorClient } from '../../../src/main/core/api'
import { openCache } from '../../../src/main/core/db/cache'
import { OutboxSender } from '../../../src/main/core/outbox/outbox-sender'
import { OutboxStore } from '../../../src/main/core/outbox/outbox-store'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import { startHostileServer, type HostileServer } from '../../helpers/hostile-server'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { rawListing } from '../../helpers/sync-harness'
import { waitFor } from '../../helpers/wait'

let sandbox: TestSandbox
let hostile: HostileServer
let dir: string

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 20, seed: 3 })
  hostile = await startHostileServer(sandbox.apiBase)
  dir = mkdtempSync(join(tmpdir(), 'ac-late-commit-'))
})
afterAll(async () => {
  await hostile.close()
  await sandbox.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a create committed after its timeout', () => {
  it('is looked up again until it shows, and never posted twice', async () => {
    hostile.mode = 'late-post'
    hostile.postDelayMs = 1200
    const { cache } = openCache(join(dir, 'cache.sqlite'))
    const store = new OutboxStore(join(dir, 'cache.outbox.sqlite'))
    const api = createVendorClient({
      baseUrl: hostile.apiBase,
      timeoutMs: 400,
      retry: { retries: 0 },
    })
    const sender = new OutboxSender({
      store,
      api: () => api,
      cache,
      settleDelayMs: 50,
      retryDelayMs: () => 100,
      lateCommitWindowMs: 4000,
      lateCommitCheckMs: 300,
    })
    try {
      await sandbox.control.resetStats()
      const subject = '晚到的建立 late create'
      store.enqueue({ kind: 'create', ticketId: null, changes: { subject, content: '說明' } })
      await sender.drain()
      await waitFor(() => store.count().waiting === 0, 'the outbox to empty')
      const { applied } = await sandbox.control.stats()
      expect(applied['POST /ticket']).toBe(1)
      const made = (await rawListing<Ticket>(sandbox.apiBase, '/ticket')).filter(
        (t) => t.subject === subject,
      )
      expect(made).toHaveLength(1)
      expect(hostile.requests.get('POST /api/v1/ticket')).toBe(1)
    } finally {
      sender.stop()
      store.close()
      cache.close()
    }
  })
})

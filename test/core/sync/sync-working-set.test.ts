/**
 * The "done when", on the browser host's core (createCore with host 'web', the same
 * options and scheduler the host runs in its worker) on a fake clock: against 20,000 tickets of
 * which 1,000 are open, the 5 minutes after the first sync cost at most 60 requests, and within
 * them another agent's updates, creates and deletions of open tickets are in the cache.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Core } from '../../../src/main/core/core'
import { keyFromFile } from '../../../src/main/core/db/database-key'
import { openDatabase } from '../../../src/main/core/db/open-database'
import { createMemorySecretStore } from '../../../src/main/core/settings/secret-store'
import type { SyncStatus } from '../../../src/shared/contract/contract'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { FakeClock, rawListing } from '../../helpers/sync-harness'
import { waitFor } from '../../helpers/wait'
import { startTestCore } from '../../helpers/core'

const FIVE_MINUTES = 5 * 60_000

let sandbox: TestSandbox
let dir: string
let core: Core
let clock: FakeClock

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 20_000, seed: 101, openShare: 0.05 })
  dir = mkdtempSync(join(tmpdir(), 'agent-console-working-set-'))
  // Server time is real time: the fake clock starts at now and only moves when told.
  clock = new FakeClock(Date.now())
  core = await startTestCore({
    dataDir: dir,
    secrets: createMemorySecretStore(null),
    connect: { apiUrl: sandbox.apiBase },
    autoSync: true,
    syncClock: clock,
  })
}, 60_000)
afterAll(async () => {
  await core?.close()
  await sandbox?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** Fires the next timer due by `until` and waits for the work it started; null when none. */
async function step(until: number): Promise<number | null> {
  const at = clock.fireNext(until)
  if (at === null) return null
  await waitFor(() => !core.sync.isRunning() && clock.pending() > 0, 'the sync to go idle', 120_000)
  return at
}

/**
 * The cache file's own copy, read beside the core (WAL lets a second reader in); the file is
 * encrypted, so it is opened with its key file as the browser host does. The stored form is
 * packed (embedded objects are snapshot ids): the ticket's own fields, such as subject, are there.
 */
function getCached(id: number): Ticket | null {
  const path = join(dir, 'cache.sqlite')
  const db = openDatabase(path, { key: keyFromFile(path) })
  try {
    const row = db.prepare('SELECT json FROM ticket_json WHERE id = ?').get(id) as
      { json: string } | undefined
    return row ? (JSON.parse(row.json) as Ticket) : null
  } finally {
    db.close()
  }
}

describe('the browser host core, left running after its first sync', () => {
  it("makes at most 60 requests in 5 minutes and shows another agent's open-ticket changes", async () => {
    // The first sync: a full one, at full speed.
    const first = await step(clock.now().getTime())
    expect(first).not.toBeNull()
    const status = (await core.invoke('sync:status', {})) as { ok: true; value: SyncStatus }
    expect(status.value.lastSyncAt).not.toBeNull()
    expect(status.value.tiers?.all.stale).toBe(false)

    const open = await rawListing<Ticket>(sandbox.apiBase, '/ticket?statuses[]=0&statuses[]=1')
    expect(open.length).toBeGreaterThan(900)
    expect(open.length).toBeLessThan(1100)
    const [updated, deleted] = open as [Ticket, Ticket]
    await sandbox.control.resetStats()
    const t0 = clock.now().getTime()
    const control = sandbox.control
    await control.updateTicket(updated.id, { subject: '五分鐘內要看到的更新', priority: 3 })
    await control.deleteTicket(deleted.id)
    const created = await control.createTicket({ subject: '五分鐘內要看到的新單', content: '新建' })

    while ((await step(t0 + FIVE_MINUTES)) !== null) {
      // Each due run, on the fake clock, until 5 minutes after the first sync.
    }
    const stats = await sandbox.control.stats()
    const requests = Object.values(stats.requests).reduce((a, b) => a + b, 0)
    expect(requests, JSON.stringify(stats.requests)).toBeLessThanOrEqual(60)
    expect(requests).toBeGreaterThan(0)

    expect(getCached(updated.id)?.subject).toBe('五分鐘內要看到的更新')
    expect(getCached(created.id)?.subject).toBe('五分鐘內要看到的新單')
    expect(getCached(deleted.id)).toBeNull()
  }, 240_000)
})

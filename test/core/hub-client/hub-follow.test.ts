// Desktops (real cores, real SQLite files) following a REAL hub process against the real
// sandbox: the first sync from the hub's snapshot equals a direct sync, an edit on desktop A
// reaches desktop B within seconds with its author, the hub away means direct sync at once and
// back to the feed from the cursor, a rebuilt hub means a new snapshot, presence comes and goes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/main/core/core'
import { openCache } from '../../../src/main/core/db/cache'
import { resolveDatabaseKey } from '../../../src/main/core/db/database-key'
import { createMemorySecretStore } from '../../../src/main/core/settings/secret-store'
import type {
  Channel,
  EventPayload,
  InputOf,
  OutputOf,
  SyncStatus,
} from '../../../src/shared/contract/contract'
import { healthSchema } from '../../../src/shared/hub/protocol'
import {
  bundleHub,
  HubTestClient,
  waitUntil,
  type HubProcess,
  type HubRunner,
} from '../../helpers/hub-process'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { cacheView, ids, serverView, waitFor } from '../../helpers/sync-harness'

const TOKEN = 'hub-desktop-token'
let sandbox: TestSandbox
let runner: HubRunner
let hub: HubProcess
let hubPort: string
let dir: string
const cores: Core[] = []

/** Ticks slow enough that, after its first read, the hub asks the vendor nothing on its own. */
const QUIET = ['--new-ms', '600000', '--open-ms', '600000', '--lookups-ms', '600000']

async function startHub(db: string, port = '0'): Promise<HubProcess> {
  return runner.start(
    ['--api-url', sandbox.apiBase, '--db', join(dir, db), '--port', port, ...QUIET],
    TOKEN,
  )
}

interface Desktop {
  core: Core
  dbPath: string
  /** Every hub state the sync status went through, in order. */
  hubStates: string[]
  changed: EventPayload<'hub:changed'>[]
  colleagues: EventPayload<'hub:colleagues'>[]
  call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>>
}

async function desktop(name: string, me?: { id: number; name: string }): Promise<Desktop> {
  const dataDir = mkdtempSync(join(dir, `${name}-`))
  const core = await createCore({
    host: 'web',
    version: 'test',
    dataDir,
    secrets: createMemorySecretStore(),
    connect: { apiUrl: sandbox.url, token: TOKEN },
    hubUrl: hub.url,
    validateOutput: true,
  })
  cores.push(core)
  const d: Desktop = {
    core,
    dbPath: join(dataDir, 'cache.sqlite'),
    hubStates: [],
    changed: [],
    colleagues: [],
    call: async (channel, input) => {
      const result = await core.invoke(channel, input)
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
      return result.value as OutputOf<typeof channel>
    },
  }
  core.subscribe((event, payload) => {
    if (event === 'sync:status') {
      const state = (payload as SyncStatus).hub?.state
      if (state && d.hubStates.at(-1) !== state) d.hubStates.push(state)
    }
    if (event === 'hub:changed') d.changed.push(payload as EventPayload<'hub:changed'>)
    if (event === 'hub:colleagues') d.colleagues.push(payload as EventPayload<'hub:colleagues'>)
  })
  if (me) await d.call('settings:update', { me: { ...me, employeeNo: null } })
  return d
}

async function hubState(d: Desktop): Promise<string | undefined> {
  return (await d.call('sync:status', {})).hub?.state
}

async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const following = (d: Desktop): Promise<void> =>
  until(async () => (await hubState(d)) === 'following', 'the desktop to follow the hub').catch(
    async (error: Error) => {
      const status = await d.call('sync:status', {})
      throw new Error(`${error.message}: ${d.hubStates.join(' > ')} ${JSON.stringify(status.hub)}`)
    },
  )

/** The hub's first read of the vendor is done (its health says so). */
async function hubReady(): Promise<void> {
  const client = new HubTestClient(hub.url, TOKEN)
  await waitUntil(async () => {
    const h = healthSchema.parse((await client.get('/health')).body)
    return h.tiers.all.ok === true
  }, "the hub's first read")
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hub-desktop-'))
  sandbox = await startTestSandbox({ tickets: 220, seed: 18, token: TOKEN, openShare: 0.2 })
  runner = await bundleHub()
  hub = await startHub('hub.sqlite')
  hubPort = new URL(hub.url).port
  await hubReady()
}, 60_000)

afterAll(async () => {
  for (const core of cores) await core.close().catch(() => undefined)
  await hub?.stop()
  runner?.dispose()
  await sandbox?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a desktop following the team hub', () => {
  it('takes its first sync from the snapshot (no vendor listing) and then equals the server', async () => {
    await sandbox.control.resetStats()
    const fresh = await desktop('fresh')
    await following(fresh)
    expect(fresh.hubStates).toContain('snapshot')
    const stats = await sandbox.control.stats()
    const listings = Object.entries(stats.requests).filter(([route]) =>
      /^GET \/api\/v1\/ticket$|^GET \/ticket$/.test(route),
    )
    expect(listings, JSON.stringify(stats.requests)).toEqual([])
    // The direct sync stayed paused throughout: the desktop itself asked the vendor nothing.
    expect((await fresh.call('sync:status', {})).paused).toBe(true)
    await fresh.core.close()

    const { cache } = openCache(fresh.dbPath, {
      key: resolveDatabaseKey(fresh.dbPath, undefined),
    })
    try {
      const server = await serverView(sandbox.apiBase, TOKEN)
      const mine = cacheView(cache)
      expect(ids(mine.tickets)).toEqual(ids(server.tickets))
      for (const [id, ticket] of server.tickets) expect(mine.tickets.get(id)).toEqual(ticket)
      expect(mine.lookups).toEqual(server.lookups)
    } finally {
      cache.close()
    }
  }, 60_000)
})

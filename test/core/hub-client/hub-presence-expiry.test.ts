// A colleague whose heartbeat stops while its stream stays open (a laptop put to sleep, a cable
// pulled: the hub's socket does not close) leaves this desktop's presence view within seconds:
// a real desktop core following a REAL hub process against the real sandbox.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import type { EventPayload, OutputOf } from '../../../src/shared/contract/contract'
import {
  bundleHub,
  HubTestClient,
  startSyncedHub,
  type HubProcess,
  type HubRunner,
} from '../../helpers/hub-process'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { waitFor } from '../../helpers/wait'
import { startTestCore } from '../../helpers/core'

const TOKEN = 'hub-presence-token'
/** The hub forgets a desktop this long after its last heartbeat (the default is 15 s). */
const TTL_MS = 2_000
let sandbox: TestSandbox
let runner: HubRunner
let hub: HubProcess
let dir: string
let core: Core
const pictures: EventPayload<'hub:colleagues'>[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hub-presence-'))
  sandbox = await startTestSandbox({ tickets: 40, seed: 9, token: TOKEN })
  runner = await bundleHub()
  ;({ hub } = await startSyncedHub(
    runner,
    [
      '--api-url',
      sandbox.apiBase,
      '--db',
      join(dir, 'hub.sqlite'),
      '--new-ms',
      '600000',
      '--open-ms',
      '600000',
      '--presence-ttl-ms',
      String(TTL_MS),
    ],
    TOKEN,
  ))
  core = await startTestCore({
    dataDir: mkdtempSync(join(dir, 'desktop-')),
    connect: { apiUrl: sandbox.url, token: TOKEN },
    hubUrl: hub.url,
    // The follower runs on the core's own timers, as in the app.
    autoSync: true,
  })
  core.subscribe((event, payload) => {
    if (event === 'hub:colleagues') pictures.push(payload as EventPayload<'hub:colleagues'>)
  })
}, 60_000)

afterAll(async () => {
  await core?.close().catch(() => undefined)
  await hub?.stop()
  runner?.dispose()
  await sandbox?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function colleagues(): Promise<OutputOf<'hub:colleagues'>['desktops']> {
  const result = await core.invoke('hub:colleagues', {})
  if (!result.ok) throw new Error(result.error.message)
  return (result.value as OutputOf<'hub:colleagues'>).desktops
}

it("drops a colleague from the desktop's view within seconds of the colleague's last heartbeat", async () => {
  const ticketId = (await sandbox.control.listTickets())[2]!.id
  const colleague = new HubTestClient(hub.url, TOKEN)
  const desktopId = randomUUID()
  const stream = colleague.stream({ desktopId })
  const beat = { desktopId, employeeId: 3, name: '王佩珊', ticketId, editing: true }
  const isThere = (list: { ticketId: number | null; name: string }[]): boolean =>
    list.some((d) => d.ticketId === ticketId && d.name === '王佩珊')

  // While the heartbeat goes on (twice the time to live), the desktop shows the colleague.
  expect((await colleague.call('PUT', '/presence', beat)).status).toBe(204)
  await waitFor(async () => isThere(await colleagues()), 'the colleague on the desktop')
  const beatsUntil = Date.now() + 2 * TTL_MS
  while (Date.now() < beatsUntil) {
    expect((await colleague.call('PUT', '/presence', beat)).status).toBe(204)
    expect(isThere(await colleagues())).toBe(true)
    // The heartbeat's own cadence (a desktop beats every 5 s against 15 s).
    await new Promise((r) => setTimeout(r, TTL_MS / 4))
  }

  // The heartbeat stops; the stream stays open, so only the time to live can drop them.
  const lastBeat = Date.now()
  await waitFor(async () => !isThere(await colleagues()), 'the colleague dropped', 15_000)
  const droppedAfter = Date.now() - lastBeat
  expect(stream.ended).toBe(false)
  // The view said so too (the event the screens listen to), not only the query.
  expect(isThere(pictures.at(-1)?.desktops ?? [])).toBe(false)
  expect(droppedAfter).toBeGreaterThanOrEqual(TTL_MS - 500)
  stream.close()
}, 60_000)

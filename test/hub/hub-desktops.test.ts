// What desktops may do with the hub, as a real process against the real sandbox: tokens the
// vendor refuses are refused, a desktop's "touched" publishes only what the vendor has, and
// presence appears, reaches the other desktops and expires.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import {
  changesResponseSchema,
  healthSchema,
  historyResponseSchema,
  presencePictureSchema,
  type Change,
} from '../../src/shared/hub/protocol'
import {
  HubTestClient,
  type HubProcess,
  startHubOnSandbox,
  type HubOnSandbox,
} from '../helpers/hub-process'
import { waitFor } from '../helpers/wait'
import { type TestSandbox } from '../helpers/sandbox'

const HUB_TOKEN = 'the-hub-token'
const AGENT_A = 'agent-a-token'
const AGENT_B = 'agent-b-token'
const WANG = { employeeId: 7, name: '王佩珊' }
let world: HubOnSandbox
let sandbox: TestSandbox
let hub: HubProcess
let a: HubTestClient
let b: HubTestClient

beforeAll(async () => {
  // Tiers slow enough that only "touched" writes in these tests; short checks and expiry.
  world = await startHubOnSandbox({
    token: HUB_TOKEN,
    sandbox: { tickets: 120, seed: 5 },
    hubArgs: [
      '--new-ms',
      '3600000',
      '--open-ms',
      '3600000',
      '--token-recheck-ms',
      '300',
      '--presence-ttl-ms',
      '1500',
      '--ping-ms',
      '300',
      '--touched-burst',
      '60',
    ],
  })
  ;({ sandbox, hub } = world)
  await sandbox.control.setTokens([HUB_TOKEN, AGENT_A, AGENT_B])
  a = new HubTestClient(hub.url, AGENT_A)
  b = new HubTestClient(hub.url, AGENT_B)
})

afterAll(() => world?.close())

async function head(): Promise<string> {
  return healthSchema.parse((await a.get('/health')).body).head
}

async function changesAfter(cursor: string): Promise<Change[]> {
  return changesResponseSchema.parse((await a.get(`/changes?after=${cursor}`)).body).changes
}

describe('tokens', () => {
  it('refuses a missing or forged token on every path, in the protocol error shape', async () => {
    for (const path of ['/health', '/snapshot', '/changes?after=x:0', '/stream', '/history/1']) {
      const missing = await new HubTestClient(hub.url, null).get(path)
      expect(missing.status).toBe(401)
      expect(missing.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } })
      expect((await new HubTestClient(hub.url, 'forged').get(path)).status).toBe(401)
    }
    const forgedWrite = await new HubTestClient(hub.url, 'forged').call('POST', '/touched', {
      ids: [1],
      by: WANG,
    })
    expect(forgedWrite.status).toBe(401)
  })

  it('refuses a token once the vendor revokes it (checked again after the recheck period)', async () => {
    const revoked = new HubTestClient(hub.url, 'soon-revoked')
    await sandbox.control.setTokens([HUB_TOKEN, AGENT_A, AGENT_B, 'soon-revoked'])
    expect((await revoked.get('/health')).status).toBe(200)
    await sandbox.control.setTokens([HUB_TOKEN, AGENT_A, AGENT_B])
    await waitFor(async () => (await revoked.get('/health')).status === 401, 'the revocation')
    expect((await a.get('/health')).status).toBe(200)
  })
})

describe('touched', () => {
  it('re-reads a written ticket from the vendor and publishes it with its author and history', async () => {
    const id = (await sandbox.control.listTickets())[3]?.id as number
    const before = (await sandbox.control.getTicket(id)) as Ticket
    const newStatus = before.status === 1 ? 0 : 1
    const cursor = await head()
    await sandbox.control.updateTicket(id, { status: newStatus, status_memo: 'called back' })
    const rereads = healthSchema.parse((await a.get('/health')).body).vendorTraffic?.rereads ?? 0
    const res = await a.call('POST', '/touched', { ids: [id], by: WANG })
    expect(res.status).toBe(202)
    const change = await waitFor(
      async () =>
        (await changesAfter(cursor)).find((c) => c.kind === 'ticket' && c.ticket.id === id),
      'the re-read ticket in the feed',
    )
    expect(change.by).toEqual(WANG)
    // One vendor read for it, counted apart from the floor's reads.
    expect(healthSchema.parse((await a.get('/health')).body).vendorTraffic?.rereads).toBe(
      rereads + 1,
    )
    if (change.kind !== 'ticket') throw new Error('not a ticket')
    expect(change.ticket.status).toBe(newStatus)
    expect(change.ticket).toEqual(await sandbox.control.getTicket(id))

    const history = historyResponseSchema.parse((await b.get(`/history/${id}`)).body)
    const last = history.entries.at(-1)
    expect(last?.by).toEqual(WANG)
    expect(last?.kind).toBe('changed')
    expect(last?.fields).toContainEqual({ field: 'status', old: before.status, new: newStatus })
    // The hub's first read of the ticket is the baseline the history starts from, not "created".
    expect(history.entries.map((e) => e.kind)).not.toContain('created')
    expect(JSON.stringify(history)).not.toContain('identity_no')
  })

  it('publishes nothing for a ticket the vendor has unchanged, and a tombstone for one it deleted', async () => {
    const ids = (await sandbox.control.listTickets()).map((t) => t.id)
    const unchanged = ids[10] as number
    const deleted = ids[11] as number
    const cursor = await head()
    await sandbox.control.deleteTicket(deleted)
    // Processed in order: once the tombstone is in, the unchanged one was re-read before it.
    expect((await a.call('POST', '/touched', { ids: [unchanged, deleted], by: WANG })).status).toBe(
      202,
    )
    const changes = await waitFor(async () => {
      const list = await changesAfter(cursor)
      return list.some((c) => c.kind === 'deleted' && c.id === deleted) ? list : undefined
    }, 'the tombstone')
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatchObject({ kind: 'deleted', id: deleted, by: WANG })
  })

  it('refuses a forged body: a desktop cannot send ticket data, too many ids, or a nameless author', async () => {
    const id = (await sandbox.control.listTickets())[0]?.id as number
    const cursor = await head()
    const forged = [
      { ids: [id], by: WANG, ticket: { id, subject: 'not what the vendor has' } },
      { ids: [id], by: WANG, subject: 'not what the vendor has' },
      { ids: [id], by: { employeeId: 7 } },
      { ids: [], by: WANG },
      { ids: Array.from({ length: 51 }, (_, i) => i + 1), by: WANG },
      { ids: [-1], by: WANG },
    ]
    for (const body of forged) {
      const res = await a.call('POST', '/touched', body)
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ error: { code: 'bad_request' } })
    }
    expect((await a.call('POST', '/touched', undefined, '{not json')).status).toBe(400)
    expect(await head()).toBe(cursor)
  })

  it('limits sizes and rates per token', async () => {
    const big = await a.call(
      'PUT',
      '/presence',
      undefined,
      JSON.stringify({ pad: 'x'.repeat(20_000) }),
    )
    expect(big.status).toBe(413)
    expect(big.body).toMatchObject({ error: { code: 'too_large' } })
    // 60 ids of burst: a second batch of 50 from the same token must wait.
    const ids = Array.from({ length: 50 }, (_, i) => i + 100_000)
    expect((await b.call('POST', '/touched', { ids, by: WANG })).status).toBe(202)
    const limited = await b.call('POST', '/touched', { ids, by: WANG })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(limited.body).toMatchObject({ error: { code: 'rate_limited' } })
    // Another token is not slowed by it.
    expect((await a.call('POST', '/touched', { ids: [100_001], by: WANG })).status).toBe(202)
  })
})

describe('presence', () => {
  it('reaches the other desktops, is forgotten when the stream closes or the heartbeat stops', async () => {
    const deskA = randomUUID()
    const deskB = randomUUID()
    const streamA = a.stream({ desktopId: deskA })
    const streamB = b.stream({ desktopId: deskB })
    const pictures = (s: typeof streamA): { desktopId: string; editing: boolean }[][] =>
      s.events
        .filter((e) => e.event === 'presence')
        .map((e) => presencePictureSchema.parse(e.data).desktops)
    await waitFor(() => pictures(streamB).length > 0, 'the picture on connect')
    await waitFor(() => streamB.events.some((e) => e.comment === 'ping'), 'a ping comment')

    const mine = { desktopId: deskA, employeeId: 7, name: '王佩珊', ticketId: 42, editing: true }
    expect((await a.call('PUT', '/presence', mine)).status).toBe(204)
    await waitFor(
      () =>
        pictures(streamB)
          .at(-1)
          ?.some((d) => d.desktopId === deskA && d.editing),
      'A editing, seen by B',
    )
    // Both streams count as connected desktops.
    expect(healthSchema.parse((await a.get('/health')).body).desktops).toBe(2)
    // B cannot speak for A's desktop; a malformed presence is refused.
    expect((await b.call('PUT', '/presence', { ...mine, editing: false })).status).toBe(400)
    expect((await a.call('PUT', '/presence', { ...mine, name: 'x'.repeat(61) })).status).toBe(400)

    // A's stream closes: A is forgotten at once.
    streamA.close()
    await waitFor(
      () => pictures(streamB).at(-1)?.length === 0,
      'A forgotten when its stream closed',
    )

    // A heartbeat that stops: forgotten after the time to live.
    const quiet = { ...mine, desktopId: randomUUID(), editing: false }
    expect((await a.call('PUT', '/presence', quiet)).status).toBe(204)
    await waitFor(
      () =>
        pictures(streamB)
          .at(-1)
          ?.some((d) => d.desktopId === quiet.desktopId),
      'the quiet desktop seen',
    )
    await waitFor(() => pictures(streamB).at(-1)?.length === 0, 'the quiet desktop expired')

    // A reconnect gets the whole picture again.
    const again = { ...mine, desktopId: randomUUID() }
    expect((await a.call('PUT', '/presence', again)).status).toBe(204)
    const streamC = b.stream()
    await waitFor(
      () => pictures(streamC)[0]?.some((d) => d.desktopId === again.desktopId),
      'the whole picture on connect',
    )
    streamB.close()
    streamC.close()
  })
})

// The hub as a real process against the real sandbox: the snapshot, the changes after a cursor,
// the live stream and its resume, and changes made at the vendor by another agent.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import {
  changesResponseSchema,
  healthSchema,
  snapshotLineSchema,
  type Change,
} from '../../src/shared/hub/protocol'
import {
  type HubTestClient,
  type HubProcess,
  startHubOnSandbox,
  type HubOnSandbox,
} from '../helpers/hub-process'
import { waitFor } from '../helpers/wait'
import { bundleCli } from '../helpers/cli-process'
import { type TestSandbox } from '../helpers/sandbox'

const TOKEN = 'hub-feed-token'
let world: HubOnSandbox
let sandbox: TestSandbox
let hub: HubProcess
let client: HubTestClient

beforeAll(async () => {
  world = await startHubOnSandbox({
    token: TOKEN,
    sandbox: { tickets: 240, seed: 18, openShare: 0.2 },
    hubArgs: ['--new-ms', '500', '--open-ms', '1000'],
  })
  ;({ sandbox, hub, client } = world)
})

afterAll(() => world?.close())

async function changesAfter(cursor: string): Promise<{ cursor: string; changes: Change[] }> {
  const res = await client.get(`/changes?after=${cursor}&limit=1000`)
  expect(res.status).toBe(200)
  return changesResponseSchema.parse(res.body)
}

describe('the hub feed', () => {
  it('prints its loopback address and answers health', async () => {
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const health = healthSchema.parse((await client.get('/health')).body)
    expect(health.vendor.reachable).toBe(true)
    expect(health.head).toBe(`${health.epoch}:${health.head.split(':')[1]}`)
  })

  it("cli hub-status prints the health; a refused token exits 1 with the hub's reason", async () => {
    const cli = await bundleCli()
    try {
      const ok = await cli.run(['hub-status', '--hub-url', hub.url], {
        env: { AGENT_CONSOLE_TOKEN: TOKEN },
      })
      expect(ok.code).toBe(0)
      const health = healthSchema.parse(JSON.parse(ok.stdout))
      expect(health.tiers.all.lastSyncAt).not.toBeNull()
      const refused = await cli.run(['hub-status', '--hub-url', hub.url], {
        env: { AGENT_CONSOLE_TOKEN: 'forged' },
      })
      expect(refused.code).toBe(1)
      expect(refused.stderr).toMatch(/unauthorized/)
      expect(refused.stderr).not.toContain('forged')
    } finally {
      cli.dispose()
    }
  })

  it('cli sync --hub-url takes the snapshot once, then only the changes after its cursor', async () => {
    const cli = await bundleCli()
    const db = join(world.dir, 'cli-cache.sqlite')
    const sync = async (): Promise<Record<string, unknown>> => {
      const run = await cli.run(
        ['sync', '--hub-url', hub.url, '--api-url', sandbox.apiBase, '--db', db, '--json'],
        { env: { AGENT_CONSOLE_TOKEN: TOKEN } },
      )
      expect(run.code, run.stderr).toBe(0)
      return JSON.parse(run.stdout) as Record<string, unknown>
    }
    try {
      const vendor = await sandbox.control.listTickets()
      const first = await sync()
      expect(first).toMatchObject({ source: 'hub', snapshot: true, tickets: vendor.length })
      expect(first['requests']).toBeGreaterThan(0)
      expect(first['bytes']).toBeGreaterThan(0)
      const second = await sync()
      expect(second).toMatchObject({ source: 'hub', snapshot: false, tickets: vendor.length })
      expect(second['cursor']).not.toBeNull()
      const count = await cli.run(['status', '--db', db, '--json'])
      expect(JSON.parse(count.stdout)).toMatchObject({ tickets: vendor.length })
    } finally {
      cli.dispose()
    }
  })

  it('serves a complete snapshot, pinned at one cursor, equal to the vendor (also gzipped)', async () => {
    const vendor = await sandbox.control.listTickets()
    for (const gzip of [false, true]) {
      const { lines, encoding } = await client.snapshot(gzip)
      expect(encoding).toBe(gzip ? 'gzip' : null)
      const parsed = lines.map((l) => snapshotLineSchema.parse(l))
      const begin = parsed[0]
      const end = parsed.at(-1)
      if (begin?.type !== 'begin' || end?.type !== 'end') throw new Error('no begin or end line')
      expect(parsed[1]?.type).toBe('lookups')
      const tickets = parsed.flatMap((l) => (l.type === 'ticket' ? [l.ticket] : []))
      expect(begin.cursor).toBe(end.cursor)
      expect(begin.tickets).toBe(tickets.length)
      expect(end.tickets).toBe(tickets.length)
      expect(tickets.map((t) => t.id).sort((a, b) => a - b)).toEqual(vendor.map((t) => t.id))
      // Field for field as the vendor lists it.
      const one = tickets[0] as Ticket
      expect(one).toEqual(await sandbox.control.getTicket(one.id))
    }
  })

  it('answers snapshot_required for a cursor of another store', async () => {
    const res = await client.get('/changes?after=another-epoch:1')
    expect(res.status).toBe(410)
    expect(res.body).toEqual({ error: { code: 'snapshot_required', message: expect.any(String) } })
    expect((await client.get('/changes?after=nonsense')).status).toBe(400)
  })

  it('publishes an outside change to an open ticket, a new ticket and a deletion, in order', async () => {
    const { lines } = await client.snapshot()
    const cursor = (lines[0] as { cursor: string }).cursor
    const vendor = await sandbox.control.listTickets()
    const open: Ticket[] = []
    for (const { id } of vendor.slice(0, 80)) {
      const t = await sandbox.control.getTicket(id)
      if (t && (t.status === 0 || t.status === 1)) open.push(t)
      if (open.length === 2) break
    }
    const [edited, removed] = open as [Ticket, Ticket]
    await sandbox.control.updateTicket(edited.id, { subject: 'changed by a colleague outside' })
    const created = await sandbox.control.createTicket({
      subject: 'a new call',
      content: 'from outside',
    })
    await sandbox.control.deleteTicket(removed.id)

    const seen = await waitFor(async () => {
      const { changes } = await changesAfter(cursor)
      const edit = changes.find((c) => c.kind === 'ticket' && c.ticket.id === edited.id)
      const made = changes.find((c) => c.kind === 'ticket' && c.ticket.id === created.id)
      const gone = changes.find((c) => c.kind === 'deleted' && c.id === removed.id)
      return edit && made && gone ? { edit, made, gone, changes } : undefined
    }, 'the three changes in the feed')
    if (seen.edit.kind !== 'ticket') throw new Error('not a ticket change')
    expect(seen.edit.ticket.subject).toBe('changed by a colleague outside')
    expect(seen.edit.by).toBeUndefined()
    expect(seen.gone.at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    const seqs = seen.changes.map((c) => c.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    expect(new Set(seqs).size).toBe(seqs.length)

    // The tombstone is in the log; a second read of the same cursor answers the same changes.
    const again = await changesAfter(cursor)
    expect(again.changes.slice(0, seen.changes.length)).toEqual(seen.changes)
  })

  it('pages the changes with limit and more', async () => {
    const { lines } = await client.snapshot()
    const head = (lines[0] as { cursor: string }).cursor
    const epoch = head.split(':')[0]
    const first = changesResponseSchema.parse(
      (await client.get(`/changes?after=${epoch}:0&limit=5`)).body,
    )
    expect(first.changes).toHaveLength(5)
    expect(first.more).toBe(true)
    expect(first.cursor).toBe(`${epoch}:${first.changes[4]?.seq}`)
    const next = changesResponseSchema.parse(
      (await client.get(`/changes?after=${first.cursor}&limit=5`)).body,
    )
    expect(next.changes[0]?.seq).toBeGreaterThan(first.changes[4]?.seq ?? Infinity)
    expect((await client.get(`/changes?after=${epoch}:0&limit=1001`)).status).toBe(400)
  })

  it('streams changes live with the cursor as event id, and resumes from Last-Event-ID', async () => {
    const health = healthSchema.parse((await client.get('/health')).body)
    const live = client.stream({ after: health.head })
    await waitFor(() => live.events.some((e) => e.event === 'presence'), 'the presence picture')
    const created = await sandbox.control.createTicket({ subject: 'streamed', content: 'live' })
    const event = await waitFor(
      () =>
        live.events.find(
          (e) =>
            e.event === 'change' &&
            (e.data as Change).kind === 'ticket' &&
            (e.data as { ticket: Ticket }).ticket.id === created.id,
        ),
      'the new ticket on the stream',
    )
    expect(event.id).toBe(`${health.epoch}:${(event.data as Change).seq}`)
    live.close()

    // Resume from the event before it: exactly what came after, starting with that change.
    const resumed = client.stream({ lastEventId: health.head })
    const replay = await waitFor(
      () => resumed.events.find((e) => e.event === 'change' && e.id === event.id),
      'the replayed change',
    )
    expect(replay.data).toEqual(event.data)
    const firstChange = resumed.events.find((e) => e.event === 'change')
    expect(Number(firstChange?.id?.split(':')[1])).toBe(Number(health.head.split(':')[1]) + 1)
    resumed.close()

    const reset = client.stream({ lastEventId: 'another-epoch:3' })
    await waitFor(() => reset.ended, 'the reset stream to close')
    expect(reset.events.map((e) => e.event)).toEqual(['reset'])
    expect(reset.events[0]?.data).toEqual({ code: 'snapshot_required' })
  })
})

/**
 * `update`, `create` and `delete` with --hub-url, as real processes against a real sandbox and a
 * real hub whose own reads are far apart: only the CLI's "touched" can bring the write to the
 * hub's feed within seconds. The CLI has no "who am I", so the change carries no author.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import { changesResponseSchema, healthSchema, type Change } from '../../src/shared/hub/protocol'
import { bundleCli, type CliRunner } from '../helpers/cli-process'
import {
  type HubProcess,
  type HubTestClient,
  startHubOnSandbox,
  type HubOnSandbox,
} from '../helpers/hub-process'
import { waitFor } from '../helpers/wait'
import { type TestSandbox } from '../helpers/sandbox'

const TOKEN = 'cli-hub-writes-token'
let sandbox: TestSandbox
let cli: CliRunner
let world: HubOnSandbox
let hub: HubProcess
let client: HubTestClient
let dir: string

beforeAll(async () => {
  // The hub's own tiers wait ten minutes: a change it publishes sooner came from "touched".
  ;[world, cli] = await Promise.all([
    startHubOnSandbox({
      token: TOKEN,
      sandbox: { tickets: 30, seed: 72 },
      hubArgs: ['--new-ms', '600000', '--open-ms', '600000'],
    }),
    bundleCli(),
  ])
  ;({ sandbox, hub, client, dir } = world)
}, 60_000)

afterAll(async () => {
  cli?.dispose()
  await world?.close()
})

async function health(): Promise<ReturnType<typeof healthSchema.parse>> {
  return healthSchema.parse((await client.get('/health')).body)
}

async function changeAfter(cursor: string, match: (c: Change) => boolean): Promise<Change> {
  return waitFor(async () => {
    const res = await client.get(`/changes?after=${cursor}&limit=1000`)
    return changesResponseSchema.parse(res.body).changes.find(match)
  }, 'the write in the hub feed')
}

function write(args: string[], hubUrl = hub.url): ReturnType<CliRunner['run']> {
  const db = join(dir, 'cache.sqlite')
  return cli.run([...args, '--db', db, '--api-url', sandbox.url, '--hub-url', hubUrl, '--json'], {
    env: { AGENT_CONSOLE_TOKEN: TOKEN },
  })
}

describe('CLI writes with --hub-url', () => {
  it('update, create and delete reach the hub feed at once, one re-read each, without an author', async () => {
    const before = await health()
    const id = (await sandbox.control.listTickets())[2]?.id as number
    const updated = await write(['update', String(id), '--set', 'subject=from the cli'])
    expect(updated.code, updated.stderr).toBe(0)
    const change = await changeAfter(
      before.head,
      (c) => c.kind === 'ticket' && c.ticket.id === id && c.ticket.subject === 'from the cli',
    )
    expect(change.by).toBeUndefined()

    const created = await write(['create', '--set', 'subject=new', '--set', 'content=body'])
    expect(created.code, created.stderr).toBe(0)
    const newId = (JSON.parse(created.stdout) as { ticket: Ticket }).ticket.id
    await changeAfter(before.head, (c) => c.kind === 'ticket' && c.ticket.id === newId)

    const deleted = await write(['delete', String(newId)])
    expect(deleted.code, deleted.stderr).toBe(0)
    await changeAfter(before.head, (c) => c.kind === 'deleted' && c.id === newId)

    expect((await health()).vendorTraffic?.rereads).toBe((before.vendorTraffic?.rereads ?? 0) + 3)
  }, 60_000)

  it('a hub that cannot be reached is a warning: the write is applied, exit 0', async () => {
    const id = (await sandbox.control.listTickets())[4]?.id as number
    const result = await write(
      ['update', String(id), '--set', 'subject=hub away'],
      'http://127.0.0.1:9',
    )
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ state: 'applied' })
    expect(result.stderr).toMatch(/team hub was not told/)
    expect((await sandbox.control.getTicket(id))?.subject).toBe('hub away')
  })

  it('refuses a --hub-url that is not http(s) before writing anything', async () => {
    const id = (await sandbox.control.listTickets())[5]?.id as number
    const before = await sandbox.control.getTicket(id)
    const result = await write(['update', String(id), '--set', 'subject=never'], 'ftp://hub')
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--hub-url must start with http\(s\):\/\//)
    expect(await sandbox.control.getTicket(id)).toEqual(before)
  })
})

/**
 * The write commands (update, create, delete, outbox, and sync sending first) through a real
 * child process against a real sandbox, including the server unreachable and a conflict.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import { bundleCli, type CliResult, type CliRunner } from '../helpers/cli-process'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { waitFor } from '../helpers/wait'

let sandbox: TestSandbox
let cli: CliRunner
let dir: string
let db: string
let ids: number[]
const DEAD = 'http://127.0.0.1:9'

beforeAll(async () => {
  ;[sandbox, cli] = await Promise.all([startTestSandbox({ tickets: 30, seed: 71 }), bundleCli()])
  dir = mkdtempSync(join(tmpdir(), 'agent-console-cli-writes-'))
  db = join(dir, 'cache.sqlite')
  const sync = await cli.run(['sync', '--api-url', sandbox.url, '--db', db])
  expect(sync.code, sync.stderr).toBe(0)
  ids = (await sandbox.control.listTickets()).map((t) => t.id)
})
afterAll(async () => {
  cli?.dispose()
  await sandbox?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function json<T>(result: CliResult): T {
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as T
}

describe('cli writes', () => {
  it('update: applied, only the fields given, --set FIELD= sends null', async () => {
    const id = ids[0]!
    const before = await sandbox.control.getTicket(id)
    const out = json<{ state: string; ticket: Ticket }>(
      await cli.run([
        'update',
        String(id),
        '--db',
        db,
        '--api-url',
        sandbox.url,
        '--set',
        'priority=3',
        '--set',
        'due_at=',
        '--json',
      ]),
    )
    expect(out.state).toBe('applied')
    expect(out.ticket).toMatchObject({ id, priority: 3, due_at: null, subject: before?.subject })
    expect(await sandbox.control.getTicket(id)).toMatchObject({ priority: 3, due_at: null })
  })

  it('update: a conflict on a field it changes exits 3, prints both values, writes nothing', async () => {
    const id = ids[1]!
    await sandbox.control.updateTicket(id, { status_memo: '別人的備註' })
    await sandbox.control.resetStats()
    const result = await cli.run([
      'update',
      String(id),
      '--db',
      db,
      '--api-url',
      sandbox.url,
      '--set',
      'status_memo=我的備註',
    ])
    expect(result.code, result.stderr).toBe(3)
    expect(result.stderr).toContain('"我的備註"')
    expect(result.stderr).toContain('"別人的備註"')
    expect((await sandbox.control.stats()).requests['PUT /ticket/{id}'] ?? 0).toBe(0)
    expect(json<unknown[]>(await cli.run(['outbox', '--db', db, '--json']))).toEqual([])
  })

  it('update: someone else changed another field: ours is sent, theirs kept', async () => {
    const id = ids[2]!
    await sandbox.control.updateTicket(id, { subject: '別人改的標題' })
    const out = json<{ state: string; ticket: Ticket }>(
      await cli.run([
        'update',
        String(id),
        '--db',
        db,
        '--api-url',
        sandbox.url,
        '--set',
        'status=1',
        '--json',
      ]),
    )
    expect(out.state).toBe('applied')
    expect(await sandbox.control.getTicket(id)).toMatchObject({
      subject: '別人改的標題',
      status: 1,
    })
  })

  it('queued when the server cannot be reached; outbox lists it; sync sends it first', async () => {
    const id = ids[3]!
    const out = json<{ state: string; outboxId: number }>(
      await cli.run([
        'update',
        String(id),
        '--db',
        db,
        '--api-url',
        DEAD,
        '--set',
        'priority=2',
        '--json',
      ]),
    )
    expect(out).toEqual({ state: 'queued', outboxId: expect.any(Number) })
    const created = json<{ state: string }>(
      await cli.run([
        'create',
        '--db',
        db,
        '--api-url',
        DEAD,
        '--set',
        'subject=離線新增',
        '--set',
        'content=客戶的話',
        '--json',
      ]),
    )
    expect(created.state).toBe('queued')
    const del = json<{ state: string }>(
      await cli.run(['delete', String(ids[4]), '--db', db, '--api-url', DEAD, '--json']),
    )
    expect(del.state).toBe('queued')
    const waiting = json<
      { kind: string; state: string; attempts: number; lastError: { code: string } }[]
    >(await cli.run(['outbox', '--db', db, '--json']))
    expect(waiting.map((e) => [e.kind, e.state])).toEqual([
      ['update', 'pending'],
      ['create', 'pending'],
      ['delete', 'pending'],
    ])
    expect(waiting[0]?.lastError.code).toBe('offline')

    await sandbox.control.resetStats()
    const sync = await cli.run(['sync', '--api-url', sandbox.url, '--db', db])
    expect(sync.code, sync.stderr).toBe(0)
    expect(sync.stderr).toContain('outbox: 3 sent, 0 waiting')
    expect(json<unknown[]>(await cli.run(['outbox', '--db', db, '--json']))).toEqual([])
    const stats = await sandbox.control.stats()
    expect(stats.applied).toMatchObject({
      'PUT /ticket/{id}': 1,
      'POST /ticket': 1,
      'DELETE /ticket/{id}': 1,
    })
    expect((await sandbox.control.getTicket(id))?.priority).toBe(2)
    expect(await sandbox.control.getTicket(ids[4]!)).toBeNull()
  })

  it('Ctrl+C while the waiting edits are sent: they are sent, and no sync is started', async () => {
    const id = ids[5]!
    const queued = json<{ state: string }>(
      await cli.run([
        'update',
        String(id),
        '--db',
        db,
        '--api-url',
        DEAD,
        '--set',
        'priority=1',
        '--json',
      ]),
    )
    expect(queued.state).toBe('queued')
    await sandbox.control.resetStats()
    // Slow answers, so the edit is still on its way when the agent presses Ctrl+C.
    await sandbox.control.setFaults({ latencyMs: 1_500 })
    try {
      const { child, done } = cli.start(['sync', '--api-url', sandbox.url, '--db', db])
      await waitFor(
        async () => ((await sandbox.control.stats()).requests['PUT /ticket/{id}'] ?? 0) > 0,
        'the waiting edit to reach the server',
      )
      child.kill('SIGINT')
      const result = await done
      expect(result.signal, result.stderr).toBeNull()
      expect(result.code).not.toBe(0)
      expect(result.stderr).toContain('outbox: 1 sent, 0 waiting')
      expect(result.stderr).toMatch(/^error: .*cancel/im)
      // The edit reached the server; no listing was read after it.
      expect((await sandbox.control.getTicket(id))?.priority).toBe(1)
      expect((await sandbox.control.stats()).requests['GET /ticket'] ?? 0).toBe(0)
    } finally {
      await sandbox.control.clearFaults()
    }
  })

  it('create and delete: applied', async () => {
    const made = json<{ state: string; ticket: Ticket }>(
      await cli.run([
        'create',
        '--db',
        db,
        '--api-url',
        sandbox.url,
        '--set',
        'subject=新的工單',
        '--set',
        'content=內容',
        '--set',
        'priority=1',
        '--json',
      ]),
    )
    expect(made.state).toBe('applied')
    expect(made.ticket).toMatchObject({ subject: '新的工單', priority: 1 })
    const gone = json<{ state: string }>(
      await cli.run([
        'delete',
        String(made.ticket.id),
        '--db',
        db,
        '--api-url',
        sandbox.url,
        '--json',
      ]),
    )
    expect(gone.state).toBe('applied')
    expect(await sandbox.control.getTicket(made.ticket.id)).toBeNull()
  })

  it('refuses unknown fields and a create without content, with a usage error', async () => {
    const bad = await cli.run([
      'update',
      String(ids[5]),
      '--db',
      db,
      '--api-url',
      sandbox.url,
      '--set',
      'colour=red',
    ])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/unknown field "colour"/)
    const noContent = await cli.run([
      'create',
      '--db',
      db,
      '--api-url',
      sandbox.url,
      '--set',
      'subject=x',
    ])
    expect(noContent.code).toBe(2)
  })
})

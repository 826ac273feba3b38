/**
 * The alert rules through the real core, sandbox and SQLite file: nothing on the first sync; a
 * ticket another agent assigns to me alerts once (not again on the next sync, nor after a
 * restart on the same cache); my own assignment or create never alerts, also when it waited in
 * the outbox and went out later; a ticket of mine due within 30
 * minutes alerts as due soon; opening it clears it from the active list.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Core } from '../../../src/main/core/core'
import type { Alert } from '../../../src/shared/contract/contract'
import { addSeconds, serverNow } from '../../../src/shared/domain/server-time'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { call, startTestCore } from '../../helpers/core'

let sandbox: TestSandbox
let dataDir: string
let core: Core
let raised: Alert[] = []
let me: number
let other: number

async function open(): Promise<Core> {
  const c = await startTestCore({ dataDir, connect: { apiUrl: sandbox.apiBase } })
  c.subscribe((name, payload) => {
    if (name === 'alerts:raised') raised.push(...(payload as { alerts: Alert[] }).alerts)
  })
  return c
}

/** An open ticket not handled by me. */
async function notMine(): Promise<number> {
  const page = await call(core, 'tickets:query', {
    view: 'open',
    filters: {},
    offset: 0,
    limit: 200,
  })
  return page.rows.find((r) => r.handlerId !== me && r.handlerId !== null)!.id
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 120, seed: 5 })
  dataDir = mkdtempSync(join(tmpdir(), 'ac-alerts-'))
  core = await open()
  const employees = (await call(core, 'employees:search', { search: '', limit: 5 })).map(
    (e) => e.id,
  )
  ;[me, other] = employees as [number, number]
  await call(core, 'settings:update', { me: { id: me, name: null, employeeNo: null } })
})
afterAll(async () => {
  await core?.close()
  await sandbox?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('alerts', () => {
  it('raise nothing on the first sync, however many tickets are mine', async () => {
    await core.sync.runFull()
    expect(raised).toEqual([])
    expect(await call(core, 'alerts:list', {})).toEqual([])
  })

  it('raise one alert when another agent assigns a ticket to me, and never twice', async () => {
    const id = await notMine()
    await sandbox.control.updateTicket(id, { handler_id: me, priority: 3 })
    await core.sync.runMine()
    expect(raised.map((a) => [a.kind, a.ticketId])).toEqual([['assigned', id]])
    expect(raised[0]!.priority).toBe(3)
    await core.sync.runMine()
    await core.sync.runFull()
    expect(raised).toHaveLength(1)
    expect((await call(core, 'alerts:list', {})).map((a) => a.ticketId)).toEqual([id])

    // A restart on the same cache remembers what was raised.
    await core.close()
    core = await open()
    await core.sync.runFull()
    expect(raised).toHaveLength(1)
    expect((await call(core, 'alerts:list', {})).map((a) => a.ticketId)).toEqual([id])

    // Opening it clears it.
    expect(await call(core, 'alerts:seen', { ticketId: id })).toEqual([])
    expect(await call(core, 'alerts:list', {})).toEqual([])
  })

  it('raise nothing for my own change: assigning a ticket to myself', async () => {
    raised = []
    const id = await notMine()
    const cached = await call(core, 'tickets:get', { id })
    const result = await call(core, 'tickets:update', {
      id,
      changes: { handler_id: me },
      base: {
        updatedAt: cached.ticket.updated_at ?? null,
        values: { handler_id: cached.ticket.handler_id ?? null },
      },
    })
    expect(result.state).toBe('applied')
    await core.sync.runMine()
    await core.sync.runFull()
    expect(raised).toEqual([])
  })

  it('raise nothing for my own assignment that waited in the outbox and went out with the sync', async () => {
    raised = []
    const id = await notMine()
    await sandbox.control.setFaults({ failNext: { count: 1, status: 503, method: 'PUT' } })
    const result = await call(core, 'tickets:update', { id, changes: { handler_id: me } })
    await sandbox.control.clearFaults()
    expect(result.state).toBe('queued')
    // The sync sends what waits first, then reads the ticket back as mine.
    await core.sync.runMine()
    expect(await call(core, 'outbox:list', {})).toEqual([])
    expect((await sandbox.control.getTicket(id))?.handler_id).toBe(me)
    await core.sync.runFull()
    expect(raised).toEqual([])
  })

  it('raise nothing for a ticket I create for myself, due within 30 minutes', async () => {
    raised = []
    const result = await call(core, 'tickets:create', {
      subject: '我自己建立的工單',
      content: '自己的工單不通知',
      handler_id: me,
      due_at: addSeconds(serverNow('Asia/Taipei'), 20 * 60),
    })
    expect(result.state).toBe('applied')
    await core.sync.runMine()
    await core.sync.runFull()
    expect(raised).toEqual([])
  })

  it('raise "due soon" for a ticket of mine due within 30 minutes, once, and "overdue" once', async () => {
    raised = []
    const mine = await call(core, 'tickets:query', {
      view: 'mine',
      filters: {},
      offset: 0,
      limit: 5,
    })
    const id = mine.rows[0]!.id
    const now = serverNow('Asia/Taipei')
    await sandbox.control.updateTicket(id, { due_at: addSeconds(now, 20 * 60) })
    await core.sync.runMine()
    expect(raised.map((a) => [a.kind, a.ticketId])).toEqual([['due_soon', id]])
    await core.sync.runMine()
    expect(raised).toHaveLength(1)
    await sandbox.control.updateTicket(id, { due_at: addSeconds(now, -60) })
    await core.sync.runMine()
    await core.sync.runMine()
    expect(raised.map((a) => a.kind)).toEqual(['due_soon', 'overdue'])
  })

  it('raise one alert, not two, for a ticket handed to me that is already overdue', async () => {
    raised = []
    const id = await notMine()
    await sandbox.control.updateTicket(id, {
      handler_id: me,
      due_at: addSeconds(serverNow('Asia/Taipei'), -3600),
    })
    await core.sync.runMine()
    await core.sync.runMine()
    expect(raised.map((a) => [a.kind, a.ticketId])).toEqual([['assigned', id]])
    expect(other).not.toBe(me)
  })
})

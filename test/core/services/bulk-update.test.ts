// Bulk work through the real core, outbox, SQLite file and sandbox: each ticket a single edit
// with its own conflict check, rejection and offline waiting; one outcome per ticket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Core } from '../../../src/main/core/core'
import { BULK_LIMIT } from '../../../src/shared/domain/bulk'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { call, startTestCore } from '../../helpers/core'

describe('tickets:bulkUpdate', () => {
  let sandbox: TestSandbox
  let core: Core
  let ids: number[]

  /** Every ticket's updated_at on the server, to prove nothing else changed. */
  async function serverStamps(): Promise<Map<number, string>> {
    return new Map((await sandbox.control.listTickets()).map((t) => [t.id, t.updated_at]))
  }

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 60, seed: 8 })
    core = await startTestCore()
    await call(core, 'connection:connect', { apiUrl: sandbox.url })
    await core.sync.runFull()
    // Every write moves the sandbox's updated_at past the record's last one (even within the
    // same second), so the stamps tell our writes from the seed without waiting for a second.
    ids = (await sandbox.control.listTickets()).map((t) => t.id)
  })
  afterAll(async () => {
    await core?.close()
    await sandbox?.close()
  })

  it('changes exactly the picked tickets, each applied, with status and its status detail', async () => {
    const picked = ids.slice(0, 3)
    const before = await serverStamps()
    const outcomes = await call(core, 'tickets:bulkUpdate', {
      ids: picked,
      changes: { status: 1, termination_code_id: 3 },
    })
    expect(outcomes.map((o) => [o.ticketId, o.result?.state])).toEqual(
      picked.map((id) => [id, 'applied']),
    )
    expect(outcomes.every((o) => typeof o.subject === 'string')).toBe(true)
    for (const id of picked) {
      expect(await sandbox.control.getTicket(id)).toMatchObject({
        status: 1,
        termination_code_id: 3,
      })
    }
    const after = await serverStamps()
    const changed = [...after].filter(([id, at]) => before.get(id) !== at).map(([id]) => id)
    expect(changed.sort((a, b) => a - b)).toEqual([...picked].sort((a, b) => a - b))
    // The cache has the server's copies at once, and nothing waits.
    const rows = (await call(core, 'tickets:query', { view: 'all', filters: {}, limit: 500 })).rows
    for (const id of picked) expect(rows.find((r) => r.id === id)).toMatchObject({ status: 1 })
    expect((await call(core, 'outbox:summary', {})).waiting).toBe(0)
  })

  it('gives each ticket its own outcome: applied, a conflict, and a rejection (deleted meanwhile)', async () => {
    const [fine, theirs, gone] = ids.slice(3, 6) as [number, number, number]
    const cached = (await call(core, 'tickets:get', { id: theirs })).ticket.priority ?? 0
    // Another agent changes the same field to a third value, and deletes another ticket.
    const [other, mine] = [0, 1, 2, 3].filter((p) => p !== cached) as [number, number]
    await sandbox.control.updateTicket(theirs, { priority: other })
    await sandbox.control.deleteTicket(gone)
    const outcomes = await call(core, 'tickets:bulkUpdate', {
      ids: [fine, theirs, gone],
      changes: { priority: mine },
    })
    expect(outcomes.map((o) => o.ticketId)).toEqual([fine, theirs, gone])
    const [applied, conflict, rejected] = outcomes.map((o) => o.result)
    expect(applied?.state).toBe('applied')
    expect((await sandbox.control.getTicket(fine))?.priority).toBe(mine)
    expect(conflict).toMatchObject({
      state: 'conflict',
      entry: { conflict: { priority: { base: cached, mine, theirs: other } } },
    })
    // Nothing was sent for the conflict: the other agent's value stands until the agent chooses.
    expect((await sandbox.control.getTicket(theirs))?.priority).toBe(other)
    expect(rejected).toMatchObject({
      state: 'rejected',
      entry: { lastError: { code: 'not_found' } },
    })
    const summary = await call(core, 'outbox:summary', {})
    expect(summary.needsAttention).toBe(2)
    for (const entry of await call(core, 'outbox:list', {}))
      await call(core, 'outbox:discard', { id: entry.id })
  })

  it('shows the server’s 422 message for every ticket it refuses', async () => {
    const picked = ids.slice(6, 8)
    const outcomes = await call(core, 'tickets:bulkUpdate', {
      ids: picked,
      changes: { handler_id: 999_999 },
    })
    for (const o of outcomes) {
      expect(o.result?.state).toBe('rejected')
      if (o.result?.state === 'rejected') {
        expect(o.result.entry.lastError?.code).toBe('validation')
        expect(o.result.entry.lastError?.fields?.handler_id?.[0]).toMatch(/handler id is invalid/)
      }
    }
    for (const entry of await call(core, 'outbox:list', {}))
      await call(core, 'outbox:discard', { id: entry.id })
  })

  it('keeps every edit waiting while the server fails, then sends each once', async () => {
    const picked = ids.slice(8, 11)
    await sandbox.control.setFaults({ errorRate: 1, errorStatus: 503 })
    const outcomes = await call(core, 'tickets:bulkUpdate', {
      ids: picked,
      changes: { priority: 3 },
    })
    expect(outcomes.map((o) => o.result?.state)).toEqual(['queued', 'queued', 'queued'])
    const waiting = await call(core, 'outbox:list', {})
    expect(waiting.map((e) => e.ticketId)).toEqual(picked)
    // Each entry is based on its own cached values, for the conflict check.
    for (const e of waiting) {
      const cached = (await call(core, 'tickets:get', { id: e.ticketId! })).ticket
      expect(cached.priority).toBe(3) // shown with the edit laid over it
      expect(e.base?.values).toHaveProperty('priority')
    }
    await sandbox.control.clearFaults()
    const sent = await call(core, 'outbox:send', {})
    expect(sent).toMatchObject({ sent: 3, waiting: 0 })
    for (const id of picked) expect((await sandbox.control.getTicket(id))?.priority).toBe(3)
  })

  it('refuses bad input at the boundary: no field, a detail without status, too many, twice the same', async () => {
    const bad: unknown[] = [
      { ids: [ids[0]], changes: {} },
      { ids: [ids[0]], changes: { termination_code_id: 3 } },
      { ids: [ids[0]], changes: { subject: 'x' } },
      { ids: [ids[0], ids[0]], changes: { priority: 1 } },
      { ids: Array.from({ length: BULK_LIMIT + 1 }, (_, i) => i + 1), changes: { priority: 1 } },
      { ids: [], changes: { priority: 1 } },
    ]
    for (const input of bad) {
      const result = await core.call('tickets:bulkUpdate', input)
      expect(result, JSON.stringify(input).slice(0, 80)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      })
    }
  })

  it('says which ticket is not in the cache, and still changes the others', async () => {
    const outcomes = await call(core, 'tickets:bulkUpdate', {
      ids: [ids[11]!, 987_654],
      changes: { priority: 2 },
    })
    expect(outcomes[0]?.result?.state).toBe('applied')
    expect(outcomes[1]).toMatchObject({ ticketId: 987_654, result: null })
    expect(outcomes[1]?.error?.code).toBe('not_found')
  })

  it('offline (the server gone): every ticket waits in the outbox, marked in the queue', async () => {
    const picked = ids.slice(12, 15)
    await sandbox.close()
    const outcomes = await call(core, 'tickets:bulkUpdate', {
      ids: picked,
      changes: { priority: 0 },
    })
    expect(outcomes.map((o) => o.result?.state)).toEqual(['queued', 'queued', 'queued'])
    const waiting = await call(core, 'outbox:list', {})
    expect(waiting.map((e) => [e.ticketId, e.state, e.lastError?.code ?? null])).toEqual([
      [picked[0], 'pending', 'offline'],
      [picked[1], 'pending', null],
      [picked[2], 'pending', null],
    ])
    const rows = (await call(core, 'tickets:query', { view: 'all', filters: {}, limit: 500 })).rows
    for (const id of picked)
      expect(rows.find((r) => r.id === id)).toMatchObject({ priority: 0, pending: 'pending' })
  })
})

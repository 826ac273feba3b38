/**
 * A ticket created while the server is gone is in the queue at once, first and marked, under a
 * key no server ticket has; once it is sent, the server's ticket (cached) takes its place, once.
 * The real core, the outbox and the cache against a real sandbox on loopback, stopped and started.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startTestSandbox } from '../../helpers/sandbox'
import { call, startTestCore } from '../../helpers/core'

const SUBJECT = '斷線時新增的工單'

describe('a ticket created offline in the queue', () => {
  it('is the first row, marked, until it is sent; then exactly one row, the server’s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ac-outbox-local-'))
    const dbPath = join(dir, 'sandbox.sqlite')
    let sandbox = await startTestSandbox({ tickets: 40, seed: 11, dbPath })
    const port = Number(new URL(sandbox.url).port)
    const core = await startTestCore({
      host: 'cli',
      dataDir: join(dir, 'app'),
      connect: { apiUrl: sandbox.url },
    })
    try {
      await core.sync.runFull()
      await call(core, 'settings:update', { me: { id: 7, name: 'Tommy Hsu', employeeNo: 'tommy' } })
      const before = await call(core, 'tickets:query', { view: 'all', limit: 5 })
      const countsBefore = await call(core, 'tickets:counts', {})
      await sandbox.close()

      const made = await call(core, 'tickets:create', {
        subject: SUBJECT,
        content: '客戶完整的說明，一字不漏',
        handler_id: 7,
        priority: 3,
        due_at: '2030-01-02 10:00:00',
      })
      expect(made.state).toBe('queued')
      const outboxId = made.outboxId

      // First in "all" and "mine", with the values as typed, under a key no server id can be.
      for (const view of ['all', 'mine'] as const) {
        const page = await call(core, 'tickets:query', { view, limit: 5 })
        const first = page.rows[0]!
        expect(first).toMatchObject({
          id: -outboxId,
          outboxId,
          subject: SUBJECT,
          status: 0,
          priority: 3,
          handlerId: 7,
          dueAt: '2030-01-02 10:00:00',
          pending: 'pending',
        })
        expect(first.handlerName).not.toBeNull()
      }
      const all = await call(core, 'tickets:query', { view: 'all', limit: 5 })
      expect(all.total).toBe(before.total + 1)
      expect(all.rows.slice(1).map((r) => r.id)).toEqual(before.rows.slice(0, 4).map((r) => r.id))
      // A page the local rows fill alone still says the whole total.
      const one = await call(core, 'tickets:query', { view: 'all', limit: 1 })
      expect(one.rows.map((r) => r.id)).toEqual([-outboxId])
      expect(one.total).toBe(before.total + 1)
      // The next page starts where the shifted first one ended: no row twice, none skipped.
      const second = await call(core, 'tickets:query', { view: 'all', offset: 5, limit: 5 })
      expect(second.rows[0]?.id).toBe(before.rows[4]?.id)

      // Not in views or searches it does not meet; found by a word of its content.
      expect(
        (await call(core, 'tickets:query', { view: 'done', limit: 5 })).rows.some((r) => r.id < 0),
      ).toBe(false)
      expect(
        (await call(core, 'tickets:query', { view: 'unassigned', limit: 5 })).rows.some(
          (r) => r.id < 0,
        ),
      ).toBe(false)
      const searched = await call(core, 'tickets:query', {
        view: 'all',
        filters: { search: '一字不漏' },
        limit: 5,
      })
      expect(searched.rows.map((r) => r.id)).toEqual([-outboxId])
      expect(
        (
          await call(core, 'tickets:query', { view: 'all', filters: { priorities: [0] }, limit: 5 })
        ).rows.some((r) => r.id < 0),
      ).toBe(false)

      // The counts include it where the queue lists it.
      const counts = await call(core, 'tickets:counts', {})
      expect(counts.all).toBe(countsBefore.all + 1)
      expect(counts.mine).toBe(countsBefore.mine + 1)
      expect(counts.open).toBe(countsBefore.open + 1)
      expect(counts.done).toBe(countsBefore.done)
      expect(counts.unassigned).toBe(countsBefore.unassigned)

      // Its detail: the values as typed, marked, nothing the server makes (no dates, no id).
      const detail = await call(core, 'tickets:get', { id: -outboxId })
      expect(detail.ticket).toMatchObject({
        id: -outboxId,
        subject: SUBJECT,
        content: '客戶完整的說明，一字不漏',
        created_at: null,
      })
      expect(detail.pending).toEqual({ state: 'pending', deleting: false })

      // The server is back: sent once, the local row gone, the server's ticket in its place.
      sandbox = await startTestSandbox({ port, dbPath })
      await call(core, 'outbox:send', {})
      expect(await call(core, 'outbox:list', {})).toEqual([])
      expect((await sandbox.control.stats()).applied['POST /ticket']).toBe(1)
      const after = await call(core, 'tickets:query', { view: 'all', limit: 100 })
      expect(after.total).toBe(before.total + 1)
      expect(after.rows.filter((r) => r.id < 0)).toEqual([])
      const ours = after.rows.filter((r) => r.subject === SUBJECT)
      expect(ours).toHaveLength(1)
      expect(ours[0]!.id).toBeGreaterThan(0)
      expect(ours[0]!.pending ?? null).toBeNull()
      expect((await call(core, 'tickets:counts', {})).all).toBe(countsBefore.all + 1)
      // A detail still open on the local key now shows the server's ticket.
      expect((await call(core, 'tickets:get', { id: -outboxId })).ticket.id).toBe(ours[0]!.id)
      // And a sync changes nothing: still one.
      await core.sync.runFull()
      const synced = await call(core, 'tickets:query', {
        view: 'all',
        filters: { search: SUBJECT },
        limit: 10,
      })
      expect(synced.rows.filter((r) => r.subject === SUBJECT).map((r) => r.id)).toEqual([
        ours[0]!.id,
      ])
    } finally {
      await core.close()
      await sandbox.close()
    }
  })

  it('leaves the queue when discarded, and its key is then not found', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ac-outbox-local-'))
    const sandbox = await startTestSandbox({ tickets: 5, seed: 3 })
    const core = await startTestCore({
      host: 'cli',
      dataDir: join(dir, 'app'),
      connect: { apiUrl: sandbox.url },
    })
    try {
      await core.sync.runFull()
      await sandbox.close()
      const made = await call(core, 'tickets:create', { subject: '要丟掉的', content: '內容' })
      expect(made.state).toBe('queued')
      const page = await call(core, 'tickets:query', { view: 'all', limit: 3 })
      expect(page.rows[0]?.id).toBe(-made.outboxId)
      await call(core, 'outbox:discard', { id: made.outboxId })
      const left = await call(core, 'tickets:query', { view: 'all', limit: 3 })
      expect(left.rows.some((r) => r.id < 0)).toBe(false)
      const gone = await core.invoke('tickets:get', { id: -made.outboxId })
      expect(gone.ok ? null : gone.error.code).toBe('not_found')
    } finally {
      await core.close()
    }
  })
})

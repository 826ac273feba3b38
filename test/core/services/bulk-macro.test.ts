// A macro's set of changes through the bulk path, against the real core, outbox and sandbox:
// every field on each picked ticket, the sentence filled from each ticket, nothing else touched;
// a change the cached lookups contradict is refused before anything is queued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { personName } from '../../../src/shared/domain/people'
import { call, startTestCore } from '../../helpers/core'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'

describe('tickets:bulkUpdate with a macro’s fields', () => {
  let sandbox: TestSandbox
  let core: Core
  let ids: number[]

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 30, seed: 19 })
    core = await startTestCore()
    await call(core, 'connection:connect', { apiUrl: sandbox.url })
    await core.sync.runFull()
    ids = (await sandbox.control.listTickets()).map((t) => t.id)
  })
  afterAll(async () => {
    await core?.close()
    await sandbox?.close()
  })

  it('sets every field of the set on exactly the picked tickets, each sentence filled from its own ticket', async () => {
    const picked = ids.slice(0, 3)
    const stamps = new Map((await sandbox.control.listTickets()).map((t) => [t.id, t.updated_at]))
    const before = new Map<
      number,
      NonNullable<Awaited<ReturnType<typeof sandbox.control.getTicket>>>
    >()
    for (const id of picked) before.set(id, (await sandbox.control.getTicket(id))!)
    const handler = (await call(core, 'lookups:get', {})).employees[0]!.id
    const outcomes = await call(core, 'tickets:bulkUpdate', {
      ids: picked,
      changes: {
        status: 2,
        termination_code_id: 8,
        priority: 3,
        category_id: 3,
        sub_category_id: 21,
        handler_id: handler,
        append_content: '已回覆 {{caller}}（#{{ticket_id}}）',
        append_status_memo: '結案',
      },
    })
    expect(outcomes.map((o) => o.result?.state)).toEqual(['applied', 'applied', 'applied'])
    for (const id of picked) {
      const was = before.get(id)!
      const now = await sandbox.control.getTicket(id)
      expect(now).toMatchObject({
        status: 2,
        termination_code_id: 8,
        priority: 3,
        sub_category_id: 21,
        handler_id: handler,
        subject: was.subject,
        due_at: was.due_at,
        contact_id: was.contact_id,
      })
      const cached = (await call(core, 'tickets:get', { id })).ticket
      const sentence = `已回覆 ${personName(cached.contact) ?? ''}（#${id}）`
      expect(now?.content).toBe(`${was.content?.trimEnd()}\n${sentence}`)
      const memo = was.status_memo?.trimEnd()
      expect(now?.status_memo).toBe(memo ? `${memo}\n結案` : '結案')
    }
    const after = await sandbox.control.listTickets()
    const changed = after.filter((t) => stamps.get(t.id) !== t.updated_at)
    expect(changed.map((t) => t.id).sort((a, b) => a - b)).toEqual(
      [...picked].sort((a, b) => a - b),
    )
  })

  it('refuses a status detail of another status or a sub-category of another category, queuing nothing', async () => {
    const before = await sandbox.control.listTickets()
    for (const changes of [
      { status: 0, termination_code_id: 8 },
      { category_id: 1, sub_category_id: 21 },
    ]) {
      const result = await core.call('tickets:bulkUpdate', { ids: ids.slice(5, 7), changes })
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('invalid_input')
      const saved = await core.call('macros:save', { macro: { name: 'x', changes } })
      expect(saved.ok).toBe(false)
    }
    expect((await call(core, 'outbox:summary', {})).waiting).toBe(0)
    expect(await sandbox.control.listTickets()).toEqual(before)
  })
})

import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { useQueueStore } from '../../src/renderer/src/stores/queue'
import { useViewsStore } from '../../src/renderer/src/stores/views'
import type { TicketRow } from '../../src/shared/domain/queue'
import { fakeApi, mountWithApp, settle } from './harness'

const Empty = defineComponent({ setup: () => () => h('div') })

function row(id: number): TicketRow {
  return {
    id,
    subject: `工單 ${id}`,
    status: 0,
    priority: 0,
    dueAt: null,
    categoryName: null,
    subCategoryName: null,
    contactId: null,
    contactName: null,
    handlerId: null,
    handlerName: null,
    createdAt: '2029-01-01 00:00:00',
    updatedAt: '2029-01-02 00:00:00',
  }
}

describe('stores', () => {
  it('re-read the queue page and the counts when the cached tickets change, with no screen wiring them', async () => {
    let subject = 'before'
    const api = fakeApi({
      'tickets:query': (q) => ({
        rows: [{ ...row(1), subject }],
        total: 1,
        offset: q.offset,
      }),
      'tickets:counts': () => ({ mine: 1, unassigned: 0, open: 1, due: 0, done: 0, all: 1 }),
    })
    const { wrapper } = await mountWithApp(Empty, { api })
    const queue = useQueueStore()
    const views = useViewsStore()
    await queue.reload()
    subject = 'after'
    api.emit('tickets:changed', { reason: 'sync' })
    await settle(100)
    expect(queue.rowAt(0)?.subject).toBe('after')
    expect(api.calls.filter((c) => c.channel === 'tickets:counts')).toHaveLength(1)
    expect(views.counts.all).toBe(1)
    wrapper.unmount()
  })

  it('wait for the first page of the question being asked before the side data loads', async () => {
    let answer: () => void = () => undefined
    const api = fakeApi({
      'tickets:query': (q) =>
        new Promise((resolve) => {
          answer = () => resolve({ rows: [row(1)], total: 1, offset: q.offset })
        }),
    })
    const { wrapper } = await mountWithApp(Empty, { api })
    const queue = useQueueStore()
    void queue.reload()
    let settled = false
    void queue.whenSettled().then(() => (settled = true))
    await settle()
    expect(settled).toBe(false)
    answer()
    await settle()
    expect(settled).toBe(true)
    wrapper.unmount()
  })
})

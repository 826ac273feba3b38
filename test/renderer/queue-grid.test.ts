import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { PAGE_SIZE, useQueueStore } from '../../src/renderer/src/stores/queue'
import TicketGrid from '../../src/renderer/src/views/queue/modules/ticket-grid.vue'
import type { TicketRow } from '../../src/shared/domain/queue'
import { fakeApi, mountWithApp, settle, until } from './harness'

const TOTAL = 100_000

function row(id: number): TicketRow {
  return {
    id,
    subject: `工單 ${id}`,
    status: id % 4,
    priority: id % 4,
    dueAt: id === 1 ? '2020-01-01 00:00:00' : '2030-01-01 00:00:00',
    categoryName: '帳務',
    subCategoryName: '退款',
    contactId: 1,
    contactName: '林大華',
    handlerId: null,
    handlerName: null,
    createdAt: '2029-01-01 00:00:00',
    updatedAt: '2029-01-02 00:00:00',
  }
}

function settingsIn(language: 'zh-TW' | 'en') {
  return {
    apiUrl: 'http://x',
    allowInsecureApi: true,
    hasToken: false,
    me: null,
    syncIntervalSec: 300,
    language,
    theme: 'light' as const,
    serverTimeZone: 'Asia/Taipei',
  }
}

function queueApi() {
  return fakeApi({
    'settings:get': () => settingsIn('zh-TW'),
    'tickets:query': (q) => ({
      rows: Array.from({ length: Math.min(q.limit, TOTAL - q.offset) }, (_, i) =>
        row(q.offset + i + 1),
      ),
      total: TOTAL,
      offset: q.offset,
    }),
  })
}

/** The grid mounted on `api`, its first question answered and rendered. */
async function gridShowing(api: ReturnType<typeof fakeApi>) {
  const { wrapper } = await mountWithApp(TicketGrid, { api })
  const queue = useQueueStore()
  await queue.reload()
  await settle()
  return { wrapper, queue }
}

describe('queue grid (virtualized)', () => {
  it('renders only the rows in view plus a margin out of 100,000, and fetches pages by offset', async () => {
    const api = queueApi()
    const { wrapper, queue } = await gridShowing(api)
    const rows = wrapper
      .findAll('[role=row][aria-rowindex]')
      .filter((r) => r.attributes('aria-rowindex') !== '1')
    expect(queue.total).toBe(TOTAL)
    expect(rows.length).toBeGreaterThan(10)
    expect(rows.length).toBeLessThan(80)
    expect(wrapper.find('[role=grid]').attributes('aria-rowcount')).toBe(String(TOTAL + 1))
    const queries = api.calls.filter((c) => c.channel === 'tickets:query')
    expect(queries.every((c) => (c.input as { limit: number }).limit === PAGE_SIZE)).toBe(true)
    expect(queries.length).toBeLessThanOrEqual(2)
    // Cells show coloured status and priority tags and the due mark (row 1: status 1, priority 1).
    const first = rows[0]!
    expect(first.find('.status-tag.status-inProgress').text()).toBe('處理中')
    expect(first.find('.priority-tag.priority-medium').text()).toContain('中')
    expect(first.find('.due-overdue').attributes('title')).toBe('逾期')
    expect(first.find('.due-overdue .visually-hidden').text()).toBe('逾期')
    expect(first.text()).toContain('未指派')
    wrapper.unmount()
  })

  it('lays out only the rows in view in its first frame, and the scrolling margin after it', async () => {
    // The page is in the store before the grid mounts, as on the app's start.
    const shown = ref(false)
    const Later = defineComponent({ setup: () => () => (shown.value ? h(TicketGrid) : null) })
    const { wrapper } = await mountWithApp(Later, { api: queueApi() })
    await useQueueStore().reload()
    shown.value = true
    await nextTick()
    const dataRows = (): number => wrapper.findAll('[role=row][data-id]').length
    // 600 px of view (what a grid assumes before the browser has measured it), 34 px rows.
    expect(dataRows()).toBe(Math.ceil(600 / 34))
    await until(() => expect(dataRows()).toBe(Math.ceil(600 / 34) + 8))
    wrapper.unmount()
  })

  it('asks for the page under a far scroll position, and a new question starts over', async () => {
    const api = queueApi()
    const { wrapper } = await mountWithApp(TicketGrid, { api })
    const queue = useQueueStore()
    await queue.reload()
    queue.ensureRange(50_000, 50_040)
    await settle()
    expect(queue.rowAt(50_000)?.id).toBe(50_001)
    const offsets = api.calls
      .filter((c) => c.channel === 'tickets:query')
      .map((c) => (c.input as { offset: number }).offset)
    expect(offsets).toContain(50_000)
    // A new filter starts over: the old pages are gone.
    await queue.setFilters({ statuses: [0] })
    expect(queue.rowAt(50_000)).toBeNull()
    expect(queue.rowAt(0)?.id).toBe(1)
    wrapper.unmount()
  })

  it('drops an answer to an old question that arrives after the answer to the new one', async () => {
    // Each question's rows carry its status filter in the id; the first question is held back.
    let releaseOld: () => void = () => undefined
    const oldHeld = new Promise<void>((resolve) => (releaseOld = resolve))
    const api = fakeApi({
      'tickets:query': async (q) => {
        const status = q.filters.statuses?.[0] ?? 9
        if (status === 1) await oldHeld
        return {
          rows: Array.from({ length: q.limit }, (_, i) =>
            row(status * 1_000_000 + q.offset + i + 1),
          ),
          total: status === 1 ? 500 : 300,
          offset: q.offset,
        }
      },
    })
    const { wrapper } = await mountWithApp(TicketGrid, { api })
    const queue = useQueueStore()
    const oldQuestion = queue.setFilters({ statuses: [1] })
    await settle()
    await queue.setFilters({ statuses: [2] })
    expect(queue.rowAt(0)?.id).toBe(2_000_001)
    releaseOld()
    await oldQuestion
    await settle()
    // The old answer did arrive, last, and changed nothing.
    const asked = api.calls
      .filter((c) => c.channel === 'tickets:query')
      .map((c) => (c.input as { filters: { statuses?: number[] } }).filters.statuses)
      .filter(Boolean)
    expect(asked).toEqual([[1], [2]])
    expect(queue.rowAt(0)?.id).toBe(2_000_001)
    expect(queue.total).toBe(300)
    expect(queue.loading).toBe(false)
    expect(wrapper.find('[role=row][data-id="2000001"]').exists()).toBe(true)
    expect(wrapper.find('[role=row][data-id="1000001"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows a new question in the row elements already on screen, not in new ones', async () => {
    const api = fakeApi({
      'tickets:query': (q) => {
        const base = q.filters.statuses?.[0] === 2 ? 500_000 : 0
        return {
          rows: Array.from({ length: q.limit }, (_, i) => row(base + q.offset + i + 1)),
          total: 300,
          offset: q.offset,
        }
      },
    })
    const { wrapper, queue } = await gridShowing(api)
    const shown = () => wrapper.findAll('[role=row][data-id]')
    const before = new Set(shown().map((r) => r.element))
    expect(shown()[0]!.attributes('data-id')).toBe('1')
    await queue.setFilters({ statuses: [2] })
    await nextTick()
    // The new question's tickets are in the elements that showed the old ones: a swap patches,
    // it does not rebuild.
    const after = shown()
    expect(after.length).toBeGreaterThan(10)
    for (const r of after) expect(before.has(r.element)).toBe(true)
    expect(after[0]!.attributes('data-id')).toBe('500001')
    expect(after[0]!.attributes('aria-rowindex')).toBe('2')
    expect(after[0]!.text()).toContain('工單 500001')
    expect(after[4]!.attributes('id')).toBe('queue-row-500005')
    expect(wrapper.find('[role=row][data-id="1"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it("draws a new question's rows in view first and the scrolling margin after that frame", async () => {
    const api = queueApi()
    const { wrapper, queue } = await gridShowing(api)
    const bodyRows = () => wrapper.findAll('[role=row][data-id]').length
    // The first question's margin, once its frame is painted: 600 px of 34 px rows, and 8 more.
    const withMargin = Math.ceil(600 / 34) + 8
    await until(() => expect(bodyRows()).toBe(withMargin))
    await queue.setFilters({ statuses: [1] })
    await nextTick()
    const first = bodyRows()
    expect(first).toBeGreaterThan(10)
    expect(first).toBeLessThan(withMargin)
    // Rows below the viewport are drawn once that first frame is out.
    await until(() => expect(bodyRows()).toBe(withMargin))
    wrapper.unmount()
  })

  it('moves the selection with the keyboard API and opens the selected row', async () => {
    const api = queueApi()
    const { wrapper, queue } = await gridShowing(api)
    const grid = wrapper.findComponent(TicketGrid)
    const vm = grid.vm as unknown as { move: (d: number) => void; openSelected: () => void }
    vm.move(1)
    vm.move(1)
    vm.move(-1)
    expect(queue.selectedIndex).toBe(1)
    vm.openSelected()
    expect(grid.emitted('open')?.[0]).toEqual([2])
    wrapper.unmount()
  })

  it('keeps the highlight on the same ticket when a refresh shifts the rows', async () => {
    // The listing as the cache has it; a sync then puts a new ticket on top.
    let ids = Array.from({ length: 200 }, (_, i) => i + 1)
    const api = fakeApi({
      'tickets:query': (q) => ({
        rows: ids.slice(q.offset, q.offset + q.limit).map(row),
        total: ids.length,
        offset: q.offset,
      }),
    })
    const { wrapper, queue } = await gridShowing(api)
    const grid = wrapper.findComponent(TicketGrid)
    const vm = grid.vm as unknown as { move: (d: number) => void; openSelected: () => void }
    vm.move(3)
    await settle()
    const selectedRow = () => wrapper.find('[role=row][aria-selected=true]')
    expect(selectedRow().attributes('data-id')).toBe('4')
    ids = [9999, ...ids]
    await queue.refresh()
    await settle()
    expect(queue.rowAt(3)?.id).toBe(3)
    expect(selectedRow().attributes('data-id')).toBe('4')
    expect(queue.selectedIndex).toBe(4)
    vm.openSelected()
    expect(grid.emitted('open')?.[0]).toEqual([4])
    // The highlighted row is the one the grid names as active.
    expect(wrapper.find('[role=grid]').attributes('aria-activedescendant')).toBe(
      selectedRow().attributes('id'),
    )
    wrapper.unmount()
  })
})

/** A grid answering `rows` (first page only) in `language`. */
function rowsApi(language: 'zh-TW' | 'en', rows: TicketRow[]) {
  return fakeApi({
    'settings:get': () => settingsIn(language),
    'tickets:query': (q) => ({
      rows: q.offset === 0 ? rows : [],
      total: rows.length,
      offset: q.offset,
    }),
  })
}

describe('queue grid: a ticket created offline', () => {
  const local: TicketRow = {
    ...row(1),
    id: -4,
    outboxId: 4,
    subject: '斷線時新增的工單',
    createdAt: null,
    updatedAt: null,
    pending: 'pending',
  }
  it.each([
    ['zh-TW', '尚未送出', '新'],
    ['en', 'Not sent yet', 'New'],
  ] as const)('is marked as not sent yet, with no number (%s)', async (language, mark, newId) => {
    const { wrapper } = await mountWithApp(TicketGrid, {
      api: rowsApi(language, [local, row(2), row(3)]),
      language,
    })
    const queue = useQueueStore()
    await queue.reload()
    await settle()
    const first = wrapper.find('[role=row][aria-rowindex="2"]')
    expect(first.attributes('data-id')).toBe('-4')
    expect(first.find('[data-testid=pending-mark--4]').text()).toBe(mark)
    expect(first.find('[data-testid=local-row-4]').text()).toBe(newId)
    expect(first.find('.c-id').text()).not.toContain('-4')
    // The server's rows keep their numbers and no mark.
    const second = wrapper.find('[role=row][aria-rowindex="3"]')
    expect(second.find('.c-id').text()).toBe('2')
    expect(second.find('.pending-mark').exists()).toBe(false)
    wrapper.unmount()
  })
})

describe('queue grid: a ticket whose delete waits', () => {
  const doomed: TicketRow = {
    ...row(7),
    subject: '要刪掉的工單',
    pending: 'pending',
    deleting: true,
  }
  const edited: TicketRow = { ...row(8), pending: 'pending' }

  it.each([
    ['zh-TW', '將刪除', '尚未送出'],
    ['en', 'Will be deleted', 'Not sent yet'],
  ] as const)(
    'is struck through and marked as to be deleted (%s)',
    async (language, mark, edit) => {
      const api = rowsApi(language, [doomed, edited])
      const { wrapper } = await mountWithApp(TicketGrid, { api, language })
      await useQueueStore().reload()
      await settle()
      const first = wrapper.find('[role=row][data-id="7"]')
      expect(first.find('[data-testid=pending-mark-7]').text()).toBe(mark)
      const subject = first.find('.c-subject')
      expect(subject.classes()).toContain('deleting')
      // A waiting edit keeps its own mark and is not struck through.
      const second = wrapper.find('[role=row][data-id="8"]')
      expect(second.find('[data-testid=pending-mark-8]').text()).toBe(edit)
      expect(second.find('.c-subject').classes()).not.toContain('deleting')
      wrapper.unmount()
    },
  )
})

import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { useLookupsStore } from '../../src/renderer/src/stores/lookups'
import { useQueueStore } from '../../src/renderer/src/stores/queue'
import FilterDrawer from '../../src/renderer/src/views/queue/modules/filter-drawer.vue'
import type { TicketFilters } from '../../src/shared/domain/queue'
import { LOOKUPS } from './fixtures'
import { fakeApi, mountWithApp, settle, until } from './harness'

const FILTERS_SET: TicketFilters = {
  search: '退款',
  statuses: [0, 1],
  handlerIds: [7],
  unassigned: true,
  sponsorId: 5,
  contactId: 9,
  categoryId: 1,
  subCategoryId: 11,
  createdFrom: '2029-01-01 00:00:00',
  createdTo: '2029-01-31 23:59:59',
}

describe('filter drawer', () => {
  it('shows one row per filter, edits a draft and applies it at once', async () => {
    const api = fakeApi({
      'employees:search': () => LOOKUPS.employees,
      'contacts:search': () => [],
      'tickets:query': (q) => ({ rows: [], total: 0, offset: q.offset }),
    })
    const show = ref(false)
    const Host = defineComponent({
      setup: () => () =>
        h(FilterDrawer, { show: show.value, 'onUpdate:show': (v: boolean) => (show.value = v) }),
    })
    const { wrapper } = await mountWithApp(Host, { api })
    useLookupsStore().lookups = LOOKUPS
    const queue = useQueueStore()
    queue.filters = { ...FILTERS_SET }
    show.value = true
    await until(() => expect(document.querySelector('[data-filter]')).not.toBeNull())
    const rows = [...document.querySelectorAll('[data-filter]')].map((e) =>
      e.getAttribute('data-filter'),
    )
    expect(rows).toEqual([
      'statuses',
      'priorities',
      'handlerIds',
      'createrIds',
      'sponsorId',
      'terminationCodeIds',
      'contactId',
      'categoryId',
      'created',
      'due',
      'updated',
    ])
    // Untick 待處理: nothing is asked until the agent applies.
    const pending = [...document.querySelectorAll('[data-filter=statuses] .n-checkbox')].find((e) =>
      e.textContent?.includes('待處理'),
    ) as HTMLElement
    pending.click()
    await settle()
    expect(queue.filters.statuses).toEqual([0, 1])
    ;(document.querySelector('[data-testid=filter-apply]') as HTMLElement).click()
    await until(() => expect(show.value).toBe(false))
    // The filters change on screen with their first page.
    await until(() => expect(queue.filters).toEqual({ ...FILTERS_SET, statuses: [1] }))
    expect(api.calls.filter((c) => c.channel === 'tickets:query')).toHaveLength(1)
    wrapper.unmount()
  })
})

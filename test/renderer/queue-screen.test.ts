/**
 * The queue screen as an agent meets it: the chips' punctuation, the status choices a view can
 * show, Home/End, the search box's one clear button, the header saying offline and a first sync
 * without alarm, the drawer keeping filters Esc left unapplied, the save-view form's Esc, renaming
 * a saved view, a saved view changed since it was opened (and reverted), and a contact picked in
 * the drawer named on its chip.
 */
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { SavedView, TicketRow } from '../../src/shared/domain/queue'
import { BUILTIN_VIEWS } from '../../src/shared/domain/builtin-views'
import type { SyncStatus } from '../../src/shared/contract/contract'
import { useLookupsStore } from '../../src/renderer/src/stores/lookups'
import { usePeopleStore } from '../../src/renderer/src/stores/people'
import { useQueueStore } from '../../src/renderer/src/stores/queue'
import { useSettingsStore } from '../../src/renderer/src/stores/settings'
import { useSyncStore } from '../../src/renderer/src/stores/sync'
import { useViewsStore } from '../../src/renderer/src/stores/views'
import QueueView from '../../src/renderer/src/views/queue/index.vue'
import { LOOKUPS, ONLINE, queueRow, SETTINGS } from './fixtures'
import { fakeApi, mountWithApp, settle, until, type FakeApi } from './harness'

const ROWS: TicketRow[] = [40, 41, 42, 43, 44].map((id) => queueRow(id))
afterEach(() => {
  document.body.innerHTML = ''
})

function key(k: string, target: EventTarget = document.activeElement ?? document.body): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, code: k, bubbles: true }))
}

async function mountQueue(
  options: {
    language?: 'zh-TW' | 'en'
    saved?: SavedView[]
    sync?: SyncStatus
    /** Where to start: the queue's own route, e.g. a saved view's. */
    at?: string
  } = {},
) {
  let saved = options.saved ?? []
  const api: FakeApi = fakeApi({
    'settings:get': () => ({ ...SETTINGS, language: options.language ?? 'zh-TW' }),
    'sync:status': () => options.sync ?? ONLINE,
    'lookups:get': () => LOOKUPS,
    'tickets:query': (q) => ({
      rows: ROWS.slice(q.offset, q.offset + q.limit),
      total: ROWS.length,
      offset: q.offset,
    }),
    'tickets:counts': () => ({ mine: 5, unassigned: 0, open: 5, due: 0, done: 0, all: 5 }),
    'contacts:search': () => [
      { id: 28, name: '王佩珊', membershipNo: 'M028', maskedIdentityNo: 'A1******89' },
    ],
    'employees:search': () => LOOKUPS.employees,
    'views:list': () => saved,
    'views:save': (view) => {
      saved = saved.some((v) => v.id === view.id)
        ? saved.map((v) => (v.id === view.id ? view : v))
        : [...saved, view]
      return saved
    },
    'alerts:list': () => [],
    'outbox:list': () => [],
    'outbox:summary': () => ({ waiting: 0, needsAttention: 0, ticketIds: [] }),
  })
  const mounted = await mountWithApp(QueueView, {
    api,
    language: options.language,
    pages: { saved: QueueView },
    ...(options.at ? { at: options.at } : {}),
  })
  await useSettingsStore(mounted.pinia).load()
  useSyncStore(mounted.pinia).status = options.sync ?? ONLINE
  useLookupsStore(mounted.pinia).lookups = LOOKUPS
  const queue = useQueueStore(mounted.pinia)
  if (!options.at) await queue.reload()
  await until(() => expect(mounted.wrapper.find('[data-testid=ticket-grid]').exists()).toBe(true))
  await settle()
  return { ...mounted, api, queue }
}

function selectProps(wrapper: VueWrapper, testid: string) {
  return wrapper
    .findAllComponents({ name: 'Select' })
    .find((s) => s.attributes('data-testid') === testid)
}

describe('the queue screen', () => {
  it('writes the chips with full-width punctuation in Chinese and plain in English', async () => {
    const zh = await mountQueue()
    await zh.queue.setFilters({ statuses: [1] })
    await settle()
    expect(zh.wrapper.find('[data-chip="statuses:1"]').text()).toContain('狀態：處理中')
    zh.wrapper.unmount()
    const en = await mountQueue({ language: 'en' })
    await en.queue.setFilters({ statuses: [1] })
    await settle()
    expect(en.wrapper.find('[data-chip="statuses:1"]').text()).toContain('Status: In progress')
    en.wrapper.unmount()
  })

  it('offers only the statuses a view can show in its quick status filter', async () => {
    const { wrapper, queue } = await mountQueue()
    const labels = () =>
      (selectProps(wrapper, 'quick-status')!.props('options') as { label: string }[]).map(
        (o) => o.label,
      )
    await queue.setView('open')
    await settle()
    expect(labels()).toEqual(['待處理', '處理中'])
    await queue.setView('done')
    await settle()
    expect(labels()).toEqual(['已解決', '已關閉'])
    await queue.setView('all')
    await settle()
    expect(labels()).toEqual(['待處理', '處理中', '已解決', '已關閉'])
    wrapper.unmount()
  })

  it('End goes to the last row and Home to the first', async () => {
    const { wrapper, queue } = await mountQueue()
    const grid = wrapper.find('[data-testid=ticket-grid]').element
    key('End', grid)
    await settle()
    expect(queue.selectedIndex).toBe(4)
    expect(queue.selectedId).toBe(44)
    key('Home', grid)
    await settle()
    expect(queue.selectedId).toBe(40)
    wrapper.unmount()
  })

  it('has one clear button in the search box (not the browser search field’s own as well)', async () => {
    const { wrapper } = await mountQueue()
    const input = wrapper.find('[data-testid=queue-search] input')
    expect(input.attributes('type')).not.toBe('search')
    expect(input.attributes('role')).toBe('searchbox')
    wrapper.unmount()
  })

  it('says offline in the queue’s header, and a first sync without a red "stale"', async () => {
    const tiers = {
      hot: { lastSyncAt: null, promiseSec: 300, stale: false },
      all: { lastSyncAt: null, promiseSec: 86_400, stale: false },
    }
    const first = await mountQueue({
      sync: { ...ONLINE, state: 'syncing', tiers } as SyncStatus,
    })
    const freshness = first.wrapper.find('[data-testid=queue-freshness]')
    expect(freshness.text()).toContain('未結案工單首次同步中')
    expect(freshness.find('[data-stale=true]').exists()).toBe(false)
    expect(first.wrapper.find('[data-testid=queue-offline]').exists()).toBe(false)
    first.wrapper.unmount()

    const offline = await mountQueue({
      sync: {
        ...ONLINE,
        state: 'offline',
        tiers: { ...tiers, hot: { ...tiers.hot, lastSyncAt: '2000-01-01 10:02:00' } },
      } as SyncStatus,
    })
    expect(offline.wrapper.find('[data-testid=queue-offline]').text()).toBe('離線')
    // The time the rows are from stays beside it, marked with full-width brackets.
    expect(offline.wrapper.find('[data-tier=hot]').text()).toContain('（已過時）')
    offline.wrapper.unmount()
  })

  it('Esc on the drawer keeps the filters typed there, not applied, until the agent decides', async () => {
    const { wrapper, queue } = await mountQueue()
    await wrapper.find('[data-testid=open-filters]').trigger('click')
    await until(() => expect(document.querySelector('[data-filter=statuses]')).not.toBeNull())
    const box = [...document.querySelectorAll('[data-filter=statuses] .n-checkbox')].find((e) =>
      e.textContent?.includes('處理中'),
    ) as HTMLElement
    box.click()
    await settle()
    // Esc, the mask or the cross: the drawer closes without applying.
    wrapper.findComponent({ name: 'Drawer' }).vm.$emit('update:show', false)
    await settle()
    expect(queue.filters.statuses).toBeUndefined()
    await wrapper.find('[data-testid=open-filters]').trigger('click')
    await until(() => expect(document.querySelector('[data-testid=filter-pending]')).not.toBeNull())
    ;(document.querySelector('[data-testid=filter-apply]') as HTMLElement).click()
    await until(() => expect(queue.filters.statuses).toEqual([1]))
    wrapper.unmount()
  })

  it('Esc on the save-view form’s open list closes the list only; Esc again the form', async () => {
    const { wrapper } = await mountQueue()
    await wrapper.find('[data-testid=save-view]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid=save-view-form]').exists()).toBe(true))
    const select = selectProps(wrapper, 'save-view-relative')!
    select.vm.$emit('update:show', true)
    const form = wrapper.find('[data-testid=save-view-form]').element
    key('Escape', form.querySelector('[data-testid=save-view-relative]')!)
    await settle()
    expect(wrapper.find('[data-testid=save-view-form]').exists()).toBe(true)
    select.vm.$emit('update:show', false)
    key('Escape', form.querySelector('input')!)
    await settle()
    expect(wrapper.find('[data-testid=save-view-form]').exists()).toBe(false)
    // The form's date range has a visible label.
    wrapper.unmount()
  })

  it('renames the open saved view, which keeps its place and filters', async () => {
    const saved: SavedView[] = [
      {
        id: 'a',
        name: '退款',
        view: 'open',
        filters: { search: '退款' },
        sort: { column: 'default', direction: 'asc' },
      },
      {
        id: 'b',
        name: '急件',
        view: 'open',
        filters: { priorities: [3] },
        sort: { column: 'default', direction: 'asc' },
      },
    ]
    const { wrapper, pinia } = await mountQueue({ saved, at: '/queue/saved/a' })
    await until(() => expect(wrapper.find('[data-testid=rename-view]').exists()).toBe(true))
    await wrapper.find('[data-testid=rename-view]').trigger('click')
    await until(() =>
      expect(wrapper.find('[data-testid=save-view-name] input').exists()).toBe(true),
    )
    await wrapper.find('[data-testid=save-view-name] input').setValue('退款追蹤')
    await wrapper.find('[data-testid=save-view-form]').trigger('submit')
    const views = useViewsStore(pinia)
    await until(() => expect(views.saved.map((v) => v.name)).toEqual(['退款追蹤', '急件']))
    expect(views.saved[0]!.filters).toEqual({ search: '退款' })
    expect(wrapper.find('[data-testid=queue-title]').text()).toBe('退款追蹤')
    wrapper.unmount()
  })

  it('says when the open saved view no longer shows its own filters, and reverts to them', async () => {
    const saved: SavedView[] = [
      {
        id: 'u',
        name: '待處理急件',
        view: 'all',
        filters: { statuses: [0, 1], priorities: [3] },
        sort: { column: 'default', direction: 'asc' },
      },
    ]
    const { wrapper, queue } = await mountQueue({ saved, at: '/queue/saved/u' })
    await until(() => expect(wrapper.find('[data-testid=queue-title]').text()).toBe('待處理急件'))
    expect(wrapper.find('[data-testid=view-modified]').exists()).toBe(false)

    // A chip removed: the title still names the view, and the screen says it shows something else.
    await wrapper.find('[data-chip="priorities:3"] button').trigger('click')
    await until(() =>
      expect(wrapper.find('[data-testid=view-modified]').text()).toContain(
        '已修改：與儲存的檢視不同',
      ),
    )
    // The same picks made again, in another order, are the view again.
    await queue.setFilters({ priorities: [3], statuses: [1, 0] })
    await settle()
    expect(wrapper.find('[data-testid=view-modified]').exists()).toBe(false)

    await wrapper.find('[data-testid=clear-filters]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid=view-modified]').exists()).toBe(true))
    await wrapper.find('[data-testid=revert-view]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid=view-modified]').exists()).toBe(false))
    expect(queue.filters).toEqual({ statuses: [0, 1], priorities: [3] })
    expect(wrapper.find('[data-chip="priorities:3"]').exists()).toBe(true)

    // Its order changed is a change too.
    await queue.toggleSort('subject')
    await until(() => expect(wrapper.find('[data-testid=view-modified]').exists()).toBe(true))
    wrapper.unmount()
  })

  it('a queue just saved as a view is that view, unchanged', async () => {
    const { wrapper, queue } = await mountQueue()
    await queue.setFilters({ priorities: [3] })
    await wrapper.find('[data-testid=save-view]').trigger('click')
    await until(() =>
      expect(wrapper.find('[data-testid=save-view-name] input').exists()).toBe(true),
    )
    await wrapper.find('[data-testid=save-view-name] input').setValue('急件')
    await wrapper.find('[data-testid=save-view-form]').trigger('submit')
    await until(() => expect(wrapper.find('[data-testid=queue-title]').text()).toBe('急件'))
    await settle()
    expect(queue.savedViewId).not.toBeNull()
    expect(wrapper.find('[data-testid=view-modified]').exists()).toBe(false)
    wrapper.unmount()
  })

  it("a caller picked above the tickets shows all that caller's tickets, nothing else filtering", async () => {
    const { wrapper, queue, router } = await mountQueue()
    await queue.setView('open')
    await queue.setFilters({ priorities: [3], search: '王佩珊' })
    await until(() => expect(wrapper.find('[data-testid=caller-suggestion]').exists()).toBe(true))
    await wrapper.find('[data-testid=caller-suggestion]').trigger('click')
    await until(() => expect(router.currentRoute.value.path).toBe('/queue/all'))
    expect(queue.view).toBe('all')
    expect(queue.filters).toEqual({ contactId: 28 })
    expect(queue.contactLabels[28]).toBe('王佩珊')
    wrapper.unmount()
  })

  it('names a contact chosen by search on its chip, not "#28"', async () => {
    const { wrapper, queue, pinia } = await mountQueue()
    await usePeopleStore(pinia).search('contact', '王佩珊')
    await queue.setFilters({ contactId: 28 })
    await settle()
    expect(wrapper.find('[data-chip=contactId]').text()).toContain('客戶：王佩珊')
    wrapper.unmount()
  })

  it('asks the other built-in views when idle, so a side bar click waits for no answer', async () => {
    const { api, queue, wrapper } = await mountQueue()
    const views = () =>
      api.calls
        .filter((c) => c.channel === 'tickets:query')
        .map((c) => (c.input as { view: string }).view)
    const others = () => views().filter((v) => v !== queue.view)
    // Each built-in view not shown, once, when the screen is idle.
    await until(() => expect(others()).toHaveLength(BUILTIN_VIEWS.length - 1))
    expect([...others()].sort()).toEqual(BUILTIN_VIEWS.filter((v) => v !== queue.view).sort())
    const before = views().length
    await queue.startView('due')
    await queue.setView('due')
    expect(views()).toHaveLength(before)
    expect(queue.view).toBe('due')
    wrapper.unmount()
  })

  it("asks the open quick filter's choices when idle, so the next pick there waits for no answer", async () => {
    const { api, queue, wrapper } = await mountQueue()
    await queue.setView('all')
    await settle()
    const queries = () => api.calls.filter((c) => c.channel === 'tickets:query')
    const picks = () =>
      queries()
        .map((c) => (c.input as { filters: { statuses?: number[] } }).filters.statuses)
        .filter((s) => s !== undefined)
    // The status list opens: each of its four choices, picked, is asked once.
    selectProps(wrapper, 'quick-status')!.vm.$emit('update:show', true)
    await until(() => expect(picks()).toHaveLength(4))
    expect(picks()).toEqual([[0], [1], [2], [3]])
    // The pick takes the page asked ahead: no call to the host.
    const before = queries().length
    await queue.changePicks('statuses', [], [2])
    expect(queries()).toHaveLength(before)
    expect(queue.filters).toEqual({ statuses: [2] })
    wrapper.unmount()
  })
})

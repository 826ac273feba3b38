/* eslint-disable vue/one-component-per-file -- small test components: a blank page and a clock reader */
import { switchLanguage } from '../../src/renderer/src/i18n'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import type { Settings } from '../../src/shared/contract/contract'
import { useLookupsStore } from '../../src/renderer/src/stores/lookups'
import { useQueueStore } from '../../src/renderer/src/stores/queue'
import { useServerNowStore } from '../../src/renderer/src/stores/server-now'
import { useSettingsStore } from '../../src/renderer/src/stores/settings'
import { useViewsStore } from '../../src/renderer/src/stores/views'
import SettingsView from '../../src/renderer/src/views/settings/index.vue'
import { listedDraft, LOOKUPS, outboxEntry } from './fixtures'
import type { TicketRow } from '../../src/shared/domain/queue'
import { fakeApi, mountWithApp, settle, until } from './harness'

const SIGNED_IN: Settings = {
  apiUrl: 'http://x',
  allowInsecureApi: true,
  hasToken: true,
  me: { id: 7, name: '王小明', employeeNo: 'E007' },
  syncIntervalSec: 300,
  language: 'zh-TW',
  theme: 'light',
  serverTimeZone: 'Asia/Taipei',
}

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
    await until(() => expect(queue.rowAt(0)?.subject).toBe('after'))
    // The counts are read again after their debounce (400 ms), once.
    await until(() => expect(views.counts.all).toBe(1))
    expect(api.calls.filter((c) => c.channel === 'tickets:counts')).toHaveLength(1)
    wrapper.unmount()
  })

  it('count the views again when the tickets change while a count is running (the side bar never lags the queue)', async () => {
    let all = 1
    let release: (() => void) | null = null
    const api = fakeApi({
      'tickets:counts': async () => {
        const now = all
        // The first count is slow: a sync writes more tickets meanwhile.
        if (release === null) await new Promise<void>((r) => (release = r))
        return { mine: 0, unassigned: 0, open: now, due: 0, done: 0, all: now }
      },
    })
    const { wrapper } = await mountWithApp(Empty, { api })
    const views = useViewsStore()
    const first = views.loadCounts()
    await settle()
    all = 2
    void views.loadCounts()
    release!()
    await first
    await settle()
    expect(views.counts.all).toBe(2)
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

  it("keep the server's now following the time zone after the first screen that used it is gone", async () => {
    const api = fakeApi({})
    const Uses = defineComponent({
      setup: () => {
        const clock = useServerNowStore()
        return () => h('span', clock.now)
      },
    })
    const { wrapper } = await mountWithApp(Uses, { api })
    const settings = useSettingsStore()
    settings.settings = { ...SIGNED_IN, serverTimeZone: 'Asia/Taipei' }
    await settle()
    const clock = useServerNowStore()
    const taipei = clock.now
    wrapper.unmount()
    settings.settings = { ...SIGNED_IN, serverTimeZone: 'UTC' }
    await settle()
    const hours =
      (Date.parse(taipei.replace(' ', 'T')) - Date.parse(clock.now.replace(' ', 'T'))) / 3.6e6
    expect(Math.round(hours)).toBe(8)
  })

  it('sign out resets the queue, the side bar and the lookups, and leads to the connect screen', async () => {
    const api = fakeApi({
      'connection:signOut': () => ({ ...SIGNED_IN, apiUrl: null, hasToken: false, me: null }),
      'tickets:query': (q) => ({ rows: [row(1)], total: 1, offset: q.offset }),
    })
    const { wrapper, router } = await mountWithApp(SettingsView, { api })
    const settings = useSettingsStore()
    settings.settings = SIGNED_IN
    const queue = useQueueStore()
    const views = useViewsStore()
    const lookups = useLookupsStore()
    await queue.setView('done')
    await queue.setFilters({ statuses: [2] })
    views.counts = { all: 5 }
    views.saved = [
      {
        id: 'v',
        name: 'v',
        view: 'all',
        filters: {},
        sort: { column: 'default', direction: 'asc' },
      },
    ]
    lookups.lookups = LOOKUPS
    await settle()
    ;(document.querySelector('[data-testid=settings-sign-out]') as HTMLElement).click()
    const confirm = () =>
      [...document.querySelectorAll<HTMLButtonElement>('.n-dialog button')].find((b) =>
        b.textContent?.includes('登出'),
      )
    await until(() => expect(confirm()).toBeDefined())
    confirm()?.click()
    await until(() => expect(router.currentRoute.value.name).toBe('connect'))
    expect(queue.view).toBe('mine')
    expect(queue.filters).toEqual({})
    expect(queue.total).toBeNull()
    expect(queue.rowAt(0)).toBeNull()
    expect(views.counts).toEqual({})
    expect(views.saved).toEqual([])
    expect(lookups.lookups.categories).toEqual([])
    wrapper.unmount()
  })

  it('refuses a plain sign-out while edits wait, says how many, and discards only after a second yes', async () => {
    const waitingEntry = outboxEntry({ id: 1, ticketId: 3, changes: { priority: 2 } })
    const signOuts: unknown[] = []
    const api = fakeApi({
      'outbox:list': () => [waitingEntry, { ...waitingEntry, id: 2, ticketId: 4 }],
      'connection:signOut': (input) => {
        signOuts.push(input)
        return { ...SIGNED_IN, apiUrl: null, hasToken: false, me: null }
      },
      'tickets:query': (q) => ({ rows: [row(1)], total: 1, offset: q.offset }),
    })
    const { wrapper, router } = await mountWithApp(SettingsView, { api })
    useSettingsStore().settings = SIGNED_IN
    await settle()
    ;(document.querySelector('[data-testid=settings-sign-out]') as HTMLElement).click()
    await until(() => expect(document.body.textContent).toContain('還有 2 筆修改沒到伺服器'))
    const button = (text: string) =>
      [...document.querySelectorAll<HTMLButtonElement>('.n-dialog button')].find((b) =>
        b.textContent?.includes(text),
      )
    button('捨棄並登出')?.click()
    // Not yet: a second, explicit confirmation first.
    await until(() => expect(document.body.textContent).toContain('捨棄 2 筆未送出的修改？'))
    expect(signOuts).toEqual([])
    const confirms = [...document.querySelectorAll<HTMLButtonElement>('.n-dialog button')].filter(
      (b) => b.textContent?.includes('捨棄並登出'),
    )
    confirms.at(-1)?.click()
    await until(() => expect(signOuts).toEqual([{ discardEdits: true }]))
    await until(() => expect(router.currentRoute.value.name).toBe('connect'))
    wrapper.unmount()
  })

  it('says before signing out that the drafts kept on this computer go too, in either language, and leads to them', async () => {
    const api = fakeApi({
      'drafts:list': () => [listedDraft({ key: 'ticket:3' }), listedDraft({ key: 'new' })],
    })
    const { wrapper, i18n, router } = await mountWithApp(SettingsView, { api })
    useSettingsStore().settings = SIGNED_IN
    await settle()
    ;(document.querySelector('[data-testid=settings-sign-out]') as HTMLElement).click()
    const dialog = () => document.querySelector('.n-dialog')?.textContent ?? ''
    await until(() => expect(dialog()).toContain('這台電腦上還有 2 份未儲存的草稿'))
    expect(dialog()).toContain('確定登出？')
    expect(dialog()).toContain('查看這些草稿')
    await switchLanguage(i18n.global, 'en')
    await until(() => expect(dialog()).toContain('2 unsaved drafts on this computer'))
    expect(dialog()).toContain('See these drafts')
    // Last in this file: a dialog's leave transition never ends in happy-dom, and one left open
    // would stand in front of the next test's.
    ;(document.querySelector('[data-testid=sign-out-see-drafts]') as HTMLElement).click()
    await until(() => expect(router.currentRoute.value.name).toBe('outbox'))
    expect(api.calls.some((c) => c.channel === 'connection:signOut')).toBe(false)
    wrapper.unmount()
  })
})

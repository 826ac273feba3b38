/**
 * An agent's day, as component tests: Esc in dialogs closes only the dialog (and means "stay" on the
 * unsaved-changes dialog); the detail's next / previous, national id masked again on the next
 * ticket, a deleted ticket's page; alerts in the side bar, the queue and as browser notifications
 * (once per alert, never in the desktop app, never when turned off); the queue's selection keys.
 */
import { alertWordsIn } from '../../src/shared/contract/alert-notices'
import { afterEach, describe, expect, it } from 'vitest'
import type { Alert, Settings } from '../../src/shared/contract/contract'
import type { TicketRow } from '../../src/shared/domain/queue'
import { AppError } from '../../src/shared/domain/errors'
import AppSidebar from '../../src/renderer/src/components/app-sidebar.vue'
import { useAlertsStore, type WebNotifications } from '../../src/renderer/src/stores/alerts'
import { useLookupsStore } from '../../src/renderer/src/stores/lookups'
import { useBulkStore } from '../../src/renderer/src/stores/bulk'
import { useQueueStore } from '../../src/renderer/src/stores/queue'
import { useSettingsStore } from '../../src/renderer/src/stores/settings'
import { useSyncStore } from '../../src/renderer/src/stores/sync'
import TicketForm from '../../src/renderer/src/views/ticket-form/modules/ticket-form.vue'
import QueueView from '../../src/renderer/src/views/queue/index.vue'
import TicketView from '../../src/renderer/src/views/ticket/index.vue'
import { alertOf, LOOKUPS, ONLINE, queueRow, SETTINGS, ticket } from './fixtures'
import type { VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { fakeApi, mountWithApp, settle, until, type FakeHandlers } from './harness'

const row = (id: number): TicketRow => queueRow(id, { status: 1 })
const ROWS = [40, 41, 42, 43, 44].map(row)

function handlers(extra: FakeHandlers = {}): FakeHandlers {
  return {
    'settings:get': () => SETTINGS,
    'sync:status': () => ONLINE,
    'lookups:get': () => LOOKUPS,
    'tickets:query': (q) => ({
      rows: q.filters.contactId ? [] : ROWS.slice(q.offset, q.offset + q.limit),
      total: q.filters.contactId ? 0 : ROWS.length,
      offset: q.offset,
    }),
    'tickets:counts': () => ({ mine: 5, unassigned: 0, open: 5, due: 0, done: 0, all: 5 }),
    'tickets:get': ({ id }) => ({ ticket: ticket({ id, subject: `工單 ${id}` }), syncedAt: null }),
    'alerts:list': () => [],
    'alerts:seen': () => [],
    'views:list': () => [],
    ...extra,
  }
}

// A dialog left open by a test (its wrapper unmounted) must not swallow the next test's keys.
afterEach(() => {
  document.body.innerHTML = ''
})

/**
 * Esc as naive-ui's modal receives it from its focus trap (which happy-dom does not activate):
 * its own handler, with a real key event, then the same key on the page for our shortcuts.
 */
async function escInDialog(wrapper: VueWrapper): Promise<void> {
  const modals = wrapper.findAllComponents({ name: 'Modal' })
  expect(modals.length).toBeGreaterThan(0)
  const event = new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true })
  for (const m of modals)
    (m.vm as unknown as { handleEsc: (e: KeyboardEvent) => void }).handleEsc(event)
  key('Escape')
  await until(() => expect(modals.some((m) => m.props('show'))).toBe(false))
}

function key(k: string, init: KeyboardEventInit = {}): void {
  const target = (document.activeElement as HTMLElement | null) ?? document.body
  // naive-ui's focus trap reads `code` for Escape.
  const code = k === 'Escape' ? { code: 'Escape' } : {}
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, ...code, ...init }))
}

async function ready(pinia: Pinia): Promise<void> {
  const settings = useSettingsStore(pinia)
  await settings.load()
  useSyncStore(pinia).status = ONLINE
  useLookupsStore(pinia).lookups = LOOKUPS
  await settle()
}

async function openTicket(id: number, extra: FakeHandlers = {}) {
  const api = fakeApi(handlers(extra))
  const mounted = await mountWithApp(
    { render: () => null },
    {
      api,
      pages: { ticket: TicketView },
      at: `/tickets/${id}`,
    },
  )
  await ready(mounted.pinia)
  await until(() => expect(mounted.wrapper.find('[data-testid=detail-edit]').exists()).toBe(true))
  return { api, ...mounted }
}

describe('dialogs', () => {
  it('Esc on the delete confirmation closes only the dialog: the ticket stays open', async () => {
    const { wrapper, router } = await openTicket(42)
    await wrapper.find('[data-testid=detail-delete]').trigger('click')
    await until(() => expect(document.querySelector('.n-dialog')).not.toBeNull())
    await escInDialog(wrapper)
    // The dialog is closing (happy-dom never ends its leave transition) and the ticket is open.
    expect(wrapper.findComponent({ name: 'Modal' }).props('show')).toBe(false)
    expect(router.currentRoute.value.path).toBe('/tickets/42')
    wrapper.unmount()
  })

  it('Esc on the unsaved-changes dialog means "stay", and the next navigation is asked again', async () => {
    const api = fakeApi(handlers({ 'employees:search': () => [], 'contacts:search': () => [] }))
    const { wrapper, router, pinia } = await mountWithApp(TicketForm, {
      api,
      props: { ticket: ticket() },
    })
    await ready(pinia)
    await wrapper.find('#tf-subject').setValue('改了主旨')
    const leaving = router.push('/settings')
    await until(() => expect(document.body.textContent).toContain('有尚未儲存的變更'))
    await escInDialog(wrapper)
    await leaving
    expect(router.currentRoute.value.path).toBe('/')
    // Not stuck: asking to leave again shows the dialog again.
    const dialogs = () => document.querySelectorAll('.n-dialog').length
    const before = dialogs()
    const again = router.push('/settings')
    await until(() => expect(dialogs()).toBeGreaterThan(before))
    // The newest dialog's button (the first one's leave transition never ends in happy-dom).
    const leave = [...document.querySelectorAll<HTMLButtonElement>('.n-dialog button')]
      .filter((b) => b.textContent?.includes('離開'))
      .at(-1)
    leave?.click()
    await again
    expect(router.currentRoute.value.path).toBe('/settings')
    wrapper.unmount()
  })

  it('the status memo shows our own placeholder, not naive-ui’s "Please Input"', async () => {
    const api = fakeApi(handlers({ 'employees:search': () => [], 'contacts:search': () => [] }))
    const { wrapper, pinia } = await mountWithApp(TicketForm, { api, props: { ticket: ticket() } })
    await ready(pinia)
    const memo = wrapper.find('[data-testid=tf-memo] textarea')
    expect(memo.attributes('placeholder')).toBe('補充說明這個狀態（選填）')
    expect(document.body.innerHTML).not.toContain('Please Input')
    expect(document.body.innerHTML).not.toContain('請輸入')
    wrapper.unmount()
  })
})

describe('the ticket detail', () => {
  it('j / k go to the next and previous ticket of the queue; the national id is masked again', async () => {
    const { wrapper, router, pinia } = await openTicket(42)
    const queue = useQueueStore(pinia)
    await queue.reload()
    const path = () => router.currentRoute.value.path
    const masked = () => wrapper.find('[data-testid=masked-id-value]').text()
    await until(() =>
      expect(wrapper.find('[data-testid=detail-position]').text()).toBe('佇列中第 3 / 5 張'),
    )
    await wrapper.find('[data-testid=masked-id-toggle]').trigger('click')
    expect(masked()).toBe('A123456789')
    key('j')
    await until(() => expect(path()).toBe('/tickets/43'))
    // The same contact on the next ticket: masked again.
    await until(() => expect(masked()).toBe('A123****89'))
    await until(() =>
      expect(wrapper.find('[data-testid=detail-position]').text()).toBe('佇列中第 4 / 5 張'),
    )
    await wrapper.find('[data-testid=detail-previous]').trigger('click')
    await until(() => expect(path()).toBe('/tickets/42'))
    await until(() =>
      expect(wrapper.find('[data-testid=detail-position]').text()).toBe('佇列中第 3 / 5 張'),
    )
    key('k')
    await until(() => expect(path()).toBe('/tickets/41'))
    wrapper.unmount()
  })

  it('a ticket deleted while open says so and offers only "back to the queue"', async () => {
    let gone = false
    const { wrapper, api } = await openTicket(42, {
      'tickets:get': ({ id }) => {
        if (gone) throw new AppError({ code: 'not_found', message: 'gone' })
        return { ticket: ticket({ id }), syncedAt: null }
      },
    })
    expect(wrapper.find('[data-testid=detail-edit]').exists()).toBe(true)
    gone = true
    api.emit('tickets:changed', { reason: 'sync' })
    await until(() =>
      expect(wrapper.find('[data-testid=detail-deleted]').text()).toContain('這張工單已被刪除'),
    )
    expect(wrapper.find('[data-testid=detail-edit]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=detail-delete]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=detail-deleted-back]').text()).toBe('回到佇列')
    wrapper.unmount()
  })

  it('"new ticket for this caller" opens the form with the contact filled in', async () => {
    const { wrapper, router } = await openTicket(42)
    await wrapper.find('[data-testid=contact-new-ticket]').trigger('click')
    await until(() => expect(router.currentRoute.value.name).toBe('ticket-new'))
    expect(router.currentRoute.value.query).toEqual({ contactId: '9', contactName: '林大華' })
    wrapper.unmount()
  })

  it('opening an alerted ticket marks its alert seen', async () => {
    const alert: Alert = {
      key: 'assigned:42:x',
      kind: 'assigned',
      ticketId: 42,
      subject: '工單 42',
      priority: 3,
      dueAt: null,
      raisedAt: '2026-12-01T02:00:00.000Z',
    }
    const { wrapper, api, router, pinia } = await openTicket(43, { 'alerts:list': () => [alert] })
    const alerts = useAlertsStore(pinia)
    await alerts.load()
    expect(alerts.count).toBe(1)
    await router.push('/tickets/42')
    await until(() =>
      expect(api.calls.filter((c) => c.channel === 'alerts:seen')).toEqual([
        { channel: 'alerts:seen', input: { ticketId: 42 } },
      ]),
    )
    await until(() => expect(alerts.count).toBe(0))
    wrapper.unmount()
  })
})

class FakeNotifications implements WebNotifications {
  shown: Array<{ title: string; body: string; click: () => void }> = []
  asked = 0
  constructor(private state: NotificationPermission = 'granted') {}
  permission(): NotificationPermission {
    return this.state
  }
  async requestPermission(): Promise<NotificationPermission> {
    this.asked++
    this.state = 'granted'
    return this.state
  }
  show(title: string, options: { body: string }, onClick: () => void): void {
    this.shown.push({ title, body: options.body, click: onClick })
  }
}

describe('alerts in the screens', () => {
  async function mountAlerts(settings: Partial<Settings> = {}, host: 'web' | 'desktop' = 'web') {
    const api = fakeApi(
      handlers({
        'settings:get': () => ({ ...SETTINGS, ...settings }),
        'app:info': () => ({ name: 'Agent Console', version: 't', host, platform: 'linux' }),
      }),
    )
    const mounted = await mountWithApp(AppSidebar, { api })
    await ready(mounted.pinia)
    const notes = new FakeNotifications('default')
    const opened: number[] = []
    useAlertsStore(mounted.pinia).start({
      open: (id) => opened.push(id),
      words: alertWordsIn('en'),
      notifications: notes,
    })
    await settle()
    return { ...mounted, api, notes, opened }
  }

  it('ask permission once, notify each alert once, count it in the side bar, and open on click', async () => {
    const { wrapper, api, notes, opened, pinia } = await mountAlerts()
    const alerts = useAlertsStore(pinia)
    expect(await alerts.askPermission()).toBe('granted')
    expect(await alerts.askPermission()).toBe('granted')
    expect(notes.asked).toBe(1)
    api.emit('alerts:raised', { alerts: [alertOf(5)] })
    await settle()
    expect(notes.shown.map((n) => [n.title, n.body])).toEqual([
      ['New ticket assigned to you', '#5 工單 5'],
    ])
    expect(wrapper.find('[data-testid=nav-alerts]').text()).toBe('1')
    // The same alert delivered again (a second window, a replay) is not counted or shown twice.
    api.emit('alerts:raised', { alerts: [alertOf(5)] })
    await settle()
    expect(notes.shown).toHaveLength(1)
    expect(alerts.count).toBe(1)
    notes.shown[0]!.click()
    expect(opened).toEqual([5])
    // Many at once: three notifications and one that sums up the rest.
    api.emit('alerts:raised', { alerts: [1, 2, 3, 4, 6].map((i) => alertOf(i, 'overdue')) })
    await settle()
    expect(notes.shown.map((n) => n.title).slice(1)).toEqual([
      'Your ticket is overdue',
      'Your ticket is overdue',
      'Your ticket is overdue',
      '2 more alerts',
    ])
    expect(wrapper.find('[data-testid=nav-alerts]').text()).toBe('6')
    wrapper.unmount()
  })

  it('never notify when turned off, nor in the desktop app (its shell notifies)', async () => {
    for (const [settings, host] of [
      [{ notifications: false }, 'web'],
      [{}, 'desktop'],
    ] as const) {
      const { wrapper, api, notes, pinia } = await mountAlerts(settings, host)
      notes.requestPermission()
      api.emit('alerts:raised', { alerts: [alertOf(8)] })
      await settle()
      expect(notes.shown, host).toEqual([])
      // Still counted in the side bar.
      expect(wrapper.find('[data-testid=nav-alerts]').text()).toBe('1')
      useAlertsStore(pinia).stop()
      wrapper.unmount()
    }
  })
})

describe('queue selection keys', () => {
  async function mountQueue() {
    const api = fakeApi(handlers())
    const mounted = await mountWithApp(QueueView, { api })
    await ready(mounted.pinia)
    const queue = useQueueStore(mounted.pinia)
    await queue.reload()
    const rowEl = (id: number) => mounted.wrapper.find(`[role=row][data-id="${id}"]`)
    await until(() => expect(rowEl(ROWS.at(-1)!.id).exists()).toBe(true))
    return { ...mounted, queue, rowEl, bulk: useBulkStore(mounted.pinia) }
  }

  it('x picks the selected row; Ctrl/Cmd-click toggles one; Shift-click picks a range', async () => {
    const { wrapper, bulk, rowEl, router } = await mountQueue()
    key('x')
    await settle()
    expect(bulk.pickedCount).toBe(1)
    expect(rowEl(40).attributes('data-picked')).toBe('true')
    key('j')
    key('x')
    await settle()
    expect([...bulk.picked]).toEqual([40, 41])
    key('x')
    await settle()
    expect([...bulk.picked]).toEqual([40])

    await rowEl(42).trigger('click', { ctrlKey: true })
    await rowEl(44).trigger('click', { shiftKey: true })
    await settle()
    expect([...bulk.picked].sort()).toEqual([40, 42, 43, 44])
    await rowEl(43).trigger('click', { metaKey: true })
    await settle()
    expect([...bulk.picked].sort()).toEqual([40, 42, 44])
    expect(wrapper.find('[data-testid=queue-picked-count]').text()).toBe('已選 3 張')
    // Picking never opens a ticket.
    expect(router.currentRoute.value.path).toBe('/')

    // Esc clears the selection.
    key('Escape')
    await settle()
    expect(bulk.pickedCount).toBe(0)
    wrapper.unmount()
  })

  it('Ctrl/Cmd+A or the button picks every matching ticket; taking one out leaves the rest', async () => {
    const { wrapper, queue, bulk, rowEl } = await mountQueue()
    key('a', { ctrlKey: true })
    await settle()
    expect(bulk.pickedAll).toBe(true)
    expect(bulk.pickedCount).toBe(5)
    await rowEl(41).trigger('click', { ctrlKey: true })
    await settle()
    expect(bulk.pickedCount).toBe(4)
    expect(bulk.isPicked(41)).toBe(false)
    expect(bulk.isPicked(44)).toBe(true)
    await wrapper.find('[data-testid=queue-clear-picks]').trigger('click')
    key('x')
    await settle()
    await wrapper.find('[data-testid=queue-pick-all]').trigger('click')
    await settle()
    expect(bulk.pickedCount).toBe(5)
    // A new question starts with nothing picked.
    await queue.setFilters({ search: '退款' })
    expect(bulk.pickedCount).toBe(0)
    wrapper.unmount()
  })
})

/**
 * The shell as an agent meets it: a new alert arrives as a toast saying why, and the side bar's
 * pill says what it counts and opens a list (each alert says why, opens its ticket, clears);
 * another "who am I" drops the old identity's alerts; the status bar announces state changes,
 * never its countdown; offline shows across the window as soon as the browser or a failed call
 * says so.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import type { Alert, SyncStatus } from '../../src/shared/contract/contract'
import { AppError } from '../../src/shared/domain/errors'
import AppShell from '../../src/renderer/src/components/app-shell.vue'
import { useLeftDrafts } from '../../src/renderer/src/composables/use-left-drafts'
import { switchLanguage } from '../../src/renderer/src/i18n'
import { useAlertsStore } from '../../src/renderer/src/stores/alerts'
import { useLayoutStore } from '../../src/renderer/src/stores/layout'
import { useSettingsStore } from '../../src/renderer/src/stores/settings'
import { useSyncStore } from '../../src/renderer/src/stores/sync'
import { alertOf, listedDraft, ONLINE, SETTINGS } from './fixtures'
import { fakeApi, mountWithApp, settle, until, type FakeHandlers } from './harness'

afterEach(() => {
  document.body.innerHTML = ''
  vi.useRealTimers()
})

/** Due at a fixed time unless newly assigned: the list shows it. */
const alertAt = (ticketId: number, kind: Alert['kind'] = 'assigned'): Alert =>
  alertOf(ticketId, kind, kind === 'assigned' ? null : '2026-12-01 10:00:00')

async function mountShell(extra: FakeHandlers = {}, status: SyncStatus = ONLINE) {
  let active: Alert[] = []
  let settings = { ...SETTINGS }
  const api = fakeApi({
    'settings:get': () => settings,
    'settings:update': (patch) => (settings = { ...settings, ...patch }),
    'app:info': () => ({ name: 'Agent Console', version: 't', host: 'web', platform: 'linux' }),
    'sync:status': () => status,
    'sync:now': () => ({ started: true }),
    'tickets:counts': () => ({ mine: 5, unassigned: 2, open: 5, due: 0, done: 0, all: 5 }),
    'tickets:query': (q) => ({ rows: [], total: 0, offset: q.offset }),
    'lookups:get': () => {
      throw new Error('not needed')
    },
    'views:list': () => [],
    'outbox:list': () => [],
    'alerts:list': () => active,
    'alerts:seen': ({ ticketId }) => (active = active.filter((a) => a.ticketId !== ticketId)),
    ...extra,
  })
  const mounted = await mountWithApp(AppShell, { api })
  await useSettingsStore(mounted.pinia).load()
  await useSyncStore(mounted.pinia).start()
  // Ready: the status bar is up and the alerts have been asked for.
  await until(() => {
    expect(mounted.wrapper.find('[data-testid=status-bar]').exists()).toBe(true)
    expect(api.calls.some((c) => c.channel === 'alerts:list')).toBe(true)
  })
  await settle()
  const raise = async (alerts: Alert[]): Promise<void> => {
    active = [...alerts, ...active]
    api.emit('alerts:raised', { alerts })
    const store = useAlertsStore(mounted.pinia)
    await until(() => expect(store.count).toBe(new Set(active.map((a) => a.ticketId)).size))
    await settle()
  }
  return { ...mounted, api, raise, setActive: (a: Alert[]) => (active = a) }
}

describe('alerts in the shell', () => {
  it('a new assignment shows a toast saying why, and its button opens the ticket', async () => {
    const { router, raise } = await mountShell()
    await raise([alertAt(5)])
    await until(() => expect(document.body.textContent).toContain('新指派給你的工單'))
    expect(document.body.textContent).toContain('#5 工單 5')
    const open = document.querySelector<HTMLElement>('[data-testid=alert-toast-open]')
    expect(open?.textContent).toContain('開啟工單')
    open!.click()
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/tickets/5'))
  })

  it('a toast showing when the agent switches language speaks the new one', async () => {
    const { raise, i18n } = await mountShell()
    await raise([alertAt(8)])
    await until(() => expect(document.body.textContent).toContain('新指派給你的工單'))
    await switchLanguage(i18n.global, 'en')
    await until(() => expect(document.body.textContent).toContain('New ticket assigned to you'))
    expect(document.body.textContent).not.toContain('新指派給你的工單')
    expect(document.querySelector('[data-testid=alert-toast-open]')?.textContent).toContain(
      'Open ticket',
    )
  })

  it('the pill says what it counts and opens a list: each alert says why, opens, and clears', async () => {
    const { wrapper, router, raise, api } = await mountShell()
    await raise([alertAt(5), alertAt(6, 'overdue'), alertAt(7, 'due_soon')])
    const pill = wrapper.find('[data-testid=nav-alerts]')
    expect(pill.text()).toBe('3')
    expect(pill.attributes('aria-label')).toBe('3 則未讀提醒：新指派 1、即將到期 1、已逾期 1')
    await pill.trigger('click')
    await until(() => expect(document.querySelectorAll('[data-testid=alert-item]')).toHaveLength(3))
    const items = [...document.querySelectorAll<HTMLElement>('[data-testid=alert-item]')]
    const parts = (li: HTMLElement): string[] =>
      [...li.querySelectorAll('.open > span')].map((e) => e.textContent!.trim())
    // Newest first, each saying why.
    expect(items.map(parts)).toEqual([
      ['你的工單 30 分鐘內到期', '#7 工單 7', '到期 2026-12-01 10:00'],
      ['你的工單已逾期', '#6 工單 6', '到期 2026-12-01 10:00'],
      ['新指派給你的工單', '#5 工單 5'],
    ])
    // Clear one.
    items[2]!.querySelector<HTMLElement>('[data-testid=alert-clear]')!.click()
    await until(() => expect(useAlertsStore().count).toBe(2))
    expect(api.calls).toContainEqual({ channel: 'alerts:seen', input: { ticketId: 5 } })
    // Open one.
    document.querySelector<HTMLElement>('[data-testid=alert-item] .open')!.click()
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/tickets/7'))
  })

  it('"clear all" empties the list and the pill goes', async () => {
    const { wrapper, raise } = await mountShell()
    await raise([alertAt(5), alertAt(6, 'overdue')])
    await wrapper.find('[data-testid=nav-alerts]').trigger('click')
    await until(() =>
      expect(document.querySelector('[data-testid=alert-clear-all]')).not.toBeNull(),
    )
    document.querySelector<HTMLElement>('[data-testid=alert-clear-all]')!.click()
    await until(() => expect(useAlertsStore().count).toBe(0))
    expect(wrapper.find('[data-testid=nav-alerts]').exists()).toBe(false)
  })

  it('another "who am I" drops the old identity\'s alerts at once and asks the core again', async () => {
    const { raise, pinia, setActive, api } = await mountShell()
    await raise([alertAt(5), alertAt(6, 'overdue')])
    const alerts = useAlertsStore(pinia)
    expect(alerts.count).toBe(2)
    // The core starts a new book for the new identity.
    setActive([])
    const before = api.calls.filter((c) => c.channel === 'alerts:list').length
    await useSettingsStore(pinia).update({ me: { id: 8, name: '李大華', employeeNo: 'E008' } })
    await until(() => expect(alerts.count).toBe(0))
    await until(() =>
      expect(api.calls.filter((c) => c.channel === 'alerts:list').length).toBe(before + 1),
    )
  })

  it('asks the core for the alerts once at start-up', async () => {
    const { api } = await mountShell()
    expect(api.calls.filter((c) => c.channel === 'alerts:list')).toHaveLength(1)
  })

  it('the collapsed side bar names the unassigned view as a word, not 未派', async () => {
    setWindowWidth(1024)
    const { wrapper, pinia } = await mountShell()
    expect(useLayoutStore(pinia).sidebarCollapsed).toBe(true)
    expect(wrapper.find('[data-testid=nav-view-unassigned]').text()).toContain('未指派')
  })
})

/** The window's width as the app reads it, with the resize event a real window sends. */
function setWindowWidth(width: number): void {
  Object.defineProperty(window, 'innerWidth', { value: width, configurable: true })
  window.dispatchEvent(new Event('resize'))
}

describe('the side bar in a narrow window', () => {
  afterEach(() => {
    window.localStorage.clear()
    setWindowWidth(1024)
  })

  const shellClasses = (wrapper: Awaited<ReturnType<typeof mountShell>>['wrapper']) =>
    wrapper.find('.shell').classes()

  it('opens over the screen when expanded by hand, and folds at a pick, Esc or a click elsewhere', async () => {
    setWindowWidth(1024)
    const { wrapper, router } = await mountShell()
    const toggle = wrapper.find('[data-testid=sidebar-toggle]')
    expect(shellClasses(wrapper)).toContain('side-collapsed')

    await toggle.trigger('click')
    await settle()
    // Over the screen: the main area keeps the rail's width beside it.
    expect(shellClasses(wrapper)).toContain('side-overlay')
    expect(shellClasses(wrapper)).not.toContain('side-collapsed')
    expect(wrapper.find('[data-testid=sidebar]').attributes('data-collapsed')).toBe('false')
    // A pick (any new address) folds it.
    await router.push('/?picked=1')
    await settle()
    expect(shellClasses(wrapper)).toContain('side-collapsed')

    await toggle.trigger('click')
    await settle()
    await wrapper.find('[data-testid=sidebar]').trigger('keydown', { key: 'Escape' })
    await settle()
    expect(shellClasses(wrapper)).toContain('side-collapsed')

    await toggle.trigger('click')
    await settle()
    await wrapper.find('#main').trigger('pointerdown')
    await settle()
    expect(shellClasses(wrapper)).toContain('side-collapsed')
    // Never kept: a narrow window's peek is not the agent's choice for wide ones.
    expect(window.localStorage.getItem('agent-console.sidebar-collapsed')).toBeNull()
  })

  it("keeps a wide window's choice for wide windows only", async () => {
    setWindowWidth(1440)
    const { wrapper } = await mountShell()
    expect(shellClasses(wrapper)).not.toContain('side-collapsed')
    await wrapper.find('[data-testid=sidebar-toggle]').trigger('click')
    await wrapper.find('[data-testid=sidebar-toggle]').trigger('click')
    await settle()
    // Expanded by choice at 1440; the window narrowed, it folds to the rail all the same.
    expect(window.localStorage.getItem('agent-console.sidebar-collapsed')).toBe('false')
    setWindowWidth(1024)
    await settle()
    expect(shellClasses(wrapper)).toContain('side-collapsed')
    expect(shellClasses(wrapper)).not.toContain('side-overlay')
  })
})

describe('the status bar and offline', () => {
  it('announces a change of state, never the countdown', async () => {
    const { wrapper, api } = await mountShell()
    const bar = wrapper.find('[data-testid=status-bar]')
    // The bar itself is not a live region: only the small one inside it is.
    expect(bar.attributes('role')).toBeUndefined()
    expect(bar.attributes('aria-live')).toBeUndefined()
    const live = wrapper.find('[data-testid=status-live]')
    expect(live.attributes('role')).toBe('status')
    expect(wrapper.findAll('[aria-live], [role=status]')).toHaveLength(1)
    api.emit('sync:status', {
      ...ONLINE,
      state: 'offline',
      error: { code: 'offline', message: 'x' },
      retryAt: new Date(Date.now() + 30_000).toISOString(),
    })
    await settle()
    expect(live.text()).toBe('離線：顯示本機快取資料 · 無法連線到伺服器')
    const countdown = wrapper.find('[data-testid=sync-next-try]').text()
    await until(() =>
      expect(wrapper.find('[data-testid=sync-next-try]').text()).not.toBe(countdown),
    )
    expect(live.text()).toBe('離線：顯示本機快取資料 · 無法連線到伺服器')
  })

  it('shows offline across the window as soon as the browser says so, and asks the core to check', async () => {
    const { wrapper, api } = await mountShell()
    expect(wrapper.find('[data-testid=offline-banner]').exists()).toBe(false)
    window.dispatchEvent(new Event('offline'))
    await settle()
    expect(wrapper.find('[data-testid=offline-banner]').text()).toContain('離線中')
    expect(wrapper.find('[data-testid=sync-state]').attributes('data-state')).toBe('offline')
    expect(api.calls.filter((c) => c.channel === 'sync:now')).toHaveLength(1)
    window.dispatchEvent(new Event('online'))
    await settle()
    expect(wrapper.find('[data-testid=offline-banner]').exists()).toBe(false)
    expect(api.calls.filter((c) => c.channel === 'sync:now')).toHaveLength(2)
  })

  it('shows offline when a call fails for want of a connection, until the core reports online', async () => {
    const { wrapper, api } = await mountShell({
      'tickets:refresh': () => {
        throw new AppError({ code: 'offline', message: 'ECONNREFUSED' })
      },
      'tickets:get': () => {
        throw new AppError({ code: 'not_found', message: 'gone' })
      },
    })
    // Another error is not a sign of being offline.
    await api.client.call('tickets:get', { id: 5 }).catch(() => undefined)
    await settle()
    expect(wrapper.find('[data-testid=offline-banner]').exists()).toBe(false)
    await api.client.call('tickets:refresh', { id: 5 }).catch(() => undefined)
    await settle()
    expect(wrapper.find('[data-testid=offline-banner]').exists()).toBe(true)
    expect(api.calls.filter((c) => c.channel === 'sync:now')).toHaveLength(1)
    api.emit('sync:status', { ...ONLINE, lastSyncAt: new Date().toISOString() })
    await settle()
    expect(wrapper.find('[data-testid=offline-banner]').exists()).toBe(false)
  })
})

describe('what loads on first use', () => {
  it('Ctrl+K opens the command palette, whose code arrives with that first use', async () => {
    await mountShell()
    expect(document.querySelector('[data-testid=palette-input]')).toBeNull()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true }))
    await until(() => expect(document.querySelector('[data-testid=palette-input]')).not.toBeNull())
  })

  it('keeps what the agent types right after Ctrl+K while the palette is still arriving', async () => {
    await mountShell()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true }))
    for (const key of 'dark')
      window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
    await until(() =>
      expect(
        document.querySelector<HTMLInputElement>('[data-testid=palette-input] input')?.value ??
          document.querySelector<HTMLInputElement>('input[data-testid=palette-input]')?.value,
      ).toBe('dark'),
    )
  })

  it('? opens the list of shortcuts, whose code arrives with that first use', async () => {
    await mountShell()
    expect(document.body.textContent).not.toContain('鍵盤快捷鍵')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '?' }))
    await until(() => expect(document.body.textContent).toContain('鍵盤快捷鍵'))
  })
})

describe('drafts left by the last session', () => {
  const left = [listedDraft({ key: 'ticket:6' }), listedDraft({ key: 'new', baseValues: null })]

  it('are said once the first screen is up, in either language, with the way to them', async () => {
    const { api, router, i18n } = await mountShell({ 'drafts:list': () => left })
    await until(() =>
      expect(document.querySelector('[data-testid=left-drafts]')?.textContent).toContain(
        '這台電腦上有 2 份上次沒儲存的草稿',
      ),
    )
    await switchLanguage(i18n.global, 'en')
    await until(() =>
      expect(document.querySelector('[data-testid=left-drafts]')?.textContent).toContain(
        '2 drafts were left unsaved on this computer',
      ),
    )
    expect(api.calls.filter((c) => c.channel === 'drafts:list')).toHaveLength(1)
    document.querySelector<HTMLElement>('[data-testid=left-drafts-open]')!.click()
    await until(() => expect(router.currentRoute.value.name).toBe('outbox'))
    await until(() => expect(document.querySelector('[data-testid=left-drafts]')).toBeNull())
  })

  it('go from the corner as soon as a form opens: there they would cover its Save', async () => {
    const { router } = await mountShell({ 'drafts:list': () => left })
    await until(() => expect(document.querySelector('[data-testid=left-drafts]')).not.toBeNull())
    await router.push('/tickets/7/edit')
    await until(() => expect(document.querySelector('[data-testid=left-drafts]')).toBeNull())
  })

  it('say nothing when none was left', async () => {
    const { api } = await mountShell({ 'drafts:list': () => [] })
    await until(() => expect(api.calls.some((c) => c.channel === 'drafts:list')).toBe(true))
    await settle()
    expect(document.querySelector('[data-testid=left-drafts]')).toBeNull()
  })

  it('leave out a draft a form in another tab of the app is typing into', async () => {
    const otherTab = new BroadcastChannel('agent-console-open-forms')
    otherTab.onmessage = () => otherTab.postMessage({ kind: 'open', keys: ['ticket:6'] })
    try {
      await mountShell({ 'drafts:list': () => left })
      await until(() =>
        expect(document.querySelector('[data-testid=left-drafts]')?.textContent).toContain(
          '這台電腦上有 1 份上次沒儲存的草稿',
        ),
      )
    } finally {
      otherTab.close()
    }
  })

  it('leave out the draft of the form the app opened on: that form offers it', async () => {
    const api = fakeApi({ 'drafts:list': () => left })
    let check: () => Promise<void> = async () => undefined
    const Probe = defineComponent({
      setup() {
        check = useLeftDrafts().check
        return () => null
      },
    })
    const { router } = await mountWithApp(Probe, { api })
    await router.push('/tickets/6/edit')
    await check()
    await until(() =>
      expect(document.querySelector('[data-testid=left-drafts]')?.textContent).toContain(
        '這台電腦上有 1 份上次沒儲存的草稿',
      ),
    )
  })
})

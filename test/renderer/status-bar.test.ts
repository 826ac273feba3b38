/**
 * The status bar's messages: the status arrives as plain data (an event's JSON), and each failure
 * reads as its own reason with the next try in server time; a wait inside a sync says so; "back
 * online" shows once the server answers again; the cache's freshness is in server time.
 */
import { describe, expect, it } from 'vitest'
import type { SyncStatus } from '../../src/shared/contract/contract'
import AppStatusBar from '../../src/renderer/src/components/app-status-bar.vue'
import { useSettingsStore } from '../../src/renderer/src/stores/settings'
import { useSyncStore } from '../../src/renderer/src/stores/sync'
import { SETTINGS } from './fixtures'
import { fakeApi, mountWithApp, settle } from './harness'

const ONLINE: SyncStatus = {
  state: 'online',
  lastSyncAt: '2026-12-01T02:42:10.000Z',
  progress: null,
  error: null,
  // The tiers' times are server time as the core writes them.
  tiers: {
    mine: null,
    hot: { lastSyncAt: '2026-12-01 10:40:00', stale: false, promiseSec: 300 },
    all: { lastSyncAt: '2026-12-01 10:42:10', stale: false, promiseSec: 86_400 },
  },
}

async function mountBar(language: 'zh-TW' | 'en' = 'zh-TW', me = SETTINGS.me) {
  const api = fakeApi({
    'sync:status': () => ONLINE,
    'sync:now': () => ({ started: true }),
    'settings:get': () => ({ ...SETTINGS, me }),
  })
  const mounted = await mountWithApp(AppStatusBar, { api, language })
  await useSettingsStore(mounted.pinia).load()
  await useSyncStore().start()
  await settle()
  const text = (id: string): string =>
    mounted.wrapper.find(`[data-testid=${id}]`).exists()
      ? mounted.wrapper.find(`[data-testid=${id}]`).text()
      : ''
  const tierText = (tier: string): string =>
    mounted.wrapper.find(`[data-testid=freshness-tier][data-tier=${tier}]`).text()
  const push = async (s: Partial<SyncStatus>): Promise<void> => {
    api.emit('sync:status', { ...ONLINE, ...s })
    await settle()
  }
  return { ...mounted, api, text, tierText, push }
}

const inSeconds = (s: number): string => new Date(Date.now() + s * 1000).toISOString()

describe('the status bar', () => {
  it('says who I am by name, else by employee number, never by a bare record number', async () => {
    expect((await mountBar('zh-TW')).text('status-me')).toBe('目前身分：王小明')
    const numbered = await mountBar('en', { id: 15, name: null, employeeNo: 'E015' })
    expect(numbered.text('status-me')).toBe('Signed in as E015')
    const bare = await mountBar('zh-TW', { id: 15, name: null, employeeNo: null })
    expect(bare.text('status-me')).toBe('目前身分：#15')
  })

  it('says why each failure happened, not "unexpected error", with the next try in server time', async () => {
    const { wrapper, text, tierText, push, api } = await mountBar()
    // The server's own wall-clock time, never shifted to the PC's zone.
    expect(tierText('all')).toMatch(/^全部工單 (12-01 )?10:42 更新/)

    await push({ state: 'error', error: { code: 'unauthorized', message: 'x', status: 401 } })
    expect(text('sync-reason')).toBe('伺服器拒絕了權杖：請重新連線')
    expect(wrapper.find('[data-testid=sync-connect-again]').exists()).toBe(true)
    expect(text('sync-next-try')).toBe('')

    const retryAt = inSeconds(30)
    await push({
      state: 'error',
      error: { code: 'rate_limited', message: 'x', status: 429, retryAfterMs: 24_000 },
      retryAt,
    })
    expect(text('sync-reason')).toBe('伺服器要求我們等候 24 秒')
    expect(text('sync-next-try')).toMatch(/^下次重試 \d{4}-\d\d-\d\d \d\d:\d\d（(29|30) 秒後）$/)

    await push({
      state: 'error',
      error: { code: 'server_error', message: 'x', status: 500 },
      retryAt: '2026-12-01T02:42:00.000Z',
    })
    expect(text('sync-reason')).toBe('伺服器發生錯誤（500）')

    await push({ state: 'offline', error: { code: 'offline', message: 'x' }, retryAt })
    expect(text('sync-reason')).toBe('無法連線到伺服器')
    expect(wrapper.text()).not.toContain('未預期')

    // Retry now asks for a sync at once.
    await wrapper.find('[data-testid=sync-retry]').trigger('click')
    expect(api.calls.some((c) => c.channel === 'sync:now')).toBe(true)

    // The server answers again (after a sync in between): "back online", the reason gone.
    await push({ state: 'syncing', progress: { phase: 'lookups', done: 1, total: 5 } })
    await push({ state: 'online', error: null, retryAt: null })
    expect(text('sync-state')).toBe('已恢復連線')
    expect(text('sync-reason')).toBe('')
    wrapper.unmount()
  })

  it('shows a wait inside a running sync as the server’s wait, with a countdown', async () => {
    const { wrapper, text, tierText, push } = await mountBar('en')
    await push({
      state: 'syncing',
      progress: { phase: 'lookups', done: 0, total: 5 },
      waiting: { code: 'rate_limited', status: 429, until: inSeconds(24) },
    })
    expect(text('sync-waiting')).toMatch(/^The server asked us to wait: continuing in (23|24) s$/)
    await push({
      state: 'error',
      error: { code: 'server_error', message: 'x', status: 503 },
      retryAt: inSeconds(60),
    })
    expect(text('sync-reason')).toBe('The server failed (503)')
    expect(text('sync-next-try')).toMatch(
      /^next try at \d{4}-\d\d-\d\d \d\d:\d\d \(in (59|60) s\)$/,
    )
    expect(tierText('all')).toMatch(/^all tickets as of (12-01 )?10:42/)
    wrapper.unmount()
  })
})

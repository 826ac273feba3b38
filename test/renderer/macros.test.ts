/**
 * Macros as the agent meets them: the editor in Settings (only the details of the chosen status
 * offered; a detail of another status, a name or a change missing is said beside its field, in
 * both languages, and nothing is saved), and a macro applied to the ticket form (from the
 * detail's address, the menu or `m`): the form filled for review, nothing saved until Save.
 */
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { useLookupsStore } from '../../src/renderer/src/stores/lookups'
import { useSettingsStore } from '../../src/renderer/src/stores/settings'
import { useSyncStore } from '../../src/renderer/src/stores/sync'
import TicketFormView from '../../src/renderer/src/views/ticket-form/index.vue'
import MacrosSection from '../../src/renderer/src/views/settings/macros-section.vue'
import type { Macro } from '../../src/shared/domain/macros'
import { LOOKUPS, ONLINE, SETTINGS, ticket } from './fixtures'
import { fakeApi, mountWithApp, settle, until, type FakeApi, type FakeHandlers } from './harness'

afterEach(() => {
  document.body.innerHTML = ''
})

const CLOSE: Macro = {
  id: 1,
  name: '結案：已退款',
  changes: {
    status: 2,
    termination_code_id: 103,
    priority: 0,
    handler_id: 'me',
    append_content: '已於 {{today}} 由 {{me}} 回覆 {{caller}}（#{{ticket_id}}）',
    append_status_memo: '已退款',
  },
  position: 0,
}

function selectOf(wrapper: VueWrapper, testid: string) {
  const select = wrapper
    .findAllComponents({ name: 'Select' })
    .find((s) => s.attributes('data-testid') === testid)
  expect(select, testid).toBeDefined()
  return select!
}
async function choose(wrapper: VueWrapper, testid: string, value: unknown): Promise<void> {
  selectOf(wrapper, testid).vm.$emit('update:value', value)
  await settle()
}
const button = (text: string): HTMLButtonElement =>
  [...document.querySelectorAll('button')].find(
    (b) => b.textContent?.trim() === text,
  ) as HTMLButtonElement
const text = (): string => document.body.textContent ?? ''
/** A key pressed with the focus on the page, as the browser sends it (through window's capture). */
const press = (key: string): boolean =>
  document.body.dispatchEvent(
    new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }),
  )

describe('the macro editor in Settings', () => {
  async function openSettings(language: 'zh-TW' | 'en', list: Macro[] = []) {
    const api = fakeApi({
      'macros:list': () => list,
      'macros:save': ({ macro }) =>
        ({ id: 9, name: macro.name, changes: macro.changes, position: 9 }) as Macro,
      'employees:search': () => LOOKUPS.employees,
    })
    const mounted = await mountWithApp(MacrosSection, { api, language })
    useLookupsStore(mounted.pinia).lookups = LOOKUPS
    await settle()
    return { api, ...mounted }
  }
  const saves = (api: FakeApi) => api.calls.filter((c) => c.channel === 'macros:save')

  it('offers only the status details of the chosen status and saves exactly the fields set', async () => {
    const { api, wrapper } = await openSettings('zh-TW')
    button('新增巨集').click()
    await settle()
    button('儲存').click()
    await settle()
    expect(text()).toContain('請輸入名稱')
    expect(text()).toContain('巨集至少要變更一個欄位')
    expect(saves(api)).toEqual([])

    await wrapper.find('[data-testid=macro-name] input').setValue('轉二線')
    await choose(wrapper, 'macro-status', 1)
    expect(selectOf(wrapper, 'macro-detail').props('options')).toEqual([
      { value: 101, label: '已轉二線' },
      { value: 102, label: '處理中待料' },
    ])
    await choose(wrapper, 'macro-detail', 101)
    await choose(wrapper, 'macro-priority', 3)
    await wrapper.find('[data-testid=macro-append-memo] textarea').setValue('轉 {{me}}')
    // Another status drops the detail: it belonged to the first one.
    await choose(wrapper, 'macro-status', 2)
    expect(selectOf(wrapper, 'macro-detail').props('value')).toBeNull()
    await choose(wrapper, 'macro-detail', 103)
    button('儲存').click()
    await until(() => expect(saves(api)).toHaveLength(1))
    expect(saves(api)[0]?.input).toEqual({
      macro: {
        name: '轉二線',
        changes: {
          status: 2,
          termination_code_id: 103,
          priority: 3,
          append_status_memo: '轉 {{me}}',
        },
      },
    })
  })

  it('says, in English too, which field no longer fits the lookups, and saves nothing', async () => {
    const stale: Macro = {
      id: 4,
      name: 'Stale',
      changes: { status: 0, termination_code_id: 103, category_id: 2, sub_category_id: 11 },
      position: 0,
    }
    const { api } = await openSettings('en', [stale])
    expect(text()).toContain('Status: Pending')
    button('Edit').click()
    await settle()
    button('Save').click()
    await settle()
    expect(text()).toContain('This status detail belongs to another status')
    expect(text()).toContain('This sub-category belongs to another category')
    expect(saves(api)).toEqual([])
  })

  it('asks for the person when the handler is "someone", in Chinese', async () => {
    const { api, wrapper } = await openSettings('zh-TW')
    button('新增巨集').click()
    await settle()
    await wrapper.find('[data-testid=macro-name] input').setValue('交給別人')
    const someone = [...document.querySelectorAll('[data-testid=macro-handler] input')].find(
      (i) => (i as HTMLInputElement).value === 'person',
    ) as HTMLInputElement
    someone.click()
    await settle()
    button('儲存').click()
    await settle()
    expect(text()).toContain('請選擇處理人')
    expect(saves(api)).toEqual([])
  })
})

describe('a macro applied to the ticket form', () => {
  function handlers(extra: FakeHandlers = {}): FakeHandlers {
    return {
      'settings:get': () => SETTINGS,
      'sync:status': () => ONLINE,
      'lookups:get': () => LOOKUPS,
      'employees:search': () => LOOKUPS.employees,
      'contacts:search': () => [],
      'tickets:get': ({ id }) => ({ ticket: ticket({ id }), syncedAt: null }),
      'tickets:query': () => ({ rows: [], total: 0, offset: 0 }),
      'alerts:list': () => [],
      'drafts:get': () => null,
      'drafts:save': (input) => ({ ...input, updatedAt: '2030-01-01T00:00:00.000Z' }),
      'drafts:clear': ({ key }) => ({ key }),
      'outbox:summary': () => ({ waiting: 0, needsAttention: 0, ticketIds: [] }),
      'outbox:list': () => [],
      'macros:list': () => [CLOSE],
      'tickets:update': ({ id }) => ({
        state: 'applied',
        outboxId: 1,
        ticket: ticket({ id }),
      }),
      ...extra,
    }
  }
  async function open(at: string, extra: FakeHandlers = {}) {
    const api = fakeApi(handlers(extra))
    const mounted = await mountWithApp(
      { render: () => null },
      { api, pages: { 'ticket-edit': TicketFormView }, at },
    )
    await useSettingsStore(mounted.pinia).load()
    useSyncStore(mounted.pinia).status = ONLINE
    useLookupsStore(mounted.pinia).lookups = LOOKUPS
    await until(() => expect(document.querySelector('#tf-content')).not.toBeNull())
    return { api, ...mounted }
  }
  const content = () => (document.querySelector('#tf-content') as HTMLTextAreaElement).value
  const memo = () => (document.querySelector('#tf-memo') as HTMLTextAreaElement).value
  const today = () => new Date().toISOString().slice(0, 10)

  it('fills the form from ?macro= for review, and saves exactly those changes only on Save', async () => {
    const { api, router } = await open('/tickets/42/edit?macro=1')
    await until(() => expect(content()).toContain('已於'))
    const filled = `客戶要求退款\n第二行\n已於 ${today()} 由 王小明 回覆 林大華（#42）`
    // The server's date: the test's clock and the fixture's time zone may differ by a day.
    expect(content().replace(/\d{4}-\d{2}-\d{2}/, today())).toBe(filled)
    expect(memo()).toBe('已退款')
    expect(text()).toContain('已套用巨集「結案：已退款」')
    expect(router.currentRoute.value.query).toEqual({})
    expect(api.calls.some((c) => c.channel === 'tickets:update')).toBe(false)

    button('儲存').click()
    await until(() => expect(api.calls.some((c) => c.channel === 'tickets:update')).toBe(true))
    const sent = api.calls.find((c) => c.channel === 'tickets:update')?.input as {
      changes: Record<string, unknown>
    }
    expect(Object.keys(sent.changes).sort()).toEqual(
      ['content', 'priority', 'status', 'status_memo', 'termination_code_id'].sort(),
    )
    expect(sent.changes).toMatchObject({
      status: 2,
      termination_code_id: 103,
      priority: 0,
      status_memo: '已退款',
    })
  })

  it('refuses a macro that assigns to "me" before the agent says who they are, at the top, not over Save', async () => {
    const { wrapper } = await open('/tickets/42/edit?macro=1', {
      'settings:get': () => ({ ...SETTINGS, me: null }),
    })
    await until(() => expect(text()).toContain('請先'))
    expect(document.querySelector('.n-message')?.textContent).toContain('請先')
    expect(document.querySelector('.n-notification')).toBeNull()
    expect(content()).not.toContain('已於')
    wrapper.unmount()
  })

  it('opens the menu with m and applies the chosen macro; Esc closes only the menu', async () => {
    const { router } = await open('/tickets/42/edit')
    await until(() => expect(content()).toBe('客戶要求退款\n第二行'))
    press('m')
    await until(() => expect(text()).toContain('結案：已退款'))
    const expanded = () =>
      document.querySelector('[data-testid=macro-menu]')?.getAttribute('aria-expanded')
    press('Escape')
    await until(() => expect(expanded()).toBe('false'))
    expect(router.currentRoute.value.name).toBe('ticket-edit')
    press('m')
    await until(() => expect(expanded()).toBe('true'))
    // Keyboard only: ↓ to the first macro, Enter applies it.
    press('ArrowDown')
    await until(() =>
      expect(document.querySelector('.n-dropdown-option-body--pending')).not.toBeNull(),
    )
    press('Enter')
    await until(() => expect(memo()).toBe('已退款'))
    expect(content()).toMatch(/\n已於 .* 由 王小明 回覆 林大華（#42）$/)
  })
})

/**
 * The ticket's screens as an agent meets them: "new ticket" from an edit form starts empty, a
 * ticket saved (online or offline) opens, the person pickers take what was searched for, the
 * detail moves with ↑/↓ as its buttons say and marks a delete that waits.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { ContactSummary } from '../../src/shared/contract/contract'
import type { TicketHistoryResult } from '../../src/shared/contract/hub-contract'
import PersonSelect from '../../src/renderer/src/components/person-select.vue'
import { useLookupsStore } from '../../src/renderer/src/stores/lookups'
import { useQueueStore } from '../../src/renderer/src/stores/queue'
import { useSettingsStore } from '../../src/renderer/src/stores/settings'
import { useSyncStore } from '../../src/renderer/src/stores/sync'
import TicketFormView from '../../src/renderer/src/views/ticket-form/index.vue'
import TicketView from '../../src/renderer/src/views/ticket/index.vue'
import { LOOKUPS, ONLINE, queueRow, SETTINGS, ticket } from './fixtures'
import { fakeApi, mountWithApp, settle, until, type FakeHandlers } from './harness'

afterEach(() => {
  document.body.innerHTML = ''
})

const ROWS = [40, 41, 42, 43, 44].map((id) => queueRow(id, { status: 1 }))

function handlers(extra: FakeHandlers = {}): FakeHandlers {
  return {
    'settings:get': () => SETTINGS,
    'sync:status': () => ONLINE,
    'lookups:get': () => LOOKUPS,
    'employees:search': ({ search }) =>
      LOOKUPS.employees.filter((e) => !search || (e.name ?? '').includes(search)),
    'contacts:search': () => [],
    'tickets:get': ({ id }) => ({ ticket: ticket({ id }), syncedAt: null }),
    'tickets:query': (q) => ({
      rows: ROWS.slice(q.offset, q.offset + q.limit),
      total: ROWS.length,
      offset: q.offset,
    }),
    'tickets:counts': () => ({ mine: 5, unassigned: 0, open: 5, due: 0, done: 0, all: 5 }),
    'alerts:list': () => [],
    'alerts:seen': () => [],
    'views:list': () => [],
    'drafts:get': () => null,
    'drafts:save': (input) => ({ ...input, updatedAt: '2030-01-01T00:00:00.000Z' }),
    'drafts:clear': ({ key }) => ({ key }),
    'outbox:summary': () => ({ waiting: 0, needsAttention: 0, ticketIds: [] }),
    'outbox:list': () => [],
    ...extra,
  }
}

async function open(at: string, extra: FakeHandlers = {}) {
  const api = fakeApi(handlers(extra))
  const mounted = await mountWithApp(
    { render: () => null },
    {
      api,
      pages: { ticket: TicketView, 'ticket-edit': TicketFormView, 'ticket-new': TicketFormView },
      at,
    },
  )
  await useSettingsStore(mounted.pinia).load()
  useSyncStore(mounted.pinia).status = ONLINE
  useLookupsStore(mounted.pinia).lookups = LOOKUPS
  await until(() => expect(api.calls.some((c) => c.channel === 'tickets:get')).toBe(true))
  await settle()
  return { api, ...mounted }
}

const subject = () => (document.querySelector('#tf-subject') as HTMLInputElement | null)?.value
const title = () => document.querySelector('[data-testid=form-title]')?.textContent?.trim()

describe('the ticket form page', () => {
  it('"new ticket" opened from an edit form starts empty, with me as handler', async () => {
    const { wrapper, router } = await open('/tickets/42/edit')
    await until(() => expect(subject()).toBe('申請退款'))
    // Editing keeps the ticket's context in view: the customer, the calls, the other tickets.
    expect(wrapper.find('[data-testid=ticket-context]').text()).toContain('林大華')
    await router.push('/tickets/new')
    await until(() => expect(title()).toBe('新增工單'))
    await until(() => expect(subject()).toBe(''))
    expect(document.querySelector('#tf-content')).toHaveProperty('value', '')
    // A new ticket is the agent's own until handed over.
    expect(document.querySelector('[data-testid=tf-handler]')?.textContent).toContain('王小明')
    expect(document.querySelector('[data-testid=tf-contact]')?.textContent).not.toContain('林大華')
    expect(document.activeElement?.id).toBe('tf-subject')
    wrapper.unmount()
  })

  it('leaving an edit with changes for "new ticket" still asks, and staying keeps the text', async () => {
    const { wrapper, router } = await open('/tickets/42/edit')
    await until(() => expect(subject()).toBe('申請退款'))
    await wrapper.find('#tf-subject').setValue('改了一半')
    const leaving = router.push('/tickets/new')
    await until(() => expect(document.body.textContent).toContain('有尚未儲存的變更'))
    const stay = [...document.querySelectorAll<HTMLButtonElement>('.n-dialog button')].find((b) =>
      b.textContent?.includes('繼續編輯'),
    )
    stay?.click()
    await leaving
    expect(router.currentRoute.value.path).toBe('/tickets/42/edit')
    expect(subject()).toBe('改了一半')
    wrapper.unmount()
  })

  it('the edit form opened from the detail starts from the ticket shown, read once', async () => {
    const { wrapper, router, api } = await open('/tickets/42')
    await until(() => expect(wrapper.find('[data-testid=detail-subject]').text()).toBe('申請退款'))
    const reads = () => api.calls.filter((c) => c.channel === 'tickets:get').length
    expect(reads()).toBe(1)
    await router.push('/tickets/42/edit')
    await nextTick()
    // In the route's first render: nothing was waited for, and the form comes alone.
    expect(subject()).toBe('申請退款')
    expect(reads()).toBe(1)
    const context = () => document.querySelector('[data-testid=ticket-context]')?.textContent ?? ''
    expect(context()).toBe('')
    await until(() => expect(context()).toContain('林大華'))
    wrapper.unmount()
  })

  it("a new ticket for a caller lists the caller's tickets beside the form", async () => {
    const asked: unknown[] = []
    const { wrapper, router } = await open('/tickets/42', {
      'tickets:query': (q) => {
        asked.push(q.filters)
        return { rows: ROWS.slice(0, 2), total: 2, offset: 0 }
      },
    })
    await router.push('/tickets/new?contactId=9&contactName=林大華')
    await until(() => expect(wrapper.find('[data-testid=caller-context] li').exists()).toBe(true))
    const listed = wrapper.findAll('[data-testid=caller-context] li').map((li) => li.text())
    expect(listed).toHaveLength(2)
    expect(listed[0]).toContain('#40')
    expect(asked).toContainEqual({ contactId: 9 })
    wrapper.unmount()
  })

  it('a new ticket for nobody in particular has no side column', async () => {
    const { wrapper, router } = await open('/tickets/42')
    await router.push('/tickets/new')
    await until(() => expect(wrapper.find('#tf-subject').exists()).toBe(true))
    await settle()
    expect(wrapper.find('[data-testid=caller-context]').exists()).toBe(false)
    expect(wrapper.find('.columns.with-context').exists()).toBe(false)
    wrapper.unmount()
  })

  it('a ticket created offline opens as its local row; online, as the new ticket', async () => {
    for (const [result, path] of [
      [{ state: 'queued' as const, outboxId: 5 }, '/tickets/-5'],
      [{ state: 'applied' as const, outboxId: 6, ticket: ticket({ id: 77 }) }, '/tickets/77'],
    ] as const) {
      const { wrapper, router } = await open('/tickets/42', { 'tickets:create': () => result })
      await router.push('/tickets/new')
      await until(() => expect(subject()).toBe(''))
      await wrapper.find('#tf-subject').setValue('新的問題')
      await wrapper.find('#tf-content').setValue('內容')
      await wrapper.find('[data-testid=tf-save]').trigger('submit')
      await wrapper.find('form').trigger('submit')
      await until(() => expect(router.currentRoute.value.path).toBe(path))
      wrapper.unmount()
      document.body.innerHTML = ''
    }
  })
})

describe('the ticket detail', () => {
  it('↓ and ↑ move to the next and previous ticket, as the buttons say', async () => {
    const { wrapper, router, pinia } = await open('/tickets/42')
    await useQueueStore(pinia).reload()
    await until(() =>
      expect(wrapper.find('[data-testid=detail-position]').text()).toBe('佇列中第 3 / 5 張'),
    )
    expect(wrapper.find('[data-testid=detail-position-none]').exists()).toBe(false)
    const press = (key: string) =>
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
    press('ArrowDown')
    await until(() => expect(router.currentRoute.value.path).toBe('/tickets/43'))
    press('ArrowUp')
    await until(() => expect(router.currentRoute.value.path).toBe('/tickets/42'))
    wrapper.unmount()
  })

  it('shows no spinner over the history for an answer that comes at once', async () => {
    let answer: (value: TicketHistoryResult) => void = () => undefined
    const { wrapper } = await open('/tickets/42', {
      'hub:history': () => new Promise((done) => (answer = done)),
    })
    await until(() => expect(wrapper.find('[data-testid=ticket-history]').exists()).toBe(true))
    await settle()
    // Still asking, a moment in: a spinner now would only flash before the answer.
    expect(wrapper.find('[data-testid=ticket-history] .n-spin-body').exists()).toBe(false)
    answer({ ticketId: 42, entries: [], fresh: false })
    await until(() => expect(wrapper.find('[data-testid=history-note]').exists()).toBe(true))
    wrapper.unmount()
  })

  it('opened from outside the queue, it says why ↑ and ↓ are off', async () => {
    // No queue asked: the ticket is in none of its loaded rows (palette, alert, a caller's tickets).
    const { wrapper } = await open('/tickets/42')
    await until(() =>
      expect(wrapper.find('[data-testid=detail-position-none]').text()).toBe(
        '從佇列開啟的工單才能逐張切換',
      ),
    )
    expect(wrapper.find('[data-testid=detail-position]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=detail-next]').attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-testid=detail-previous]').attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })

  it('says a ticket has an unsaved draft, and leads to the form that offers it', async () => {
    const { wrapper, router } = await open('/tickets/42', {
      'drafts:get': ({ key }) =>
        key === 'ticket:42'
          ? {
              key,
              values: { content: '電話斷線前打的字' },
              baseUpdatedAt: '2029-12-31 09:00:00',
              baseValues: { content: '客戶要求退款\n第二行' },
              updatedAt: '2030-01-01T01:00:00.000Z',
            }
          : null,
    })
    await until(() => expect(wrapper.find('[data-testid=detail-draft]').exists()).toBe(true))
    const said = wrapper.find('[data-testid=detail-draft]')
    expect(said.text()).toBe('有未儲存的草稿')
    expect(said.attributes('aria-label')).toContain('這張工單有一份')
    await wrapper.find('[data-testid=detail-draft]').trigger('click')
    await until(() => expect(router.currentRoute.value.name).toBe('ticket-edit'))
    await until(() => expect(document.querySelector('[data-testid=draft-offer]')).not.toBeNull())
    wrapper.unmount()
  })

  it('says nothing of drafts for a ticket without one', async () => {
    const { wrapper } = await open('/tickets/42')
    await until(() => expect(wrapper.find('[data-testid=detail-subject]').exists()).toBe(true))
    await settle()
    expect(wrapper.find('[data-testid=detail-draft]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('a delete waiting to be sent says "will be deleted", and nothing more can be edited', async () => {
    const { wrapper } = await open('/tickets/42', {
      'tickets:get': ({ id }) => ({
        ticket: ticket({ id }),
        syncedAt: null,
        pending: { state: 'pending', deleting: true },
      }),
    })
    await until(() => expect(wrapper.find('[data-testid=detail-pending]').exists()).toBe(true))
    expect(wrapper.find('[data-testid=detail-pending]').text()).toContain('將刪除')
    expect(wrapper.find('[data-testid=detail-edit]').attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })

  it('shows times without seconds and names in every field', async () => {
    const { wrapper } = await open('/tickets/42')
    await until(() => expect(wrapper.find('[data-testid=detail-fields]').exists()).toBe(true))
    const text = wrapper.find('[data-testid=detail-fields]').text()
    expect(text).toContain('2030-01-02 10:00')
    expect(text).not.toContain('10:00:00')
    expect(text).not.toContain('09:00:00')
    expect(text).toContain('王小明 (E007)')
    expect(text).toContain('甲公司')
    wrapper.unmount()
  })

  it('says a ticket nobody handles is unassigned, in the words of the queue', async () => {
    const { wrapper } = await open('/tickets/42', {
      'tickets:get': ({ id }) => ({
        ticket: ticket({ id, handler_id: null, handler: null }),
        syncedAt: null,
      }),
    })
    await until(() => expect(wrapper.find('[data-testid=detail-handler]').exists()).toBe(true))
    expect(wrapper.find('[data-testid=detail-handler]').text()).toBe('未指派')
    wrapper.unmount()
  })
})

async function mountPicker(
  extra: FakeHandlers = {},
  kind: 'employee' | 'contact' = 'employee',
  initial = [{ value: 7, label: '王小明 (E007)' }],
) {
  const api = fakeApi(handlers(extra))
  const mounted = await mountWithApp(PersonSelect, {
    api,
    props: {
      kind,
      value: 7,
      initial,
      ariaLabel: '處理人',
    },
  })
  useLookupsStore(mounted.pinia).lookups = LOOKUPS
  await settle()
  const input = mounted.wrapper.find('input')
  const picked = () =>
    mounted.wrapper.findComponent(PersonSelect).emitted('update:value') as number[][] | undefined
  return { ...mounted, api, input, picked }
}

/** The labels the picker offers, in order (happy-dom lays out no menu to read them from). */
function offered(wrapper: Awaited<ReturnType<typeof mountPicker>>['wrapper']): string[] {
  const select = wrapper.findComponent({ name: 'Select' })
  return (select.props('options') as Array<{ label: string }>).map((o) => o.label)
}

describe('the person pickers', () => {
  it('a name typed and Enter pressed at once takes the first match, not the current person', async () => {
    const { wrapper, input, picked } = await mountPicker()
    await input.trigger('focus')
    await input.setValue('陳')
    await input.trigger('keydown', { key: 'Enter' })
    await until(() => expect(picked()?.at(-1)).toEqual([8]))
    wrapper.unmount()
  })

  it('lists the current person first until a search, then only the matches', async () => {
    const { wrapper, input } = await mountPicker()
    // The select highlights its first option, and Enter takes the highlighted one.
    expect(offered(wrapper)[0]).toBe('王小明 (E007)')
    await input.setValue('陳')
    await until(() => expect(offered(wrapper)).toEqual(['陳美玲 (E008)']))
    wrapper.unmount()
  })

  it('asks for no one until its list is opened, then lists everyone once', async () => {
    const { wrapper, api } = await mountPicker()
    const asked = () => api.calls.filter((c) => c.channel === 'employees:search').length
    // An edit form opens with two pickers: opening it costs the host no person search.
    expect(asked()).toBe(0)
    expect(wrapper.findComponent({ name: 'Select' }).props('loading')).toBe(false)
    await wrapper.find('.n-base-selection').trigger('click')
    await until(() => expect(offered(wrapper)).toContain('陳美玲 (E008)'))
    expect(offered(wrapper)[0]).toBe('王小明 (E007)')
    expect(asked()).toBe(1)
    wrapper.unmount()
  })

  it("shows the current customer's name, never a bare number, before any search", async () => {
    const { wrapper } = await mountPicker({}, 'contact', [{ value: 7, label: '林大華 (M007)' }])
    await settle()
    expect(wrapper.find('.n-base-selection').text()).toContain('林大華 (M007)')
    wrapper.unmount()
  })

  it('tells contacts of the same name apart by membership number and masked id', async () => {
    const same: ContactSummary[] = [
      { id: 1, name: '王佩珊', membershipNo: 'M001', maskedIdentityNo: 'A223****01' },
      { id: 2, name: '王佩珊', membershipNo: null, maskedIdentityNo: 'B219****09' },
    ]
    const { wrapper, input } = await mountPicker({ 'contacts:search': () => same }, 'contact')
    await input.setValue('王佩珊')
    await until(() =>
      expect(offered(wrapper)).toEqual(['王佩珊 (M001 · A223****01)', '王佩珊 (B219****09)']),
    )
    wrapper.unmount()
  })
})

/**
 * The queue's bulk work as the agent meets it: the selection keys, the bulk bar (status with the
 * details of that status only, priority, handler), the confirmation that says how many and what
 * (Esc closes only it), the per-ticket results updated live from the outbox, the selection left
 * with the tickets not applied, and the limit on "select all".
 */
import type { VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import type { BulkOutcome } from '../../src/shared/domain/bulk'
import type { OutboxEntry } from '../../src/shared/domain/outbox'
import type { TicketRow } from '../../src/shared/domain/queue'
import { useBulkStore } from '../../src/renderer/src/stores/bulk'
import { useLookupsStore } from '../../src/renderer/src/stores/lookups'
import { useOutboxStore } from '../../src/renderer/src/stores/outbox'
import { useQueueStore } from '../../src/renderer/src/stores/queue'
import { useSettingsStore } from '../../src/renderer/src/stores/settings'
import { useSyncStore } from '../../src/renderer/src/stores/sync'
import QueueView from '../../src/renderer/src/views/queue/index.vue'
import { LOOKUPS, ONLINE, queueRow, SETTINGS, ticket } from './fixtures'
import { fakeApi, mountWithApp, settle, until, type FakeHandlers } from './harness'

const row = (id: number): TicketRow => queueRow(id)

function entry(id: number, ticketId: number, state: OutboxEntry['state']): OutboxEntry {
  return {
    id,
    kind: 'update',
    ticketId,
    changes: { status: 1, termination_code_id: 102 },
    base: { updatedAt: null, values: { status: 0, termination_code_id: null } },
    state,
    attempts: 1,
    lastError:
      state === 'rejected'
        ? {
            code: 'validation',
            message: 'The given data was invalid.',
            fields: { termination_code_id: ['The selected termination code id is invalid.'] },
          }
        : null,
    conflict: state === 'conflict' ? { status: { base: 0, mine: 1, theirs: 2 } } : null,
    createdAt: '2029-01-02 00:00:00',
    updatedAt: '2029-01-02 00:00:00',
  }
}

afterEach(() => {
  document.body.innerHTML = ''
})

function key(k: string, init: KeyboardEventInit = {}): void {
  const target = (document.activeElement as HTMLElement | null) ?? document.body
  const code = k === 'Escape' ? { code: 'Escape' } : {}
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, ...code, ...init }))
}

interface World {
  rows: TicketRow[]
  total?: number
  outbox: OutboxEntry[]
  bulk?: (ids: number[]) => BulkOutcome[]
}

async function mountQueue(world: World, language: 'zh-TW' | 'en' = 'zh-TW') {
  const handlers: FakeHandlers = {
    'settings:get': () => ({ ...SETTINGS, language }),
    'sync:status': () => ONLINE,
    'lookups:get': () => LOOKUPS,
    'tickets:query': (q) => ({
      rows: world.rows.slice(q.offset, q.offset + q.limit),
      total: world.total ?? world.rows.length,
      offset: q.offset,
    }),
    'tickets:counts': () => ({ mine: 5, unassigned: 0, open: 5, due: 0, done: 0, all: 5 }),
    'tickets:get': ({ id }) => ({ ticket: ticket({ id }), syncedAt: null }),
    'tickets:bulkUpdate': ({ ids }) =>
      world.bulk?.(ids) ??
      ids.map((id) => ({
        ticketId: id,
        subject: `工單 ${id}`,
        result: { state: 'applied' as const, outboxId: id, ticket: null },
        error: null,
      })),
    'outbox:list': () => world.outbox,
    'outbox:summary': () => ({ waiting: world.outbox.length, needsAttention: 0, ticketIds: [] }),
    'outbox:discard': ({ id }) => {
      world.outbox = world.outbox.filter((e) => e.id !== id)
      return { removed: true }
    },
    'employees:search': () => LOOKUPS.employees,
    'alerts:list': () => [],
    'views:list': () => [],
  }
  const api = fakeApi(handlers)
  const mounted = await mountWithApp(QueueView, { api, language })
  await ready(mounted.pinia)
  const queue = useQueueStore(mounted.pinia)
  await queue.reload()
  await until(() => expect(mounted.wrapper.find('[role=row][data-id]').exists()).toBe(true))
  const rowEl = (id: number) => mounted.wrapper.find(`[role=row][data-id="${id}"]`)
  return { ...mounted, api, queue, rowEl, bulk: useBulkStore(mounted.pinia) }
}

async function ready(pinia: Pinia): Promise<void> {
  await useSettingsStore(pinia).load()
  useSyncStore(pinia).status = ONLINE
  useLookupsStore(pinia).lookups = LOOKUPS
  await useOutboxStore(pinia).start()
  await settle()
}

/** Chooses `value` in the select with this test id (naive-ui's select, as the agent picks). */
async function choose(wrapper: VueWrapper, testid: string, value: unknown): Promise<void> {
  const select = wrapper
    .findAllComponents({ name: 'Select' })
    .find((s) => s.attributes('data-testid') === testid)
  expect(select, testid).toBeDefined()
  select!.vm.$emit('update:value', value)
  await settle()
}

function optionsOf(wrapper: VueWrapper, testid: string): Array<{ value: unknown; label: string }> {
  const select = wrapper
    .findAllComponents({ name: 'Select' })
    .find((s) => s.attributes('data-testid') === testid)
  return (select?.props('options') ?? []) as Array<{ value: unknown; label: string }>
}

function valueOf(wrapper: VueWrapper, testid: string): unknown {
  return wrapper
    .findAllComponents({ name: 'Select' })
    .find((s) => s.attributes('data-testid') === testid)
    ?.props('value')
}

function dialogText(): string {
  return document.querySelector('[data-testid=bulk-confirm]')?.textContent ?? ''
}

function dialogButton(text: string): HTMLButtonElement | undefined {
  return [...document.querySelectorAll<HTMLButtonElement>('.n-dialog button')]
    .filter((b) => b.textContent?.includes(text))
    .at(-1)
}

const ROWS = [40, 41, 42, 43, 44].map(row)

describe('queue selection keys', () => {
  it('a plain click opens the ticket and picks nothing; Ctrl, Cmd and Shift pick; x toggles; Esc clears', async () => {
    const { wrapper, bulk, rowEl, router } = await mountQueue({ rows: ROWS, outbox: [] })
    await rowEl(42).trigger('click', { ctrlKey: true })
    await rowEl(44).trigger('click', { shiftKey: true })
    await rowEl(43).trigger('click', { metaKey: true })
    await settle()
    expect([...bulk.picked].sort()).toEqual([42, 44])
    expect(router.currentRoute.value.path).toBe('/')
    // The bar's code arrives with the first pick.
    await until(() => expect(wrapper.find('[data-testid=bulk-bar]').exists()).toBe(true))
    key('x') // the selected row (43, the last clicked) joins
    await settle()
    expect([...bulk.picked].sort()).toEqual([42, 43, 44])
    key('Escape')
    await settle()
    expect(bulk.pickedCount).toBe(0)
    expect(wrapper.find('[data-testid=bulk-bar]').exists()).toBe(false)
    await rowEl(41).trigger('click')
    await until(() => expect(router.currentRoute.value.path).toBe('/tickets/41'))
    expect(bulk.pickedCount).toBe(0)
    wrapper.unmount()
  })
})

describe('the bulk bar', () => {
  it('sets a status with a detail of that status only, after a confirmation that Esc closes alone', async () => {
    const { wrapper, api, rowEl, router, bulk } = await mountQueue({
      rows: ROWS,
      outbox: [],
    })
    for (const id of [41, 42, 43]) await rowEl(id).trigger('click', { ctrlKey: true })
    await settle()
    const apply = () => wrapper.find('[data-testid=bulk-apply]')
    await until(() => expect(apply().exists()).toBe(true))
    expect(apply().attributes('disabled')).toBeDefined()
    await choose(wrapper, 'bulk-field', 'status')
    await choose(wrapper, 'bulk-status', 1)
    // Only the details of 處理中 (status 1), as the ticket form offers them.
    expect(optionsOf(wrapper, 'bulk-detail').map((o) => o.value)).toEqual([101, 102])
    await choose(wrapper, 'bulk-detail', 102)
    // A detail of another status does not survive a status change.
    await choose(wrapper, 'bulk-status', 2)
    expect(optionsOf(wrapper, 'bulk-detail').map((o) => o.value)).toEqual([103])
    expect(valueOf(wrapper, 'bulk-detail')).toBeNull()
    await choose(wrapper, 'bulk-status', 1)
    await choose(wrapper, 'bulk-detail', 102)
    expect(apply().text()).toBe('套用到 3 張…')

    await apply().trigger('click')
    await until(() => expect(dialogText()).toContain('將 3 張工單的「狀態」設為「處理中」'))
    expect(dialogText()).toContain('狀態細項：處理中待料')
    expect(document.body.textContent).toContain('變更 3 張工單？')
    // Esc closes only the dialog: nothing sent, the picks stay, the queue stays.
    const modal = wrapper.findAllComponents({ name: 'Modal' }).at(-1)!
    ;(modal.vm as unknown as { handleEsc: (e: KeyboardEvent) => void }).handleEsc(
      new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }),
    )
    key('Escape')
    await until(() => expect(modal.props('show')).toBe(false))
    expect(bulk.pickedCount).toBe(3)
    expect(router.currentRoute.value.path).toBe('/')
    expect(api.calls.some((c) => c.channel === 'tickets:bulkUpdate')).toBe(false)

    await apply().trigger('click')
    await until(() => expect(dialogButton('變更 3 張')).toBeDefined())
    dialogButton('變更 3 張')!.click()
    await until(() => expect(bulk.items).toHaveLength(3))
    const sent = api.calls.find((c) => c.channel === 'tickets:bulkUpdate')
    expect(sent?.input).toEqual({
      ids: [41, 42, 43],
      changes: { status: 1, termination_code_id: 102 },
    })
    // Every ticket applied: the selection is empty, the results list each.
    expect(bulk.pickedCount).toBe(0)
    await until(() => expect(document.querySelector('[data-testid=bulk-results]')).not.toBeNull())
    for (const id of [41, 42, 43]) {
      const item = document.querySelector(`[data-testid=bulk-result-${id}]`)
      expect(item?.getAttribute('data-state')).toBe('applied')
      expect(item?.textContent).toContain(`工單 ${id}`)
      expect(item?.textContent).toContain('已套用')
    }
    expect(document.querySelector('[data-testid=bulk-results-change]')?.textContent).toContain(
      '狀態：處理中',
    )
    wrapper.unmount()
  })

  it('lists each outcome (applied, waiting, needs attention, rejected) and follows the outbox live', async () => {
    const world: World = {
      rows: ROWS,
      outbox: [],
      bulk: (ids) => {
        // 40 applied; 41 waits (offline); 42 conflicts; 43 refused with the server's 422.
        world.outbox = [entry(2, 41, 'pending'), entry(3, 42, 'conflict'), entry(4, 43, 'rejected')]
        return ids.map((id, i) => ({
          ticketId: id,
          subject: `工單 ${id}`,
          result:
            i === 0
              ? { state: 'applied' as const, outboxId: 1, ticket: null }
              : i === 1
                ? { state: 'queued' as const, outboxId: 2 }
                : i === 2
                  ? { state: 'conflict' as const, outboxId: 3, entry: world.outbox[1]! }
                  : { state: 'rejected' as const, outboxId: 4, entry: world.outbox[2]! },
          error: null,
        }))
      },
    }
    const { wrapper, api, bulk, pinia } = await mountQueue(world, 'en')
    await wrapper.find('[role=row][data-id="40"]').trigger('click', { ctrlKey: true })
    await wrapper.find('[role=row][data-id="43"]').trigger('click', { shiftKey: true })
    await settle()
    await choose(wrapper, 'bulk-field', 'priority')
    await choose(wrapper, 'bulk-priority', 3)
    await wrapper.find('[data-testid=bulk-apply]').trigger('click')
    await until(() => expect(dialogText()).toContain('Set Priority to "Urgent" on 4 tickets.'))
    dialogButton('Change 4 tickets')!.click()
    await until(() => expect(bulk.items).toHaveLength(4))
    const state = (id: number) =>
      document.querySelector(`[data-testid=bulk-result-${id}]`)?.getAttribute('data-state')
    const text = (id: number) =>
      document.querySelector(`[data-testid=bulk-result-${id}]`)?.textContent ?? ''
    await until(() => expect(state(40)).toBe('applied'))
    expect(state(41)).toBe('waiting')
    expect(text(41)).toContain('Sent automatically when the server answers')
    expect(state(42)).toBe('attention')
    expect(text(42)).toContain('Resolve in Waiting edits')
    expect(state(43)).toBe('rejected')
    expect(text(43)).toContain('The selected Status detail is invalid.')
    // The applied one left the selection; the three others stay picked.
    expect([...bulk.picked].sort()).toEqual([41, 42, 43])

    // The waiting edit is sent once the server answers: the row says applied, and is unpicked.
    world.outbox = world.outbox.filter((e) => e.ticketId !== 41)
    api.emit('outbox:changed', { waiting: 2, needsAttention: 2, ticketIds: [42, 43] })
    await until(() => expect(state(41)).toBe('applied'))
    expect([...bulk.picked].sort()).toEqual([42, 43])
    expect(
      document.querySelector('[data-testid=bulk-results-tally]')?.textContent?.replace(/\s+/g, ' '),
    ).toContain('Applied 2')

    // The agent discards the refused edit in Waiting edits: gone from the outbox, but never sent.
    await useOutboxStore(pinia).discard(4)
    await until(() => expect(state(43)).toBe('withdrawn'))
    expect(text(43)).toContain('Not sent')
    expect(text(43)).toContain('Taken back in Waiting edits')

    // "Resolve" goes where single edits are resolved.
    ;(document.querySelector('[data-testid=bulk-result-42] a') as HTMLAnchorElement).click()
    await until(() => expect(wrapper.vm.$router.currentRoute.value.path).toBe('/outbox'))
    // …at that edit's own entry.
    expect(wrapper.vm.$router.currentRoute.value.query).toEqual({ entry: '3' })
    wrapper.unmount()
  })

  it('select all: every matching ticket less the ones taken out, new tickets not sent left out', async () => {
    const local: TicketRow = { ...row(-5), outboxId: 5, subject: '新工單' }
    const { wrapper, api, rowEl } = await mountQueue({ rows: [local, ...ROWS], outbox: [] })
    key('a', { ctrlKey: true })
    await settle()
    await rowEl(42).trigger('click', { ctrlKey: true })
    await settle()
    await choose(wrapper, 'bulk-field', 'handler_id')
    const person = wrapper.findComponent({ name: 'PersonSelect' })
    person.vm.$emit('update:value', 8)
    await settle()
    await wrapper.find('[data-testid=bulk-apply]').trigger('click')
    await until(() => expect(dialogText()).toContain('將 4 張工單的「處理人」設為'))
    expect(dialogText()).toContain('陳美玲')
    expect(dialogText()).toContain('1 張尚未送出的新工單不包含在內')
    dialogButton('變更 4 張')!.click()
    await until(() =>
      expect(api.calls.find((c) => c.channel === 'tickets:bulkUpdate')?.input).toEqual({
        ids: [40, 41, 43, 44],
        changes: { handler_id: 8 },
      }),
    )
    wrapper.unmount()
  })

  it('refuses more than 500 with a message, never cutting the selection silently', async () => {
    const { wrapper, api } = await mountQueue({ rows: ROWS, total: 501, outbox: [] })
    key('a', { ctrlKey: true })
    await settle()
    await choose(wrapper, 'bulk-field', 'priority')
    await choose(wrapper, 'bulk-priority', 0)
    expect(wrapper.find('[data-testid=bulk-too-many]').text()).toBe(
      '一次最多變更 500 張，目前選取 501 張：請縮小篩選條件。',
    )
    expect(wrapper.find('[data-testid=bulk-apply]').attributes('disabled')).toBeDefined()
    await wrapper.find('[data-testid=bulk-apply]').trigger('click')
    await settle()
    expect(api.calls.some((c) => c.channel === 'tickets:bulkUpdate')).toBe(false)
    wrapper.unmount()
  })
})

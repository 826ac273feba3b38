/**
 * The renderer's side of search: the grid's highlights and first-click sort directions, the
 * pickers offering only the current choice and the current matches, and the command palette.
 */
import { describe, expect, it } from 'vitest'
import CommandPalette from '../../src/renderer/src/components/command-palette.vue'
import PersonSelect from '../../src/renderer/src/components/person-select.vue'
import { useQueueStore } from '../../src/renderer/src/stores/queue'
import { highlightPieces } from '../../src/renderer/src/utils/format'
import TicketGrid from '../../src/renderer/src/views/queue/modules/ticket-grid.vue'
import type { ContactSummary } from '../../src/shared/contract/contract'
import type { TicketQuery, TicketRow } from '../../src/shared/domain/queue'
import { fakeApi, mountWithApp, settle, until } from './harness'

const SETTINGS = {
  apiUrl: 'http://x',
  allowInsecureApi: false,
  hasToken: false,
  me: null,
  syncIntervalSec: 300,
  language: 'zh-TW' as const,
  theme: 'light' as const,
  serverTimeZone: 'Asia/Taipei',
}

const ROW: TicketRow = {
  id: 3450,
  subject: '信用卡退款進度',
  status: 0,
  priority: 1,
  dueAt: null,
  categoryName: null,
  subCategoryName: null,
  contactId: 7,
  contactName: '楊 美玲',
  handlerId: null,
  handlerName: null,
  createdAt: null,
  updatedAt: null,
  match: {
    fields: ['id', 'subject', 'contactName', 'membershipNo', 'identityNo'],
    subject: [
      [0, 3],
      [3, 5],
    ],
    contactName: [[0, 4]],
    excerpt: null,
    membershipNo: { text: 'M00423117', ranges: [[0, 9]] },
  },
}

describe('highlightPieces', () => {
  it('cuts text at the ranges the core sends', () => {
    expect(highlightPieces('信用卡退款進度', [[3, 5]])).toEqual([
      { text: '信用卡', hit: false },
      { text: '退款', hit: true },
      { text: '進度', hit: false },
    ])
    expect(highlightPieces('abc', [])).toEqual([{ text: 'abc', hit: false }])
    expect(highlightPieces(null, [[0, 1]])).toEqual([])
    expect(highlightPieces('ab', [[1, 9]])).toEqual([
      { text: 'a', hit: false },
      { text: 'b', hit: true },
    ])
  })
})

describe('queue grid', () => {
  it('highlights the matches and says when the national id matched, never showing it', async () => {
    const api = fakeApi({
      'settings:get': () => SETTINGS,
      'tickets:query': () => ({
        rows: [ROW],
        total: 1,
        offset: 0,
        search: { words: ['楊美玲', '3450'], pinnedIds: [3450] },
      }),
    })
    const { wrapper } = await mountWithApp(TicketGrid, { api })
    await useQueueStore().reload()
    await settle()
    const marks = wrapper.findAll('mark').map((m) => m.text())
    expect(marks).toEqual(['3450', '信用卡', '退款', '楊 美玲', 'M00423117'])
    expect(wrapper.find('[data-testid=match-identity]').text()).toBe('身分證號相符')
  })

  it('sorts on the first click the way agents look: urgent, due soonest, newest first', async () => {
    const asked: TicketQuery[] = []
    const api = fakeApi({
      'settings:get': () => SETTINGS,
      'tickets:query': (q) => {
        asked.push(q)
        return { rows: [], total: 0, offset: 0 }
      },
    })
    const { wrapper } = await mountWithApp(TicketGrid, { api })
    const sortOf = async (col: string): Promise<unknown> => {
      await wrapper.find(`[data-testid=sort-${col}]`).trigger('click')
      await settle()
      return asked.at(-1)?.sort
    }
    expect(await sortOf('priority')).toEqual({ column: 'priority', direction: 'desc' })
    expect(await sortOf('priority')).toEqual({ column: 'priority', direction: 'asc' })
    expect(await sortOf('priority')).toEqual({ column: 'default', direction: 'asc' })
    expect(await sortOf('due')).toEqual({ column: 'due_at', direction: 'asc' })
    expect(await sortOf('updated')).toEqual({ column: 'updated_at', direction: 'desc' })
    expect(await sortOf('contact')).toEqual({ column: 'contact', direction: 'asc' })
  })
})

describe('person select', () => {
  const people: ContactSummary[] = [
    { id: 1, name: '劉 佩珊', membershipNo: null, maskedIdentityNo: null },
    { id: 2, name: '楊 美玲', membershipNo: 'M00423117', maskedIdentityNo: 'B219****09' },
    { id: 3, name: '楊 志明', membershipNo: null, maskedIdentityNo: null },
  ]
  const api = fakeApi({
    'settings:get': () => SETTINGS,
    'contacts:search': ({ search }) =>
      people.filter((p) => (p.name ?? '').replace(' ', '').includes(search.replace(' ', ''))),
  })

  it('offers the current matches only while searching, never earlier ones nor the current choice', async () => {
    const { wrapper } = await mountWithApp(PersonSelect, {
      api,
      props: { kind: 'contact', value: 3 },
    })
    const select = wrapper.findComponent({ name: 'Select' })
    const labels = (): string[] =>
      (select.props('options') as { label: string }[]).map((o) => o.label)
    /** Types `text` and waits out the debounce and the answer (the picker's loading covers both). */
    async function search(text: string): Promise<void> {
      select.vm.$emit('search', text)
      await settle()
      await until(() => expect(select.props('loading')).toBe(false))
    }
    await search('劉')
    // The current choice is not offered while searching: Enter would take it back.
    expect(labels()).toEqual(['劉 佩珊'])
    await search('楊美玲')
    // 劉 佩珊 from the earlier search is gone.
    expect(labels()).toEqual(['楊 美玲 (M00423117 · B219****09)'])
    await search('沒有這個人')
    expect(labels()).toEqual([])
    await search('')
    // Not searching: the current choice is offered again.
    expect((select.props('options') as { value: number }[]).some((o) => o.value === 3)).toBe(true)
  })
})

describe('person select, empty', () => {
  it('says how to search each kind of person, in the app’s words (not naive-ui’s "Please Select")', async () => {
    const api = fakeApi({ 'settings:get': () => SETTINGS })
    for (const [kind, words] of [
      ['employee', '輸入姓名或員工編號搜尋'],
      ['contact', '搜尋本機已知的客戶'],
    ] as const) {
      const { wrapper } = await mountWithApp(PersonSelect, { api, props: { kind, value: null } })
      expect(wrapper.findComponent({ name: 'Select' }).props('placeholder')).toBe(words)
      wrapper.unmount()
    }
  })
})

describe('command palette', () => {
  it('opens with Ctrl+K, jumps to a ticket by a full-width id, and closes with Esc', async () => {
    const api = fakeApi({
      'settings:get': () => SETTINGS,
      'contacts:search': () => [],
    })
    const { router } = await mountWithApp(CommandPalette, { api })
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true }))
    await settle()
    const input = document.querySelector<HTMLInputElement>('[data-testid=palette-input]')
    expect(input).not.toBeNull()
    input!.value = '＃３４５０'
    input!.dispatchEvent(new Event('input'))
    await settle()
    const items = [...document.querySelectorAll<HTMLElement>('[data-testid=palette-item]')]
    expect(items[0]?.dataset.key).toBe('ticket-3450')
    // A key pressed while an input method composes is the input method's.
    input!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true }))
    await settle()
    expect(router.currentRoute.value.name).toBe('home')
    input!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }))
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/tickets/3450')
  })
})

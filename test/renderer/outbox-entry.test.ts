import { describe, expect, it } from 'vitest'
import OutboxEntryView from '../../src/renderer/src/views/outbox/modules/outbox-entry.vue'
import { parseLaravelMessage } from '../../src/renderer/src/utils/laravel-messages'
import type { OutboxEntry } from '../../src/shared/domain/outbox'
import { useLookupsStore } from '../../src/renderer/src/stores/lookups'
import { useSyncStore } from '../../src/renderer/src/stores/sync'
import { LOOKUPS, ONLINE, outboxEntry } from './fixtures'
import { fakeApi, mountWithApp, settle } from './harness'

async function mountEntry(e: OutboxEntry, online = true) {
  const mounted = await mountWithApp(OutboxEntryView, { api: fakeApi({}), props: { entry: e } })
  useLookupsStore(mounted.pinia).lookups = LOOKUPS
  useSyncStore(mounted.pinia).status = online ? ONLINE : { ...ONLINE, state: 'offline' }
  await settle()
  return mounted.wrapper
}

const entry = (over: Partial<OutboxEntry>): OutboxEntry => outboxEntry({ id: 5, ...over })

describe('a waiting edit', () => {
  it('names its ticket by number and subject, a link to the ticket', async () => {
    const wrapper = await mountEntry(entry({ ticketId: 42, subject: '申請退款' }))
    const link = wrapper.find('[data-testid=outbox-ticket]')
    expect(link.text()).toContain('#42')
    expect(link.text()).toContain('申請退款')
    expect(link.attributes('href')).toContain('/tickets/42')
    // A new ticket's is its own subject, with no ticket to open yet.
    const created = await mountEntry(
      entry({ kind: 'create', ticketId: null, changes: { subject: '新工單' } }),
    )
    expect(created.find('[data-testid=outbox-ticket]').exists()).toBe(false)
    expect(created.text()).toContain('新工單')
  })

  it('shows both values of a conflict and sends nothing until every field has a choice', async () => {
    const conflicted = entry({
      state: 'conflict',
      changes: { status_memo: '我的', priority: 3 },
      conflict: {
        status_memo: { base: null, mine: '我的', theirs: '他們的' },
        priority: { base: 1, mine: 3, theirs: 2 },
      },
    })
    const { wrapper } = await mountWithApp(OutboxEntryView, {
      api: fakeApi({}),
      props: { entry: conflicted },
    })
    await settle()
    const view = wrapper.findComponent(OutboxEntryView)
    expect(wrapper.find('[data-testid=conflict-status_memo]').text()).toContain('他們的')
    expect(wrapper.find('[data-testid=conflict-status_memo]').text()).toContain('我的')
    const apply = wrapper.find('[data-testid=outbox-apply]')
    expect(apply.attributes('disabled')).toBeDefined()
    const radios = wrapper.findAll('[data-testid=conflict-status_memo] input[type=radio]')
    await radios.at(0)!.setValue(true)
    await settle()
    expect(wrapper.find('[data-testid=outbox-apply]').attributes('disabled')).toBeDefined()
    const prio = wrapper.findAll('[data-testid=conflict-priority] input[type=radio]')
    await prio.at(1)!.setValue(true)
    await settle()
    await wrapper.find('[data-testid=outbox-apply]').trigger('click')
    expect(view.emitted('resolve')?.[0]).toEqual([{ status_memo: 'mine', priority: 'theirs' }])
    wrapper.unmount()
  })

  it("shows a rejection's Laravel messages in the agent's language beside the field", async () => {
    const rejected = entry({
      state: 'rejected',
      changes: { handler_id: 999, subject: 'x'.repeat(300) },
      lastError: {
        code: 'validation',
        message: 'The given data was invalid.',
        fields: {
          handler_id: ['The selected handler id is invalid.'],
          subject: ['The subject may not be greater than 255 characters.'],
        },
      },
    })
    const { wrapper } = await mountWithApp(OutboxEntryView, {
      api: fakeApi({}),
      props: { entry: rejected },
    })
    await settle()
    const text = wrapper.find('[data-testid=outbox-rejected]').text()
    expect(text).toContain('所選的處理人無效。')
    expect(text).toContain('主旨不可超過 255 個字元。')
    expect(text).not.toContain('The selected')
    wrapper.unmount()
  })

  it('shows every value by its name: priorities, statuses, people, codes, categories', async () => {
    const conflicted = entry({
      state: 'conflict',
      changes: { priority: 3, handler_id: 8, status: 1, termination_code_id: 101 },
      conflict: {
        priority: { base: 1, mine: 3, theirs: 2 },
        handler_id: { base: null, mine: 8, theirs: 7 },
        status: { base: 0, mine: 1, theirs: 2 },
        termination_code_id: { base: 100, mine: 101, theirs: 103 },
        sub_category_id: { base: 11, mine: 12, theirs: 21 },
      },
    })
    const wrapper = await mountEntry(conflicted)
    const row = (f: string) =>
      [...wrapper.findAll(`[data-testid=conflict-${f}] td`)].slice(0, 3).map((c) => c.text())
    expect(row('priority')).toEqual(['中', '緊急', '高'])
    expect(row('handler_id')).toEqual(['（空）', '陳美玲 (E008)', '王小明 (E007)'])
    expect(row('status')).toEqual(['待處理', '處理中', '已解決'])
    expect(row('termination_code_id')).toEqual(['等待客戶回覆', '已轉二線', '已退款'])
    expect(row('sub_category_id')).toEqual(['帳務 / 退款', '帳務 / 帳單', '技術 / 登入'])

    const waiting = await mountEntry(entry({ changes: { handler_id: 8, status: 0 } }))
    const shown = waiting.find('.changes').text()
    expect(shown).toContain('陳美玲')
    expect(shown).toContain('待處理')
    expect(shown).not.toMatch(/處理人\s*8|狀態\s*0/)
    wrapper.unmount()
    waiting.unmount()
  })

  it('says a waiting delete will delete, and shows no "0 attempts" nor an old error once online', async () => {
    const deleting = entry({
      kind: 'delete',
      attempts: 0,
      lastError: { code: 'offline', message: 'no answer' },
    })
    const online = await mountEntry(deleting)
    expect(online.text()).toContain('將刪除工單 #42')
    expect(online.find('[data-testid=outbox-deleting]').exists()).toBe(true)
    expect(online.find('[data-testid=outbox-attempts]').exists()).toBe(false)
    expect(online.find('[data-testid=outbox-last-error]').exists()).toBe(false)
    online.unmount()
    const offline = await mountEntry({ ...deleting, attempts: 2 }, false)
    expect(offline.find('[data-testid=outbox-attempts]').text()).toBe('已嘗試 2 次')
    expect(offline.find('[data-testid=outbox-last-error]').exists()).toBe(true)
    offline.unmount()
  })

  it('knows Laravel sentences of old and new versions, and leaves others alone', () => {
    expect(parseLaravelMessage('The subject field is required.')).toMatchObject({
      key: 'required',
      attribute: 'subject',
    })
    expect(
      parseLaravelMessage('The subject field must not be greater than 255 characters.'),
    ).toMatchObject({ key: 'max', params: { max: '255' } })
    expect(parseLaravelMessage('The due at does not match the format Y-m-d H:i:s.')).toMatchObject({
      key: 'format',
      attribute: 'due_at',
    })
    expect(parseLaravelMessage('主旨已被使用')).toBeNull()
  })
})

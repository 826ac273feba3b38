import { describe, expect, it } from 'vitest'
import OutboxEntryView from '../../src/renderer/src/views/outbox/modules/outbox-entry.vue'
import { parseLaravelMessage } from '../../src/renderer/src/utils/laravel-messages'
import type { OutboxEntry } from '../../src/shared/domain/outbox'
import { fakeApi, mountWithApp, settle } from './harness'

function entry(over: Partial<OutboxEntry>): OutboxEntry {
  return {
    id: 5,
    kind: 'update',
    ticketId: 42,
    changes: {},
    base: null,
    state: 'pending',
    attempts: 1,
    lastError: null,
    conflict: null,
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-01T00:00:00.000Z',
    ...over,
  }
}

describe('a waiting edit', () => {
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

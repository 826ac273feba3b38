/**
 * The form's drafts: kept as the agent types (only what they changed, with what it was), offered
 * back on the next open, never putting back or writing over what a colleague changed since.
 */
import { describe, expect, it } from 'vitest'
import type { Draft } from '../../src/shared/domain/outbox'
import { switchLanguage } from '../../src/renderer/src/i18n'
import { settle, until, type FakeHandlers } from './harness'
import { ticket } from './fixtures'
import { entry, formVm, mountForm } from './ticket-form-harness'

/** The host's drafts, kept in a map as the outbox's file would keep them. */
function draftStore(): { drafts: Map<string, Draft>; handlers: FakeHandlers } {
  const drafts = new Map<string, Draft>()
  return {
    drafts,
    handlers: {
      'drafts:get': ({ key }) => drafts.get(key) ?? null,
      'drafts:save': (input) => {
        const d = { ...input, updatedAt: '2030-01-01T00:00:00.000Z' }
        drafts.set(input.key, d)
        return d
      },
      'drafts:clear': ({ key }) => {
        drafts.delete(key)
        return { key }
      },
    },
  }
}

describe('ticket form drafts (component)', () => {
  it('keeps what the agent types as a draft and offers it back on the next open', async () => {
    const { drafts, handlers } = draftStore()
    const first = await mountForm({ ticket: ticket() }, handlers)
    await first.wrapper.find('#tf-content').setValue('客戶說了很長的故事')
    // Saved after the draft's debounce.
    await until(() => expect(drafts.get('ticket:42')?.values.content).toBe('客戶說了很長的故事'))
    first.wrapper.unmount()

    // Only what the agent changed: restoring must not put back what others change meanwhile.
    expect(drafts.get('ticket:42')?.values).toEqual({ content: '客戶說了很長的故事' })

    const second = await mountForm({ ticket: ticket() }, handlers)
    await until(() => expect(second.wrapper.find('[data-testid=draft-offer]').exists()).toBe(true))
    expect(second.wrapper.find('[data-testid=draft-offer]').text()).not.toContain('有人改過')
    await second.wrapper.find('[data-testid=draft-restore]').trigger('click')
    await settle()
    expect(formVm(second.wrapper).model.content).toBe('客戶說了很長的故事')
    second.wrapper.unmount()

    // A colleague resolves the ticket and raises its priority; the draft is restored after.
    const changed = ticket({ status: 2, priority: 3, updated_at: '2030-01-01 08:00:00' })
    const third = await mountForm({ ticket: changed }, handlers)
    await until(() => expect(third.wrapper.find('[data-testid=draft-offer]').exists()).toBe(true))
    expect(third.wrapper.find('[data-testid=draft-offer]').text()).toContain(
      '這張工單在草稿之後有人改過',
    )
    await third.wrapper.find('[data-testid=draft-restore]').trigger('click')
    await settle()
    const restored = formVm(third.wrapper).model as unknown as Record<string, unknown>
    expect(restored.content).toBe('客戶說了很長的故事')
    expect([restored.status, restored.priority]).toEqual([2, 3])
    third.wrapper.unmount()
  })

  it('drops, on opening, a draft whose values the ticket holds already: nothing is left to restore', async () => {
    const { drafts, handlers } = draftStore()
    // Typed here, then saved the same way elsewhere (another tab, a colleague): the ticket now
    // says what the draft says.
    drafts.set('ticket:42', {
      key: 'ticket:42',
      values: { content: '已經存到伺服器的說明' },
      baseUpdatedAt: '2030-01-01 07:00:00',
      baseValues: { content: '客戶要求退款\n第二行' },
      updatedAt: '2030-01-01T00:00:00.000Z',
    })
    const form = await mountForm({ ticket: ticket({ content: '已經存到伺服器的說明' }) }, handlers)
    await until(() => expect(drafts.has('ticket:42')).toBe(false))
    expect(form.wrapper.find('[data-testid=draft-offer]').exists()).toBe(false)
    form.wrapper.unmount()
  })

  it("makes a colleague's later change of a drafted field a conflict on save, not an overwrite", async () => {
    const store = draftStore()
    const { drafts } = store
    const handlers: FakeHandlers = {
      ...store.handlers,
      'tickets:update': () => ({ state: 'conflict', outboxId: 4, entry: entry({ id: 4 }) }),
    }
    const first = await mountForm({ ticket: ticket() }, handlers)
    await first.wrapper.find('#tf-content').setValue('我的說明')
    await until(() => expect(drafts.get('ticket:42')?.values.content).toBe('我的說明'))
    // What the field held when the agent began, kept with the draft.
    expect(drafts.get('ticket:42')?.baseValues).toEqual({ content: '客戶要求退款\n第二行' })
    first.wrapper.unmount()

    // A colleague rewrites the same field (and the subject) after the draft began.
    const changed = ticket({
      subject: '同事改的主旨',
      content: '同事寫的說明',
      updated_at: '2030-01-01 08:00:00',
    })
    const { wrapper, api, i18n } = await mountForm({ ticket: changed }, handlers)
    await until(() => expect(wrapper.find('[data-testid=draft-offer]').exists()).toBe(true))
    // The offer names the field both changed, in the agent's language.
    expect(wrapper.find('[data-testid=draft-offer]').text()).toContain('「內容」')
    await switchLanguage(i18n.global, 'en')
    await settle()
    expect(wrapper.find('[data-testid=draft-offer]').text()).toContain(
      'Content also changed after your draft',
    )
    await switchLanguage(i18n.global, 'zh-TW')
    await wrapper.find('[data-testid=draft-restore]').trigger('click')
    await settle()
    expect(formVm(wrapper).model.content).toBe('我的說明')
    expect(formVm(wrapper).model.subject).toBe('同事改的主旨')
    await formVm(wrapper).save()
    await settle()
    // The save compares with what the agent began from: the outbox then finds the colleague's
    // value there instead and asks the agent, rather than writing over it.
    const call = api.calls.find((c) => c.channel === 'tickets:update')
    expect(call?.input).toEqual({
      id: 42,
      changes: { content: '我的說明' },
      base: { updatedAt: '2030-01-01 08:00:00', values: { content: '客戶要求退款\n第二行' } },
    })
    wrapper.unmount()
  })

  it("keeps a new ticket's draft with its caller: another caller's form neither offers nor overwrites it", async () => {
    const { drafts, handlers } = draftStore()
    const forCaller = async (contactId?: number) =>
      mountForm(contactId ? { preset: { contactId } } : {}, handlers)
    const first = await forCaller(9)
    await first.wrapper.find('#tf-subject').setValue('林先生要求退款')
    await until(() => expect(drafts.get('new:9')?.values.subject).toBe('林先生要求退款'))
    first.wrapper.unmount()

    // The next caller's new ticket starts empty, and what is typed there is kept apart.
    const second = await forCaller(10)
    await settle()
    expect(second.wrapper.find('[data-testid=draft-offer]').exists()).toBe(false)
    await second.wrapper.find('#tf-subject').setValue('陳小姐查詢帳單')
    await until(() => expect(drafts.get('new:10')?.values.subject).toBe('陳小姐查詢帳單'))
    second.wrapper.unmount()
    const plain = await forCaller()
    await settle()
    expect(plain.wrapper.find('[data-testid=draft-offer]').exists()).toBe(false)
    plain.wrapper.unmount()

    // Back to the first caller: their draft, as typed.
    const again = await forCaller(9)
    await until(() => expect(again.wrapper.find('[data-testid=draft-offer]').exists()).toBe(true))
    await again.wrapper.find('[data-testid=draft-restore]').trigger('click')
    await settle()
    expect(formVm(again.wrapper).model.subject).toBe('林先生要求退款')
    again.wrapper.unmount()
  })

  it('keeps the last words typed before a reload, and forgets a change put back', async () => {
    const saved: string[] = []
    const cleared: string[] = []
    const { wrapper } = await mountForm(
      { ticket: ticket() },
      {
        'drafts:save': (input) => {
          saved.push(String(input.values.subject))
          return { ...input, updatedAt: '2030-01-01T00:00:00.000Z' }
        },
        'drafts:clear': ({ key }) => {
          cleared.push(key)
          return { key }
        },
      },
    )
    await wrapper.find('#tf-subject').setValue('改了主旨')
    // The page goes before the draft's debounce has run: it is stored at once.
    window.dispatchEvent(new Event('pagehide'))
    await settle()
    expect(saved).toEqual(['改了主旨'])
    // Put back as it was, then gone again at once: no draft of a change the agent undid.
    await wrapper.find('#tf-subject').setValue(ticket().subject ?? '')
    window.dispatchEvent(new Event('pagehide'))
    await settle()
    expect(cleared).toEqual(['ticket:42'])
    wrapper.unmount()
  })
})

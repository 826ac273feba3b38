/**
 * The drafts in the waiting-edits screen: every form's unsaved typing kept on this computer is
 * listed, by what it is for, with the way back to its form; one whose ticket is gone shows its
 * text to copy; discarding asks first.
 */
import { describe, expect, it } from 'vitest'
import { switchLanguage } from '../../src/renderer/src/i18n'
import OutboxView from '../../src/renderer/src/views/outbox/index.vue'
import type { DraftListed } from '../../src/shared/contract/contract'
import { listedDraft } from './fixtures'
import { fakeApi, mountWithApp, settle, until } from './harness'

async function mountOutbox(drafts: DraftListed[]) {
  let kept = drafts
  const api = fakeApi({
    'outbox:list': () => [],
    'drafts:list': () => kept,
    'drafts:clear': ({ key }: { key: string }) => {
      kept = kept.filter((d) => d.draft.key !== key)
      return { key }
    },
  })
  const mounted = await mountWithApp(OutboxView, { api })
  await until(() => expect(mounted.wrapper.find('[data-testid=drafts]').exists()).toBe(true))
  return { ...mounted, api }
}

const CALLER = { id: 9, name: '王 佩珊', membershipNo: 'M001', maskedIdentityNo: 'A123****89' }

describe('the drafts in waiting edits', () => {
  it('lists each by what it is for, when it was typed and which fields, in either language', async () => {
    const { wrapper, i18n } = await mountOutbox([
      listedDraft({
        key: 'ticket:42',
        // A subject typed over the ticket's: the ticket is still named by the one it has.
        values: { subject: '改過的主旨', content: '客戶說明天再來電', statusMemo: '等回電' },
      }),
      listedDraft(
        { key: 'new:9', values: { subject: '帳單疑問' }, baseValues: null },
        {
          ticketSubject: null,
          contact: CALLER,
        },
      ),
    ])
    const ticket = wrapper.find('[data-testid="draft-ticket:42"]')
    expect(ticket.text()).toContain('修改工單 #42')
    expect(ticket.text()).toContain('退款申請')
    // The time in the server's zone (Asia/Taipei, +8), as every time on screen.
    expect(ticket.text()).toContain('最後輸入於 2030-01-01 10:03')
    expect(ticket.text()).not.toContain('改過的主旨')
    expect(ticket.text()).toContain('打過的欄位：主旨、內容、狀態備註')
    const caller = wrapper.find('[data-testid="draft-new:9"]')
    expect(caller.text()).toContain('新增工單：王 佩珊 (M001 · A123****89)')
    expect(caller.text()).toContain('帳單疑問')
    await switchLanguage(i18n.global, 'en')
    await settle()
    expect(wrapper.find('[data-testid=drafts]').text()).toContain('Unsaved drafts')
    expect(wrapper.find('[data-testid="draft-ticket:42"]').text()).toContain(
      'Fields typed: Subject, Content, Status memo',
    )
    expect(wrapper.find('[data-testid="draft-new:9"]').text()).toContain('New ticket: 王 佩珊')
    wrapper.unmount()
  })

  it("opens a draft's form, for a ticket and for a caller's new ticket", async () => {
    const { wrapper, router } = await mountOutbox([
      listedDraft({ key: 'ticket:42' }),
      listedDraft({ key: 'new:9', baseValues: null }, { ticketSubject: null, contact: CALLER }),
    ])
    await wrapper.find('[data-testid="draft-ticket:42"] [data-testid=draft-open]').trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/tickets/42/edit'))
    await router.push('/')
    await until(() =>
      expect(wrapper.find('[data-testid="draft-new:9"] [data-testid=draft-open]').exists()).toBe(
        true,
      ),
    )
    await wrapper.find('[data-testid="draft-new:9"] [data-testid=draft-open]').trigger('click')
    await until(() => expect(router.currentRoute.value.name).toBe('ticket-new'))
    expect(router.currentRoute.value.query).toMatchObject({
      contactId: '9',
      contactName: '王 佩珊 (M001 · A123****89)',
    })
    wrapper.unmount()
  })

  it('shows the whole text of a draft whose ticket is gone, with no form to open', async () => {
    const { wrapper } = await mountOutbox([
      listedDraft(
        { key: 'ticket:7', values: { content: '第一行\n第二行', priority: 3 } },
        { ticketGone: true, ticketSubject: null },
      ),
    ])
    const gone = wrapper.find('[data-testid="draft-ticket:7"]')
    expect(gone.find('[data-testid=draft-gone]').text()).toContain('這張工單已不在這台電腦上')
    expect(gone.find('[data-testid=draft-text-content]').text()).toBe('第一行\n第二行')
    expect(gone.find('[data-testid=draft-open]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('asks before discarding a draft, then it is gone from the computer and the list', async () => {
    // Last in this file: a dialog's leave transition never ends in happy-dom.
    const { wrapper, api } = await mountOutbox([listedDraft({ key: 'ticket:42' })])
    await wrapper.find('[data-testid=draft-discard]').trigger('click')
    await until(() =>
      expect(document.querySelector('.n-dialog')?.textContent).toContain('捨棄後無法復原'),
    )
    expect(api.calls.some((c) => c.channel === 'drafts:clear')).toBe(false)
    const yes = [...document.querySelectorAll<HTMLButtonElement>('.n-dialog button')].find((b) =>
      b.textContent?.includes('捨棄草稿'),
    )
    yes?.click()
    await until(() => expect(wrapper.find('[data-testid=drafts]').exists()).toBe(false))
    expect(api.calls.find((c) => c.channel === 'drafts:clear')?.input).toEqual({ key: 'ticket:42' })
    wrapper.unmount()
  })
})

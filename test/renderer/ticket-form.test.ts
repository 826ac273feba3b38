import { describe, expect, it } from 'vitest'
import TicketForm from '../../src/renderer/src/views/ticket-form/modules/ticket-form.vue'
import { AppError } from '../../src/shared/domain/errors'
import { switchLanguage } from '../../src/renderer/src/i18n'
import { settle, until } from './harness'
import { ticket } from './fixtures'
import { entry, formVm, mountForm } from './ticket-form-harness'

describe('ticket form (component)', () => {
  it('requires subject and content: shows both messages and sends nothing', async () => {
    const { wrapper, api } = await mountForm({})
    await formVm(wrapper).save()
    await settle()
    const text = document.body.textContent ?? ''
    expect(text).toContain('主旨為必填')
    expect(text).toContain('內容為必填')
    expect(api.calls.some((c) => c.channel === 'tickets:create')).toBe(false)
    wrapper.unmount()
  })

  it('flags an empty field as the agent types or saves, not when they merely leave it', async () => {
    const { wrapper } = await mountForm({})
    const feedback = () =>
      wrapper.find('#tf-subject').element.closest('.n-form-item')?.textContent ?? ''
    await wrapper.find('#tf-subject').trigger('focus')
    await wrapper.find('#tf-subject').trigger('blur')
    await settle()
    expect(feedback()).not.toContain('主旨為必填')
    await wrapper.find('#tf-subject').setValue('退')
    await wrapper.find('#tf-subject').setValue('')
    await until(() => expect(feedback()).toContain('主旨為必填'))
    wrapper.unmount()
  })

  it("says what is missing in the agent's language after a switch", async () => {
    const { wrapper, i18n } = await mountForm({})
    await formVm(wrapper).save()
    await until(() => expect(document.body.textContent).toContain('主旨為必填'))
    await switchLanguage(i18n.global, 'en')
    await until(() => expect(document.body.textContent).toContain('Subject is required'))
    expect(document.body.textContent).toContain('Content is required')
    expect(document.body.textContent).not.toContain('必填')
    wrapper.unmount()
  })

  it('creates with subject and content filled in', async () => {
    const created = ticket({ id: 77 })
    const { wrapper, api } = await mountForm(
      {},
      { 'tickets:create': () => ({ state: 'applied', outboxId: 1, ticket: created }) },
    )
    await wrapper.find('#tf-subject').setValue('新工單')
    await wrapper.find('#tf-content').setValue('內容')
    await formVm(wrapper).save()
    await settle()
    const call = api.calls.find((c) => c.channel === 'tickets:create')
    expect(call?.input).toEqual({ subject: '新工單', content: '內容', status: 0, priority: 0 })
    expect(wrapper.findComponent(TicketForm).emitted('saved')?.[0]).toEqual([
      { ticket: created, ticketId: 77, state: 'applied' },
    ])
    wrapper.unmount()
  })

  it('limits termination codes to the chosen status and clears one that no longer fits', async () => {
    const { wrapper } = await mountForm({ ticket: ticket() })
    const vm = formVm(wrapper)
    expect(vm.model.terminationCodeId).toBe(101)
    // Click the "已解決" status button.
    const resolved = wrapper.findAll('[data-testid=tf-status] input[type=radio]').at(2)
    expect(resolved).toBeDefined()
    await resolved!.setValue(true)
    await settle()
    expect(vm.model.status).toBe(2)
    expect(vm.model.terminationCodeId).toBeNull()
    wrapper.unmount()
  })

  it('brings the status detail back when the status is switched away and back, and saves nothing', async () => {
    const { wrapper, api } = await mountForm({ ticket: ticket() })
    const vm = formVm(wrapper)
    expect(vm.model.terminationCodeId).toBe(101)
    const radios = wrapper.findAll('[data-testid=tf-status] input[type=radio]')
    await radios.at(2)!.setValue(true)
    await settle()
    expect(vm.model.terminationCodeId).toBeNull()
    await radios.at(1)!.setValue(true)
    await settle()
    expect(vm.model.status).toBe(1)
    expect(vm.model.terminationCodeId).toBe(101)
    await vm.save()
    await settle()
    expect(api.calls.some((c) => c.channel === 'tickets:update')).toBe(false)
    wrapper.unmount()
  })

  it('sends only the changed fields with what they were based on', async () => {
    const t = ticket()
    const { wrapper, api } = await mountForm(
      { ticket: t },
      {
        'tickets:update': (input) => ({
          state: 'applied',
          outboxId: 1,
          ticket: { ...t, ...input.changes, updated_at: '2030-01-01 00:00:00' },
        }),
      },
    )
    await wrapper.find('#tf-subject').setValue('申請退款（急）')
    await formVm(wrapper).save()
    await settle()
    const call = api.calls.find((c) => c.channel === 'tickets:update')
    expect(call?.input).toEqual({
      id: 42,
      changes: { subject: '申請退款（急）' },
      base: { updatedAt: '2029-12-31 09:00:00', values: { subject: t.subject } },
    })
    wrapper.unmount()
  })

  it("shows the server's 422 messages beside the fields they name", async () => {
    const { wrapper } = await mountForm(
      { ticket: ticket() },
      {
        'tickets:update': () => ({
          state: 'rejected',
          outboxId: 3,
          entry: entry({
            state: 'rejected',
            lastError: {
              code: 'validation',
              message: 'The given data was invalid.',
              fields: { subject: ['The subject field is required.'] },
            },
          }),
        }),
      },
    )
    await wrapper.find('#tf-subject').setValue('重複')
    await formVm(wrapper).save()
    await settle()
    const item = wrapper.find('#tf-subject').element.closest('.n-form-item')
    // Laravel's English sentence, in the agent's language.
    expect(item?.textContent).toContain('主旨為必填')
    expect(item?.textContent).not.toContain('The subject field')
    // Beside Save, not in a corner toast over it: the save did not happen, and why.
    expect(wrapper.find('.actions [data-testid=tf-save-failure]').text()).toBe(
      '未儲存：伺服器拒絕了部分欄位，請檢查標示的欄位。',
    )
    expect(document.querySelector('.n-notification')).toBeNull()
    wrapper.unmount()
  })

  it("says beside Save why a save failed, in the agent's language, until the next save", async () => {
    let fail = true
    const { wrapper, i18n } = await mountForm(
      { ticket: ticket() },
      {
        'tickets:update': () => {
          if (fail) throw new AppError({ code: 'cache_unavailable', message: 'SQLITE_BUSY' })
          return { state: 'queued', outboxId: 9 }
        },
      },
    )
    await wrapper.find('#tf-subject').setValue('改過的主旨')
    await formVm(wrapper).save()
    await settle()
    const failure = () => wrapper.find('[data-testid=tf-save-failure]')
    expect(failure().text()).toBe('未儲存：本機快取暫時無法使用。')
    expect(failure().attributes('role')).toBe('alert')
    expect(document.querySelector('.n-notification')).toBeNull()
    // The agent's text is still there, to save again.
    expect((wrapper.find('#tf-subject').element as HTMLInputElement).value).toBe('改過的主旨')
    await switchLanguage(i18n.global, 'en')
    await settle()
    expect(failure().text()).toBe('Not saved: The local cache is not available right now.')
    fail = false
    await formVm(wrapper).save()
    await settle()
    expect(failure().exists()).toBe(false)
    wrapper.unmount()
  })

  it("names the ticket's handler and customer as their pickers list them, the id masked", async () => {
    const { wrapper } = await mountForm({ ticket: ticket() })
    const shown = (field: string) =>
      wrapper.find(`[data-testid=tf-${field}] .n-base-selection`).text()
    expect(shown('handler')).toBe('王小明 (E007)')
    // As the contact search offers people of the same name: membership number and masked id.
    expect(shown('contact')).toBe('林大華 (M001 · A123****89)')
    expect(wrapper.html()).not.toContain('A123456789')
    wrapper.unmount()
  })

  it('keeps editing while offline: the save waits in the outbox and says so', async () => {
    const { wrapper, api } = await mountForm(
      { ticket: ticket() },
      { 'tickets:update': () => ({ state: 'queued', outboxId: 9 }) },
      false,
    )
    expect((wrapper.find('#tf-subject').element as HTMLInputElement).disabled).toBe(false)
    await wrapper.find('#tf-subject').setValue('離線時改的')
    await formVm(wrapper).save()
    await settle()
    expect(api.calls.some((c) => c.channel === 'tickets:update')).toBe(true)
    expect(document.body.textContent).toContain('已存在這台電腦')
    expect(wrapper.findComponent(TicketForm).emitted('saved')?.[0]).toEqual([
      { ticket: null, ticketId: 42, state: 'queued' },
    ])
    wrapper.unmount()
  })

  it('asks before leaving with unsaved changes, and stays when the agent says so', async () => {
    const { wrapper, router } = await mountForm({ ticket: ticket() })
    await wrapper.find('#tf-subject').setValue('改了主旨')
    const leaving = router.push('/settings')
    await until(() => expect(document.body.textContent).toContain('有尚未儲存的變更'))
    const stay = [...document.querySelectorAll<HTMLButtonElement>('.n-dialog button')].find((b) =>
      b.textContent?.includes('繼續編輯'),
    )
    stay?.click()
    await leaving
    expect(router.currentRoute.value.path).toBe('/')
    wrapper.unmount()
  })

  it('cascades category to sub-category in the form', async () => {
    const { wrapper } = await mountForm({ ticket: ticket() })
    const vm = formVm(wrapper)
    expect(vm.model.categoryId).toBe(1)
    expect(vm.model.subCategoryId).toBe(11)
    const categorySelect = wrapper.findAllComponents({ name: 'Select' })[1]
    categorySelect?.vm.$emit('update:value', 2)
    await settle()
    expect(vm.model.categoryId).toBe(2)
    expect(vm.model.subCategoryId).toBeNull()
    wrapper.unmount()
  })
})

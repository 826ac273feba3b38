/** What a template's variables become in the ticket form, at the moment one is inserted. */
import { computed, type ComputedRef, type Ref } from 'vue'
import type { Ticket } from '../../../../../shared/domain/api-schemas'
import { personName } from '../../../../../shared/domain/people'
import type { TemplateValues } from '../../../../../shared/domain/templates'
import { useServerNowStore } from '../../../stores/server-now'
import { useSettingsStore } from '../../../stores/settings'
import type { TicketFormModel } from './form-model'

export function useTemplateValues(
  props: () => { ticket?: Ticket | null; presetContactName?: string | null },
  model: Ref<TicketFormModel>,
): ComputedRef<TemplateValues> {
  const settings = useSettingsStore()
  const serverNow = useServerNowStore()
  return computed(() => {
    const { ticket, presetContactName } = props()
    return {
      // The caller's name is known for the ticket's own contact or the one the form was opened for.
      caller:
        ticket && ticket.contact_id === model.value.contactId
          ? personName(ticket.contact)
          : (presetContactName ?? null),
      ticket_id: ticket?.id ?? null,
      me: settings.me?.name ?? null,
      // Today in the server's time, as every date the API sends.
      today: serverNow.now.slice(0, 10),
      due: model.value.dueAt,
    }
  })
}

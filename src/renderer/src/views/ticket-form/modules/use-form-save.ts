/**
 * The form's save: only what changed for an edit, the whole form for a create; the server's 422
 * messages land beside their fields while the agent's text is still there. Says where the result
 * is: on the server (its id), or waiting in the outbox (an update keeps the ticket's id; a create
 * is its local row, `-outboxId`, until the server gives it a number).
 */
import { useMessage, useNotification } from 'naive-ui'
import { computed, ref, shallowRef, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Ticket } from '../../../../../shared/domain/api-schemas'
import type { WriteResult } from '../../../../../shared/domain/outbox'
import { useColleagueGuard } from '../../../composables/use-colleague-guard'
import { useErrorText } from '../../../composables/use-error-text'
import { useServerMessage } from '../../../composables/use-server-message'
import { useOutboxStore } from '../../../stores/outbox'
import { useTicketsStore } from '../../../stores/tickets'
import {
  baseValues,
  changedFields,
  fieldErrors,
  toCreateInput,
  type TicketFormModel,
} from './form-model'

export interface SavedResult {
  ticket: Ticket | null
  /** The ticket to show next: the server's id, or a new ticket's local row (negative). */
  ticketId: number | null
  state: WriteResult['state']
}

/** Where a saved form's ticket now is: the server's id, the edited ticket's, or a local row's. */
export function savedTicketId(result: WriteResult, editedId: number | null): number | null {
  if (result.state === 'applied') return result.ticket?.id ?? editedId
  return editedId ?? -result.outboxId
}

export function useFormSave(options: {
  ticket: () => Ticket | null | undefined
  initial: Ref<TicketFormModel>
  model: Ref<TicketFormModel>
  validate: () => Promise<boolean>
  /** Called once the save is done, before the form says so (drafts cleared, guard released). */
  settled: () => Promise<void>
  done: (result: SavedResult) => void
}) {
  const { t } = useI18n()
  const colleagueGuard = useColleagueGuard()
  const tickets = useTicketsStore()
  const outbox = useOutboxStore()
  const message = useMessage()
  const notification = useNotification()
  const errorText = useErrorText()
  const { translateFields } = useServerMessage()
  const saving = ref(false)
  const serverErrors = ref<ReturnType<typeof fieldErrors>>({})
  /**
   * Why the last save did not happen, shown beside Save until the next attempt: a toast in the
   * corner would cover Save (the form's bottom right) and go away before the agent has read it.
   * Kept as the error, not its sentence, so it follows a change of language.
   */
  const failure = shallowRef<unknown>(null)
  const failureText = computed(() =>
    failure.value === null ? null : t('form.notSaved', { reason: errorText(failure.value) }),
  )

  async function write(): Promise<WriteResult | null> {
    const ticket = options.ticket()
    if (!ticket) return tickets.create(toCreateInput(options.model.value))
    const changes = changedFields(options.initial.value, options.model.value)
    if (Object.keys(changes).length === 0) {
      message.info(() => t('form.nothingChanged'))
      return null
    }
    return tickets.update({
      id: ticket.id,
      changes,
      base: {
        updatedAt: ticket.updated_at ?? null,
        values: baseValues(options.initial.value, changes),
      },
    })
  }

  async function save(): Promise<void> {
    if (saving.value) return
    if (!(await options.validate())) {
      message.error(() => t('form.invalid'))
      return
    }
    const editedId = options.ticket()?.id
    if (editedId !== undefined && !(await colleagueGuard(editedId))) return
    saving.value = true
    serverErrors.value = {}
    failure.value = null
    try {
      const result = await write()
      if (!result) return
      if (result.state === 'rejected') {
        // Shown here, beside the fields, while the agent's text is still in the form: the entry
        // is taken back out, so the corrected save is not held behind it.
        serverErrors.value = fieldErrors(translateFields(result.entry.lastError?.fields))
        await outbox.discard(result.outboxId)
        const refused = result.entry.lastError ?? { code: 'validation' }
        // "See the marked fields" only when some are: a bare 422 names none.
        failure.value =
          Object.keys(serverErrors.value).length > 0
            ? refused
            : { ...refused, reason: 'refused_unmarked' }
        return
      }
      const editing = options.ticket()
      const ticketId = savedTicketId(result, editing?.id ?? null)
      if (result.state === 'applied') {
        notification.success({
          content: () => t(editing ? 'form.saved' : 'form.created', { id: ticketId ?? '' }),
          duration: 3000,
        })
      } else if (result.state === 'queued') {
        notification.info({ content: () => t('form.queued'), duration: 5000 })
      } else {
        notification.warning({ content: () => t('form.conflictWaits'), duration: 8000 })
      }
      options.initial.value = { ...options.model.value }
      await options.settled()
      options.done({
        ticket: result.state === 'applied' ? result.ticket : null,
        ticketId,
        state: result.state,
      })
    } catch (e) {
      failure.value = e
    } finally {
      saving.value = false
    }
  }

  return { saving, serverErrors, failureText, save }
}

/**
 * Form fields named in a sentence ("內容、狀態備註" / "Content, Status memo"): by their API field's
 * label, in the form's order of keys given, joined as the language joins a list. The draft's offer
 * and the drafts' list name fields this way.
 */
import { useI18n } from 'vue-i18n'
import { useServerMessage } from '../../../composables/use-server-message'
import { API_FIELDS, type TicketFormModel } from './form-model'

export function useFieldNames(): (keys: readonly (keyof TicketFormModel)[]) => string {
  const { t } = useI18n()
  const { fieldLabel } = useServerMessage()
  return (keys) =>
    keys
      .filter((k): k is keyof typeof API_FIELDS => k in API_FIELDS)
      .map((k) => fieldLabel(API_FIELDS[k]))
      .join(t('common.listSep'))
}

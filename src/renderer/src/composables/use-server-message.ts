/**
 * The server's 422 field messages in the agent's language: Laravel's known sentences are
 * translated with the field's own label (utils/laravel-messages.ts); anything else is shown as sent.
 */
import { useI18n } from 'vue-i18n'
import { translateLaravelMessage } from '../utils/laravel-messages'

/** API field names (and Laravel's attribute names) to the form's label keys. */
export const FIELD_LABEL_KEYS: Record<string, string> = {
  subject: 'form.subject',
  content: 'form.content',
  status: 'form.status',
  priority: 'form.priority',
  termination_code_id: 'form.terminationCode',
  termination_code: 'form.terminationCode',
  category_id: 'form.category',
  sub_category_id: 'form.subCategory',
  handler_id: 'form.handler',
  sponsor_id: 'form.sponsor',
  due_at: 'form.due',
  status_memo: 'form.statusMemo',
  contact_id: 'form.contact',
}

export function useServerMessage(): {
  /** The label of an API field, e.g. `handler_id` → 處理人員. */
  fieldLabel: (field: string) => string
  /** One message in the agent's language. */
  translate: (message: string) => string
  /** A 422's `fields` with every message translated. */
  translateFields: (fields: Record<string, string[]> | undefined) => Record<string, string[]>
} {
  const { t } = useI18n()
  const fieldLabel = (field: string): string => {
    const key = FIELD_LABEL_KEYS[field]
    return key ? t(key) : field.replace(/_/g, ' ')
  }
  const translate = (message: string): string =>
    translateLaravelMessage(message, fieldLabel, (key, values) => t(key, values ?? {}))
  return {
    fieldLabel,
    translate,
    translateFields: (fields) => {
      const out: Record<string, string[]> = {}
      for (const [f, messages] of Object.entries(fields ?? {})) out[f] = messages.map(translate)
      return out
    },
  }
}

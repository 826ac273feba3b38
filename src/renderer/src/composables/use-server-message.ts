/**
 * The server's 422 field messages in the agent's language: Laravel's known sentences are
 * translated with the field's own label (utils/laravel-messages.ts); anything else is shown as sent.
 */
import { useI18n } from 'vue-i18n'
import { translateLaravelMessage } from '../utils/laravel-messages'

/** Laravel's attribute names that differ from the field they are about. */
const ALIASES: Record<string, string> = { termination_code: 'termination_code_id' }

export function useServerMessage(): {
  /** The label of an API field, e.g. `handler_id` → 處理人員. */
  fieldLabel: (field: string) => string
  /** One message in the agent's language. */
  translate: (message: string) => string
  /** A 422's `fields` with every message translated. */
  translateFields: (fields: Record<string, string[]> | undefined) => Record<string, string[]>
} {
  const { t, te } = useI18n()
  const fieldLabel = (field: string): string => {
    const name = ALIASES[field] ?? field
    return te(`field.${name}`) ? t(`field.${name}`) : field.replace(/_/g, ' ')
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

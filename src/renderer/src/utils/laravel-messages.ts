/**
 * The server's 422 messages are Laravel's English validation sentences. Those we know are shown
 * in the agent's language, with the field's own label; any other message is shown as sent.
 */
import type { ApiField } from '../views/ticket-form/modules/form-model'

/** A known Laravel sentence: the locale key under `laravel.` and the values it needs. */
interface Known {
  key: 'required' | 'invalid' | 'max' | 'integer' | 'string' | 'format' | 'date' | 'min'
  attribute: string
  params?: Record<string, string>
}

const PATTERNS: [RegExp, Known['key'], string[]][] = [
  [/^The (.+?) field is required\.$/, 'required', []],
  [/^The selected (.+?) is invalid\.$/, 'invalid', []],
  [/^The (.+?) (?:field )?(?:may|must) not be greater than (\d+) characters\.$/, 'max', ['max']],
  [/^The (.+?) (?:field )?must be at least (\d+)(?: characters)?\.$/, 'min', ['min']],
  [/^The (.+?) (?:field )?must be an integer\.$/, 'integer', []],
  [/^The (.+?) (?:field )?must be a string\.$/, 'string', []],
  [/^The (.+?) (?:field )?(?:does not match|must match) the format (.+?)\.$/, 'format', ['format']],
  [/^The (.+?) (?:field )?(?:is not a valid date|must be a valid date)\.$/, 'date', []],
]

export function parseLaravelMessage(message: string): Known | null {
  for (const [re, key, names] of PATTERNS) {
    const m = re.exec(message.trim())
    if (!m) continue
    const params: Record<string, string> = {}
    names.forEach((name, i) => (params[name] = m[i + 2] ?? ''))
    return { key, attribute: (m[1] ?? '').replace(/ /g, '_'), params }
  }
  return null
}

/**
 * `message` in the agent's language when it is a known one. `label` names the API field
 * (`handler_id` → the form's "處理人員"); `t` is vue-i18n's.
 */
export function translateLaravelMessage(
  message: string,
  label: (field: ApiField | string) => string,
  t: (key: string, values?: Record<string, unknown>) => string,
): string {
  const known = parseLaravelMessage(message)
  if (!known) return message
  return t(`laravel.${known.key}`, { field: label(known.attribute), ...known.params })
}

/**
 * Laravel's input handling as the vendor's server would apply it: strings trimmed and '' turned
 * into null (its default middleware), then rules with Laravel 5.8's English messages, one list of
 * messages per field. Attribute names in messages have underscores turned into spaces, as Laravel
 * does ("due_at__start" becomes "due at  start").
 */
import type { TicketFilters, TicketWrite } from '../store/ticket-store'

export type FieldErrors = Record<string, string[]>

export class ValidationFailed extends Error {
  constructor(readonly errors: FieldErrors) {
    super('The given data was invalid.')
  }
}

function attr(field: string): string {
  return field.replace(/_/g, ' ')
}

function add(errors: FieldErrors, field: string, message: string): void {
  ;(errors[field] ??= []).push(message)
}

/** TrimStrings + ConvertEmptyStringsToNull. */
function normalize(value: unknown): unknown {
  if (typeof value !== 'string') return value
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

/** Laravel's `integer` accepts ints and integer strings. */
function toInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value)
  return undefined
}

const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/

function isRealDateTime(value: string): boolean {
  const m = DATETIME_RE.exec(value)
  if (!m) return false
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s))
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60
}

export interface WriteRules {
  /** POST: subject and content required. PUT: every field `sometimes`. */
  creating: boolean
  exists: {
    sponsor_id: (id: number) => boolean
    handler_id: (id: number) => boolean
    termination_code_id: (id: number) => boolean
    sub_category_id: (id: number) => boolean
    contact_id: (id: number) => boolean
  }
}

/** Validates a POST/PUT ticket body; unknown keys are ignored, as Laravel's `validated()` does. */
export function validateTicketWrite(body: unknown, rules: WriteRules): TicketWrite {
  const input: Record<string, unknown> = {}
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [k, v] of Object.entries(body)) input[k] = normalize(v)
  }
  const errors: FieldErrors = {}
  const out: TicketWrite = {}
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(input, key)

  for (const key of ['subject', 'content'] as const) {
    if (!rules.creating && !has(key)) continue
    const value = input[key]
    if (value === null || value === undefined) add(errors, key, `The ${key} field is required.`)
    else if (typeof value !== 'string') add(errors, key, `The ${key} must be a string.`)
    else if (key === 'subject' && [...value].length > 255)
      add(errors, key, 'The subject may not be greater than 255 characters.')
    else out[key] = value
  }

  for (const key of Object.keys(rules.exists) as (keyof WriteRules['exists'])[]) {
    if (!has(key)) continue
    const value = input[key]
    if (value === null) {
      out[key] = null
      continue
    }
    const n = toInt(value)
    if (n === undefined) add(errors, key, `The ${attr(key)} must be an integer.`)
    else if (!rules.exists[key](n)) add(errors, key, `The selected ${attr(key)} is invalid.`)
    else out[key] = n
  }

  for (const key of ['status', 'priority'] as const) {
    if (!has(key)) continue
    const value = input[key]
    // Laravel's `integer|in:0,1,2,3` without `nullable`: null fails `in`.
    const n = toInt(value)
    if (value !== null && n === undefined) add(errors, key, `The ${key} must be an integer.`)
    else if (n === undefined || n < 0 || n > 3) add(errors, key, `The selected ${key} is invalid.`)
    else out[key] = n
  }

  if (has('due_at')) {
    const value = input.due_at
    if (value === null) out.due_at = null
    else if (typeof value !== 'string' || !isRealDateTime(value))
      add(errors, 'due_at', 'The due at does not match the format Y-m-d H:i:s.')
    else out.due_at = value
  }

  if (has('status_memo')) {
    const value = input.status_memo
    if (value === null) out.status_memo = null
    else if (typeof value !== 'string')
      add(errors, 'status_memo', 'The status memo must be a string.')
    else out.status_memo = value
  }

  if (Object.keys(errors).length > 0) throw new ValidationFailed(errors)
  return out
}

/** A `date` filter: anything like a date or datetime, compared as `YYYY-MM-DD HH:MM:SS`. */
function parseFilterDate(value: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value.trim())
  if (!m) return undefined
  const normalized = `${m[1]} ${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}`
  return isRealDateTime(normalized) ? normalized : undefined
}

export interface ListQuery {
  page: number
  /** The per_page value as the query gave it (echoed back as text), or undefined. */
  perPageRaw: string | undefined
  perPage: number
}

/** page and per_page. An invalid page becomes 1 (Laravel's paginator); per_page is validated. */
export function validatePaging(
  params: Map<string, string | string[]>,
  errors: FieldErrors,
  defaultPerPage = 15,
): ListQuery {
  const pageRaw = params.get('page')
  const pageNum = typeof pageRaw === 'string' ? toInt(pageRaw) : undefined
  const page = pageNum !== undefined && pageNum >= 1 ? pageNum : 1
  const perPageValue = params.get('per_page')
  let perPage = defaultPerPage
  let perPageRaw: string | undefined
  if (perPageValue !== undefined) {
    const n = typeof perPageValue === 'string' ? toInt(perPageValue.trim()) : undefined
    if (n === undefined) add(errors, 'per_page', 'The per page must be an integer.')
    else if (n < 1) add(errors, 'per_page', 'The per page must be at least 1.')
    else {
      perPage = n
      perPageRaw = (perPageValue as string).trim()
    }
  }
  return { page, perPageRaw, perPage }
}

function intParam(
  params: Map<string, string | string[]>,
  key: string,
  errors: FieldErrors,
): number | undefined {
  const value = params.get(key)
  if (value === undefined || value === '') return undefined
  const n = typeof value === 'string' ? toInt(value.trim()) : undefined
  if (n === undefined) add(errors, key, `The ${attr(key)} must be an integer.`)
  return n
}

function intArrayParam(
  params: Map<string, string | string[]>,
  key: string,
  errors: FieldErrors,
  allowed?: readonly number[],
): number[] | undefined {
  const value = params.get(key)
  if (value === undefined) return undefined
  if (!Array.isArray(value)) {
    if (value === '') return undefined
    add(errors, key, `The ${attr(key)} must be an array.`)
    return undefined
  }
  const out: number[] = []
  value.forEach((item, i) => {
    const n = toInt(item.trim())
    const field = `${key}.${i}`
    if (n === undefined) add(errors, field, `The ${attr(key)}.${i} must be an integer.`)
    else if (allowed && !allowed.includes(n))
      add(errors, field, `The selected ${attr(key)}.${i} is invalid.`)
    else out.push(n)
  })
  return out
}

function dateParam(
  params: Map<string, string | string[]>,
  key: string,
  errors: FieldErrors,
): string | undefined {
  const value = params.get(key)
  if (value === undefined || value === '') return undefined
  const parsed = typeof value === 'string' ? parseFilterDate(value) : undefined
  if (parsed === undefined) add(errors, key, `The ${attr(key)} is not a valid date.`)
  return parsed
}

/** The ticket search's filters; throws ValidationFailed with Laravel's messages. */
export function validateTicketSearch(params: Map<string, string | string[]>): {
  paging: ListQuery
  filters: TicketFilters
} {
  const errors: FieldErrors = {}
  const paging = validatePaging(params, errors)
  const filters: TicketFilters = {}
  const search = params.get('search')
  if (typeof search === 'string' && search.trim() !== '') filters.search = search.trim()
  else if (Array.isArray(search)) add(errors, 'search', 'The search must be a string.')
  const set = <K extends keyof TicketFilters>(
    key: K,
    value: TicketFilters[K] | undefined,
  ): void => {
    if (value !== undefined) filters[key] = value
  }
  set('contact_id', intParam(params, 'contact_id', errors))
  set('sponsor_id', intParam(params, 'sponsor_id', errors))
  set('statuses', intArrayParam(params, 'statuses', errors, [0, 1, 2, 3]))
  set('termination_code_ids', intArrayParam(params, 'termination_code_ids', errors))
  set('handler_ids', intArrayParam(params, 'handler_ids', errors))
  set('creater_ids', intArrayParam(params, 'creater_ids', errors))
  for (const key of [
    'due_at__start',
    'due_at__end',
    'created_at__start',
    'created_at__end',
  ] as const) {
    set(key, dateParam(params, key, errors))
  }
  if (Object.keys(errors).length > 0) throw new ValidationFailed(errors)
  return { paging, filters }
}

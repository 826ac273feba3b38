/**
 * The ticket form's model and rules, kept apart from the component so they are easy to test:
 * termination codes of the chosen status only, the category then sub-category cascade, and a
 * save that sends only the fields that changed.
 */
import type { Lookups } from '../../../../../shared/contract/contract'
import type {
  TerminationCode,
  Ticket,
  TicketCreateInput,
  TicketUpdateInput,
} from '../../../../../shared/domain/api-schemas'

export interface TicketFormModel {
  subject: string
  content: string
  status: number
  priority: number
  terminationCodeId: number | null
  categoryId: number | null
  subCategoryId: number | null
  handlerId: number | null
  sponsorId: number | null
  /** `YYYY-MM-DD HH:MM:SS` server wall-clock time, exactly as the API sends it. */
  dueAt: string | null
  statusMemo: string
  contactId: number | null
}

/** The form's fields mapped to the API's names (for the body and for the server's 422 messages). */
export const API_FIELDS = {
  subject: 'subject',
  content: 'content',
  status: 'status',
  priority: 'priority',
  terminationCodeId: 'termination_code_id',
  categoryId: 'category_id',
  subCategoryId: 'sub_category_id',
  handlerId: 'handler_id',
  sponsorId: 'sponsor_id',
  dueAt: 'due_at',
  statusMemo: 'status_memo',
  contactId: 'contact_id',
} as const satisfies Partial<Record<keyof TicketFormModel, keyof TicketCreateInput>>

export type ApiField = (typeof API_FIELDS)[keyof typeof API_FIELDS]
type SentField = keyof typeof API_FIELDS

export const SUBJECT_MAX = 255

export function emptyModel(): TicketFormModel {
  return {
    subject: '',
    content: '',
    status: 0,
    priority: 0,
    terminationCodeId: null,
    categoryId: null,
    subCategoryId: null,
    handlerId: null,
    sponsorId: null,
    dueAt: null,
    statusMemo: '',
    contactId: null,
  }
}

/** The parent category of a ticket: its own field, else its sub-category's, else from lookups. */
export function categoryOf(ticket: Ticket, lookups?: Lookups): number | null {
  if (ticket.category_id) return ticket.category_id
  if (ticket.sub_category?.category_id) return ticket.sub_category.category_id
  if (ticket.category?.id) return ticket.category.id
  const sub = ticket.sub_category_id
  if (sub && lookups) {
    return lookups.categories.find((c) => c.children.some((s) => s.id === sub))?.id ?? null
  }
  return null
}

export function modelFromTicket(ticket: Ticket, lookups?: Lookups): TicketFormModel {
  return {
    subject: ticket.subject ?? '',
    content: ticket.content ?? '',
    status: ticket.status ?? 0,
    priority: ticket.priority ?? 0,
    terminationCodeId: ticket.termination_code_id ?? null,
    categoryId: categoryOf(ticket, lookups),
    subCategoryId: ticket.sub_category_id ?? null,
    handlerId: ticket.handler_id ?? null,
    sponsorId: ticket.sponsor_id ?? null,
    dueAt: ticket.due_at ?? null,
    statusMemo: ticket.status_memo ?? '',
    contactId: ticket.contact_id ?? null,
  }
}

/** Termination codes that belong to `status`. */
export function codesForStatus(codes: TerminationCode[], status: number): TerminationCode[] {
  return codes.filter((c) => c.status === status)
}

/** Sub-categories of `categoryId` (none until a category is chosen). */
export function subCategoriesOf(lookups: Lookups, categoryId: number | null) {
  if (categoryId === null) return []
  return lookups.categories.find((c) => c.id === categoryId)?.children ?? []
}

/** The status detail the agent last chose for each status, so switching back brings it back. */
export type DetailMemory = Map<number, number | null>

/**
 * After a status change: a termination code of another status is no longer valid; the one the
 * agent had chosen for the new status (in `memory`, which this updates) comes back.
 */
export function withStatus(
  model: TicketFormModel,
  status: number,
  codes: TerminationCode[],
  memory: DetailMemory = new Map(),
): TicketFormModel {
  memory.set(model.status, model.terminationCodeId)
  const valid = (id: number | null | undefined): id is number =>
    id !== null && id !== undefined && codesForStatus(codes, status).some((c) => c.id === id)
  const remembered = memory.get(status)
  const code = valid(model.terminationCodeId)
    ? model.terminationCodeId
    : valid(remembered)
      ? remembered
      : null
  return { ...model, status, terminationCodeId: code }
}

/** After a category change: a sub-category of another category is cleared. */
export function withCategory(
  model: TicketFormModel,
  categoryId: number | null,
  lookups: Lookups,
): TicketFormModel {
  const keep =
    model.subCategoryId !== null &&
    subCategoriesOf(lookups, categoryId).some((s) => s.id === model.subCategoryId)
  return { ...model, categoryId, subCategoryId: keep ? model.subCategoryId : null }
}

function apiValue(model: TicketFormModel, field: SentField): string | number | null {
  const value = model[field]
  if (field === 'statusMemo') return (value as string).trim() === '' ? null : (value as string)
  if (field === 'subject' || field === 'content') return (value as string).trim()
  return value
}

/** The body of a create: subject and content always, other fields when set. */
export function toCreateInput(model: TicketFormModel): TicketCreateInput {
  const body: Record<string, unknown> = {}
  for (const field of Object.keys(API_FIELDS) as SentField[]) {
    const value = apiValue(model, field)
    if (value === null && field !== 'subject' && field !== 'content') continue
    // A sub-category names its category; the category alone is sent only without one.
    if (field === 'categoryId' && model.subCategoryId !== null) continue
    body[API_FIELDS[field]] = value
  }
  return body as TicketCreateInput
}

/**
 * Only the fields whose value differs from where the agent started. A main category is sent
 * only as part of a category change (with its sub-category, null when none was chosen): the
 * ticket's category otherwise follows from its sub-category.
 */
export function changedFields(
  initial: TicketFormModel,
  current: TicketFormModel,
): TicketUpdateInput {
  const changes: Record<string, unknown> = {}
  for (const field of Object.keys(API_FIELDS) as SentField[]) {
    const before = apiValue(initial, field)
    const after = apiValue(current, field)
    if (before !== after) changes[API_FIELDS[field]] = after
  }
  if ('category_id' in changes) changes.sub_category_id = current.subCategoryId
  else if ('sub_category_id' in changes) delete changes.category_id
  return changes as TicketUpdateInput
}

/** Fields that move together: a category with its sub-category, a status with its code. */
const TOGETHER: ReadonlyArray<readonly (keyof TicketFormModel)[]> = [
  ['categoryId', 'subCategoryId'],
  ['status', 'terminationCodeId'],
]

/**
 * The fields the agent has changed, as the form holds them: what a draft keeps. Restoring it sets
 * those alone, so a field someone else changed since stays as the server now has it.
 */
export function editedFields(
  initial: TicketFormModel,
  current: TicketFormModel,
): Partial<TicketFormModel> {
  const keys = new Set(
    (Object.keys(current) as (keyof TicketFormModel)[]).filter((k) => current[k] !== initial[k]),
  )
  for (const group of TOGETHER)
    if (group.some((k) => keys.has(k))) group.forEach((k) => keys.add(k))
  return Object.fromEntries([...keys].map((k) => [k, current[k]])) as Partial<TicketFormModel>
}

/** What the agent started from, for each changed field: the base the outbox compares with. */
export function baseValues(
  initial: TicketFormModel,
  changes: TicketUpdateInput,
): Record<string, string | number | null> {
  const byApi = new Map<string, SentField>(
    (Object.entries(API_FIELDS) as [SentField, string][]).map(([k, v]) => [v, k]),
  )
  const out: Record<string, string | number | null> = {}
  for (const name of Object.keys(changes)) {
    const field = byApi.get(name)
    if (field) out[name] = apiValue(initial, field)
  }
  return out
}

export function isDirty(initial: TicketFormModel, current: TicketFormModel): boolean {
  return Object.keys(changedFields(initial, current)).length > 0
}

/** The server's 422 messages keyed by form field (unknown API fields go under `_`). */
export function fieldErrors(
  fields: Record<string, string[]> | undefined,
): Partial<Record<keyof TicketFormModel | '_', string>> {
  const out: Partial<Record<keyof TicketFormModel | '_', string>> = {}
  if (!fields) return out
  const byApi = new Map<string, keyof TicketFormModel>(
    Object.entries(API_FIELDS).map(([k, v]) => [v, k as keyof TicketFormModel]),
  )
  byApi.set('termination_code', 'terminationCodeId')
  byApi.set('category_id', 'categoryId')
  for (const [name, messages] of Object.entries(fields)) {
    const key = byApi.get(name) ?? byApi.get(name.replace(/^changes\./, '')) ?? '_'
    const text = messages.join(' ')
    out[key] = out[key] ? `${out[key]} ${text}` : text
  }
  return out
}

/** The fields the form checks itself (the rest are the server's to refuse). */
export type RuledField = 'subject' | 'content'

/**
 * The form's own checks (naive-ui rules, worded through `t`): subject and content required. They
 * run as the agent types and on save, not when a field is merely left: an empty new form is not an
 * error because the agent clicked elsewhere first. Each rule is keyed by its field, and `checked`
 * hears each outcome, so the messages shown can be worked out again in another language.
 */
export function formRules(
  t: (key: string, values?: Record<string, unknown>) => string,
  checked: (field: RuledField, ok: boolean) => void = () => undefined,
) {
  const check = (field: RuledField, value: string): Error | true => {
    const name = t(`field.${field}`)
    if (!value || value.trim() === '') return new Error(t('form.required', { field: name }))
    if (field === 'subject' && value.trim().length > SUBJECT_MAX)
      return new Error(t('form.tooLong', { field: name, max: SUBJECT_MAX }))
    return true
  }
  const rule = (field: RuledField) => [
    {
      key: field,
      required: true,
      trigger: ['input'],
      validator: (_rule: unknown, value: string) => {
        const result = check(field, value)
        checked(field, result === true)
        return result
      },
    },
  ]
  return { subject: rule('subject'), content: rule('content') }
}

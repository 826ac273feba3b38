/**
 * Builds a ticket in the API's exact shape (the document's key order and nesting) from its own
 * columns, so embedded objects always agree with their ids: the generator and the server's
 * create/update both go through here.
 */
import type { Interaction, Ticket } from '../../shared/domain/api-schemas'
import { embedEmployee, embedSubCategory, type Lookups } from './lookups'

/** The columns a ticket owns; everything embedded is derived from them. */
export interface TicketColumns {
  id: number
  subject: string
  content: string
  due_at: string | null
  status: number
  status_memo: string | null
  priority: number
  contact_id: number | null
  sub_category_id: number | null
  creater_id: number | null
  handler_id: number | null
  sponsor_id: number | null
  created_at: string
  updated_at: string
  termination_code_id: number | null
}

/** Id-indexed views of the lookups, built once. */
export interface LookupIndex {
  lookups: Lookups
  employees: Map<number, ReturnType<typeof embedEmployee>>
  contacts: Map<number, Lookups['contacts'][number]>
  sponsors: Map<number, Lookups['sponsors'][number]>
  terminationCodes: Map<number, Lookups['terminationCodes'][number]>
  subCategories: Map<number, ReturnType<typeof embedSubCategory>>
}

export function indexLookups(lookups: Lookups): LookupIndex {
  return {
    lookups,
    employees: new Map(lookups.employees.map((e) => [e.id, embedEmployee(e)])),
    contacts: new Map(lookups.contacts.map((c) => [c.id, c])),
    sponsors: new Map(lookups.sponsors.map((s) => [s.id, s])),
    terminationCodes: new Map(lookups.terminationCodes.map((t) => [t.id, t])),
    subCategories: new Map(lookups.subCategories.map((s) => [s.id, embedSubCategory(s)])),
  }
}

function get<T>(map: Map<number, T>, id: number | null): T | null {
  return id === null ? null : (map.get(id) ?? null)
}

/**
 * The full ticket as the search listing serves it. Embedded lookup objects are shared between
 * tickets (for speed at 100,000 tickets): treat them as read-only.
 */
export function assembleTicket(
  cols: TicketColumns,
  index: LookupIndex,
  interactions: Interaction[],
): Ticket {
  const sub = get(index.subCategories, cols.sub_category_id)
  const category = sub?.category ?? null
  return {
    id: cols.id,
    subject: cols.subject,
    content: cols.content,
    due_at: cols.due_at,
    status: cols.status,
    status_memo: cols.status_memo,
    priority: cols.priority,
    contact: get(index.contacts, cols.contact_id),
    contact_id: cols.contact_id,
    sub_category: sub,
    sub_category_id: cols.sub_category_id,
    creater: get(index.employees, cols.creater_id),
    handler_id: cols.handler_id,
    handler: get(index.employees, cols.handler_id),
    interact_collections: interactions,
    sponsor_id: cols.sponsor_id,
    sponsor: get(index.sponsors, cols.sponsor_id),
    campaign_queue: null,
    campaign_queue_id: null,
    created_at: cols.created_at,
    updated_at: cols.updated_at,
    termination_code_id: cols.termination_code_id,
    termination_code: get(index.terminationCodes, cols.termination_code_id),
    category,
    category_id: category?.id ?? null,
  }
}

/**
 * The single-ticket shape of the document's view, create and update examples: they carry no
 * `creater` and no `interact_collections` (the listing does), so the sandbox leaves them out too.
 */
export function singleTicketShape(ticket: Ticket): Ticket {
  const { creater: _creater, interact_collections: _interactions, ...rest } = ticket
  return rest as Ticket
}

/** A ticket's columns read back from its full shape. */
export function ticketColumns(ticket: Ticket): TicketColumns {
  return {
    id: ticket.id,
    subject: ticket.subject ?? '',
    content: ticket.content ?? '',
    due_at: ticket.due_at ?? null,
    status: ticket.status ?? 0,
    status_memo: ticket.status_memo ?? null,
    priority: ticket.priority ?? 0,
    contact_id: ticket.contact_id ?? null,
    sub_category_id: ticket.sub_category_id ?? null,
    creater_id: ticket.creater?.id ?? null,
    handler_id: ticket.handler_id ?? null,
    sponsor_id: ticket.sponsor_id ?? null,
    created_at: ticket.created_at ?? '',
    updated_at: ticket.updated_at ?? '',
    termination_code_id: ticket.termination_code_id ?? null,
  }
}

/**
 * Tickets the agent created that the server does not have yet: each waiting create shown as a
 * ticket of its own, with the values as typed, under a key no server ticket can have (`-outboxId`;
 * server ids are positive). The queue puts those matching the view, the filters and the search
 * first, before the cached rows; they leave once the create is settled and the server's ticket
 * (cached by the sender in the same turn) takes their place.
 */
import type { Lookups } from '../../../shared/contract/contract'
import type { Contact, Employee, Ticket } from '../../../shared/domain/api-schemas'
import {
  FILTERS,
  filterByKey,
  filterValues,
  isFilterSet,
  orMissing,
  type FilterColumn,
  type FilterDescriptor,
  type FilterField,
} from '../../../shared/domain/filters'
import type { BuiltinView, TicketFilters, TicketRow } from '../../../shared/domain/queue'
import { ticketInView, type QueryContext } from '../../../shared/domain/views'
import { searchDoc, ticketMatchesSearch } from '../../../shared/domain/search'
import type { StoredEntry } from './outbox-store'

/** The key of a waiting create's ticket: never a server id (those are positive). */
export function localTicketId(outboxId: number): number {
  return -outboxId
}

/** What a local ticket's names come from: the cache's people and lookup lists. */
export interface LocalNames {
  getEmployee(id: number): Employee | null
  getContact(id: number): Contact | null
  getLookups(): Lookups
}

/** A waiting create as the ticket the server would make (its defaults: status and priority 0). */
export function localTicket(entry: StoredEntry, names: LocalNames): Ticket {
  const c = entry.changes
  const lookups = names.getLookups()
  const subId = c.sub_category_id ?? null
  const parent = subId
    ? lookups.categories.find((cat) => cat.children.some((s) => s.id === subId))
    : undefined
  const categoryId = c.category_id ?? parent?.id ?? null
  const category = lookups.categories.find((cat) => cat.id === categoryId)
  const sub = parent?.children.find((s) => s.id === subId)
  const handlerId = c.handler_id ?? null
  const contactId = c.contact_id ?? null
  return {
    id: localTicketId(entry.id),
    subject: c.subject ?? null,
    content: c.content ?? null,
    status: c.status ?? 0,
    priority: c.priority ?? 0,
    due_at: c.due_at ?? null,
    status_memo: c.status_memo ?? null,
    handler_id: handlerId,
    handler: handlerId ? names.getEmployee(handlerId) : null,
    contact_id: contactId,
    contact: contactId ? names.getContact(contactId) : null,
    sponsor_id: c.sponsor_id ?? null,
    sponsor: lookups.sponsors.find((s) => s.id === c.sponsor_id) ?? null,
    termination_code_id: c.termination_code_id ?? null,
    termination_code: lookups.terminationCodes.find((t) => t.id === c.termination_code_id) ?? null,
    category_id: categoryId,
    category: category ? { id: category.id, name: category.name ?? null } : null,
    sub_category_id: subId,
    sub_category: sub ? { id: sub.id, name: sub.name ?? null } : null,
    creater: null,
    interact_collections: [],
    created_at: null,
    updated_at: null,
  }
}

/** The queue row of a local ticket, marked with its entry's state. */
export function localRow(ticket: Ticket, entry: StoredEntry): TicketRow {
  return {
    id: ticket.id,
    outboxId: entry.id,
    subject: ticket.subject ?? null,
    status: ticket.status ?? null,
    priority: ticket.priority ?? null,
    dueAt: ticket.due_at ?? null,
    categoryName: ticket.category?.name ?? null,
    subCategoryName: ticket.sub_category?.name ?? null,
    contactId: ticket.contact_id ?? null,
    contactName: ticket.contact?.name ?? null,
    handlerId: ticket.handler_id ?? null,
    handlerName: ticket.handler?.name ?? null,
    createdAt: null,
    updatedAt: null,
    pending: entry.state,
  }
}

type Value = string | number | null

function column(ticket: Ticket, col: FilterColumn): Value {
  if (col === 'creater_id') return null // made by whoever the token is: unknown until sent
  return (ticket[col] as Value | undefined) ?? null
}

/** One filter, as ticket-where.ts's filterPart says it in SQL (NULL never matches a value). */
function meetsFilter(ticket: Ticket, d: FilterDescriptor, filters: TicketFilters): boolean {
  if (d.column === null || !isFilterSet(filters, d)) return true
  const value = column(ticket, d.column)
  switch (d.kind) {
    case 'codes':
    case 'ids': {
      if (value === null) return orMissing(filters, d)
      return filterValues(filters, d).includes(value as number)
    }
    case 'missing': {
      const partner = d.anyOf === null ? null : filterByKey(d.anyOf)
      if (partner && isFilterSet(filters, partner)) return true
      return value === null
    }
    case 'id':
      if (value === null) return orMissing(filters, d)
      return value === filters[d.fields[0] as FilterField]
    case 'range': {
      const [from, to] = d.fields.map((f) => filters[f] as string | undefined)
      if (value === null) return false
      return (from === undefined || value >= from) && (to === undefined || value <= to)
    }
    case 'text':
      return true
  }
}

/** Whether a local ticket is in the view and meets the filters and the search, as a cached one would. */
export function meetsQuery(
  ticket: Ticket,
  view: BuiltinView,
  filters: TicketFilters,
  ctx: QueryContext,
): boolean {
  return (
    ticketInView(ticket, view, ctx) &&
    ticketMatchesSearch({ id: ticket.id, doc: searchDoc(ticket) }, filters.search) &&
    FILTERS.every((d) => meetsFilter(ticket, d, filters))
  )
}

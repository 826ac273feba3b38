/**
 * The address of a new ticket, for a caller or for nobody yet: built here and read here, so the
 * form, the screens that open it and the start-up note of drafts agree on which caller it is for.
 */
import type { LocationQuery, RouteLocationRaw } from 'vue-router'

/** A new ticket's route, for `contact` when given (with the name the form shows, when known). */
export function newTicketRoute(
  contact?: { id: number; name?: string | null } | null,
): RouteLocationRaw {
  if (!contact) return { name: 'ticket-new' }
  const query: Record<string, string> = { contactId: String(contact.id) }
  if (contact.name) query.contactName = contact.name
  return { name: 'ticket-new', query }
}

/** The caller a new ticket's route is for (`?contactId=`), or null. */
export function newTicketContactId(query: LocationQuery): number | null {
  const id = Number(query.contactId)
  return Number.isInteger(id) && id > 0 ? id : null
}

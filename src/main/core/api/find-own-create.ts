/**
 * After a POST /ticket whose answer was lost: did the server make the ticket? The API has no
 * idempotency key and no "created by this request" filter, and its datetimes are the server's
 * wall-clock time in a zone we may not know, so the question is asked without any clock:
 *
 * Ticket ids only grow. Before the first POST the outbox notes the highest id it knows (its own
 * record, the cache, the newest ticket the server lists): the `floor`. A ticket made by our POST
 * has an id above it. So: search by the subject (narrowed by the contact when there is one), and
 * take the lowest id above the floor whose subject, content and every field sent equal ours (as
 * Laravel stores them: trimmed, '' as null, defaults applied), skipping tickets our own earlier
 * creates already claimed. Found: it was made. Not found: it was not, and sending again is safe.
 *
 * Residual risk, accepted and written in the README: another agent creating a ticket identical in
 * every field we sent, between our POST and our look-up, would be taken for ours (the agent's
 * text is still on the server, once); a server that commits our POST after our look-up answered
 * "not found" would yield a second copy.
 */
import type { Page, Ticket, TicketCreateInput } from '../../../shared/domain/api-schemas'
import { sameFieldValue } from '../../../shared/domain/outbox'
import type { FindOwnCreateOptions, TicketSearchParams } from './types'

/** Whether `ticket` is what the server would have stored for `body`. */
export function matchesCreate(ticket: Ticket, body: TicketCreateInput): boolean {
  if (!sameFieldValue(ticket.subject, body.subject)) return false
  if (!sameFieldValue(ticket.content, body.content)) return false
  if ((ticket.status ?? 0) !== (body.status ?? 0)) return false
  if ((ticket.priority ?? 0) !== (body.priority ?? 0)) return false
  const optional = [
    'sponsor_id',
    'handler_id',
    'termination_code_id',
    'sub_category_id',
    'contact_id',
    'due_at',
    'status_memo',
  ] as const
  // category_id is left out: a server may derive it from the sub-category instead of storing it.
  for (const key of optional) {
    if (body[key] !== undefined && !sameFieldValue(ticket[key], body[key])) return false
  }
  return true
}

/** The ticket our lost POST made, or null when the server has none. */
export async function findOwnCreate(
  search: (params: TicketSearchParams, signal?: AbortSignal) => Promise<Page<Ticket>>,
  body: TicketCreateInput,
  options: FindOwnCreateOptions,
): Promise<Ticket | null> {
  const params: TicketSearchParams = { search: body.subject.trim(), per_page: 100 }
  if (typeof body.contact_id === 'number') params.contact_id = body.contact_id
  let best: Ticket | null = null
  const maxPages = options.maxPages ?? 20
  for (let page = 1; page <= maxPages; page++) {
    const result = await search({ ...params, page }, options.signal)
    for (const ticket of result.data) {
      if (ticket.id <= options.aboveId) continue
      if (options.isClaimed?.(ticket.id)) continue
      if (!matchesCreate(ticket, body)) continue
      if (!best || ticket.id < best.id) best = ticket
    }
    if (page >= result.meta.last_page) break
  }
  return best
}

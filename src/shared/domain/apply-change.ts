/**
 * One set of changes (a bulk action's, a macro's) made into one ticket's edit: the fields it sets
 * and its sentences appended to that ticket's own text, their template variables filled from
 * that ticket. The form and the bulk path use the same rules, so a macro does the same either way.
 */
import type { Ticket, TicketUpdateInput } from './api-schemas'
import type { BulkChange } from './bulk'
import { personName } from './people'
import { fillTemplate, type TemplateValues } from './templates'

/** `addition` on a line of its own after `text` (trailing blank lines dropped); alone when empty. */
export function appendText(text: string | null | undefined, addition: string): string {
  const before = (text ?? '').replace(/\s+$/, '')
  return before === '' ? addition : `${before}\n${addition}`
}

/** A ticket's own values for the template variables (`today` is the server's date). */
export function ticketTemplateValues(
  ticket: Ticket,
  me: string | null,
  today: string,
): TemplateValues {
  return {
    caller: personName(ticket.contact),
    ticket_id: ticket.id,
    me,
    today,
    due: ticket.due_at ?? null,
  }
}

/**
 * The edit `change` makes of `ticket` (as the agent sees it, waiting edits laid over). A status
 * without a detail clears the detail (a detail belongs to one status); a category is sent with
 * its sub-category (null for none), as the ticket form sends a category change.
 */
export function ticketUpdateOf(
  change: BulkChange,
  ticket: Ticket,
  values: TemplateValues,
): TicketUpdateInput {
  const out: TicketUpdateInput = {}
  if (change.status !== undefined) {
    out.status = change.status
    out.termination_code_id = change.termination_code_id ?? null
  }
  if (change.priority !== undefined) out.priority = change.priority
  if (change.category_id !== undefined) {
    out.category_id = change.category_id
    out.sub_category_id = change.sub_category_id ?? null
  }
  if (change.handler_id !== undefined) out.handler_id = change.handler_id
  if (change.append_content !== undefined)
    out.content = appendText(ticket.content, fillTemplate(change.append_content, values))
  if (change.append_status_memo !== undefined)
    out.status_memo = appendText(
      ticket.status_memo,
      fillTemplate(change.append_status_memo, values),
    )
  return out
}

/** What the cache's hot columns hold for one ticket, taken from the ticket as the server sent it. */
import type { Ticket } from '../../../shared/domain/api-schemas'
import { personName } from '../../../shared/domain/people'

export interface TicketColumns {
  id: number
  status: number | null
  priority: number | null
  due_at: string | null
  handler_id: number | null
  creater_id: number | null
  sponsor_id: number | null
  termination_code_id: number | null
  contact_id: number | null
  category_id: number | null
  sub_category_id: number | null
  created_at: string | null
  updated_at: string | null
  subject: string | null
  category_name: string | null
  sub_category_name: string | null
  contact_name: string | null
  handler_name: string | null
}

function int(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

/** The ids fall back to the embedded objects, since the document says either may be missing. */
export function ticketColumns(ticket: Ticket): TicketColumns {
  const sub = ticket.sub_category ?? null
  return {
    id: ticket.id,
    status: int(ticket.status),
    priority: int(ticket.priority),
    due_at: text(ticket.due_at),
    handler_id: int(ticket.handler_id) ?? int(ticket.handler?.id),
    creater_id: int(ticket['creater_id']) ?? int(ticket.creater?.id),
    sponsor_id: int(ticket.sponsor_id) ?? int(ticket.sponsor?.id),
    termination_code_id: int(ticket.termination_code_id) ?? int(ticket.termination_code?.id),
    contact_id: int(ticket.contact_id) ?? int(ticket.contact?.id),
    category_id:
      int(ticket.category_id) ??
      int(ticket.category?.id) ??
      int(sub?.category_id) ??
      int(sub?.category?.id),
    sub_category_id: int(ticket.sub_category_id) ?? int(sub?.id),
    created_at: text(ticket.created_at),
    updated_at: text(ticket.updated_at),
    subject: text(ticket.subject),
    category_name: text(ticket.category?.name) ?? text(sub?.category?.name),
    sub_category_name: text(sub?.name),
    contact_name: personName(ticket.contact),
    handler_name: personName(ticket.handler),
  }
}

export const TICKET_COLUMN_NAMES: readonly (keyof TicketColumns)[] = [
  'id',
  'status',
  'priority',
  'due_at',
  'handler_id',
  'creater_id',
  'sponsor_id',
  'termination_code_id',
  'contact_id',
  'category_id',
  'sub_category_id',
  'created_at',
  'updated_at',
  'subject',
  'category_name',
  'sub_category_name',
  'contact_name',
  'handler_name',
]

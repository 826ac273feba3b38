/** The built-in views, without zod: the first page needs them before any schema. */
import { DONE_STATUSES, OPEN_STATUSES, TICKET_STATUSES, type TicketStatus } from './codes'

export const BUILTIN_VIEWS = [
  'mine', // mine, pending or in progress
  'unassigned', // open and no handler
  'open', // pending or in progress
  'due', // open, due within 24 hours or overdue
  'done', // resolved or closed
  'all',
] as const
export type BuiltinView = (typeof BUILTIN_VIEWS)[number]

/**
 * The statuses a view can show: a status filter offers only these (an open view filtered to
 * resolved tickets would always be empty).
 */
export function viewStatuses(view: BuiltinView): readonly TicketStatus[] {
  if (view === 'done') return DONE_STATUSES
  if (view === 'all') return TICKET_STATUSES
  return OPEN_STATUSES
}

/**
 * The queue's built-in views, one entry each: the conditions a ticket must meet to be in it. The
 * cache's SQL (main/core/db/ticket-where.ts: the pages, the default order's due part and the
 * counts) and the test of a ticket not cached yet (an offline create, `ticketInView`) are both
 * built from this table, so the two can never disagree about what "mine" or "due" means.
 *
 * Plain data and small pure functions: no SQL (the builder turns each term into SQL).
 */
import { DONE_STATUSES, OPEN_STATUSES, type TicketStatus } from './codes'
import type { BuiltinView } from './queue'
import { addSeconds } from './server-time'

/** What a view is asked about: who the agent is and what time it is on the server. */
export interface QueryContext {
  /** The agent's employee id; with none, the 'mine' view is empty. */
  meId: number | null
  /** Now as the server's wall-clock time (`YYYY-MM-DD HH:MM:SS`), see serverNow(). */
  now: string
}

/**
 * One condition of a view; a view holds the tickets that meet all of its terms:
 * - `status`: the status is one of `statuses`;
 * - `handler`: handled by the agent (`me`; nobody's when the agent is unknown) or by nobody;
 * - `dueWithin`: has a due time no later than `seconds` from now (overdue included).
 */
export type ViewTerm =
  | { kind: 'status'; statuses: readonly TicketStatus[] }
  | { kind: 'handler'; handler: 'me' | 'none' }
  | { kind: 'dueWithin'; seconds: number }

const OPEN: ViewTerm = { kind: 'status', statuses: OPEN_STATUSES }
/** The 'due' window: due within 24 hours, or overdue. */
export const DUE_WINDOW_SECONDS = 24 * 60 * 60

/** Every built-in view's terms ('all': none). */
export const VIEWS: Record<BuiltinView, readonly ViewTerm[]> = {
  mine: [OPEN, { kind: 'handler', handler: 'me' }],
  unassigned: [OPEN, { kind: 'handler', handler: 'none' }],
  open: [OPEN],
  due: [OPEN, { kind: 'dueWithin', seconds: DUE_WINDOW_SECONDS }],
  done: [{ kind: 'status', statuses: DONE_STATUSES }],
  all: [],
}

/** The latest due time a `dueWithin` term lets in, as server time. */
export function dueBefore(term: { seconds: number }, ctx: QueryContext): string {
  return addSeconds(ctx.now, term.seconds)
}

/** The fields of a ticket that the views look at (a cached row's or an API ticket's). */
export interface ViewedTicket {
  status?: number | null
  handler_id?: number | null
  due_at?: string | null
}

function meetsTerm(ticket: ViewedTicket, term: ViewTerm, ctx: QueryContext): boolean {
  switch (term.kind) {
    case 'status':
      return (term.statuses as readonly (number | null | undefined)[]).includes(ticket.status)
    case 'handler':
      if (term.handler === 'none') return (ticket.handler_id ?? null) === null
      return ctx.meId !== null && ticket.handler_id === ctx.meId
    case 'dueWithin':
      return !!ticket.due_at && ticket.due_at <= dueBefore(term, ctx)
  }
}

/** Whether `ticket` is in `view`, as the cache's SQL for that view decides it. */
export function ticketInView(ticket: ViewedTicket, view: BuiltinView, ctx: QueryContext): boolean {
  return VIEWS[view].every((term) => meetsTerm(ticket, term, ctx))
}

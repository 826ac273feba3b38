/**
 * Creating a ticket without ever making two.
 *
 * The API has no idempotency key, so a POST whose answer was lost (connection reset after the
 * request went out, a timeout, a 500/502/504, a cut-off body) may or may not have created the
 * ticket. The strategy:
 *
 * 1. Note the server's wall-clock time before sending (minus a margin for clock skew).
 * 2. POST. Failures where the server certainly did nothing (429 from the throttle, 503, refused
 *    connection) are retried like any request; validation, auth and the like are thrown.
 * 3. After an ambiguous failure, wait a backoff step (a slow server may still be committing), then
 *    look the ticket up: search by its subject with `created_at__start` = the noted time, and take
 *    the newest ticket whose subject, content and every field we sent equal ours (after Laravel's
 *    trimming and defaults). Found: that is our ticket, return it.
 * 4. Not found: the server did not create it, so POSTing again is safe; at most `maxPosts` times.
 * 5. If the lookup itself fails, throw the POST's error: the caller must not blindly resend
 *    either; `findCreatedTicket` is exported so an outbox can reconcile later, e.g. after restart.
 *
 * Residual risk, accepted: another agent creating an identical ticket (same subject, content and
 * fields) within the window would be taken for ours; and a server still committing after our
 * lookup could yield a duplicate. Both need an exact coincidence and are visible in the list.
 */
import type { Ticket, TicketCreateInput } from '../../../shared/domain/api-schemas'
import { ticketSchema } from '../../../shared/domain/api-schemas'
import { AppError } from '../../../shared/domain/errors'
import { addSeconds } from '../../../shared/domain/server-time'
import type { HttpRunner } from './http-runner'
import { parseRecord } from './parse-response'
import { backoffDelay, sleep, type ResolvedRetry } from './retry-policy'
import type { TicketSearchParams } from './types'
import type { Page } from '../../../shared/domain/api-schemas'

/** Margin for the difference between our clock and the server's. */
export const CREATE_LOOKUP_SKEW_SECONDS = 15 * 60

export interface SafeCreateDeps {
  runner: HttpRunner
  retry: ResolvedRetry
  search(params: TicketSearchParams, signal?: AbortSignal): Promise<Page<Ticket>>
  /** The server's wall-clock now, `YYYY-MM-DD HH:MM:SS`. */
  serverNow(): string
  maxPosts?: number
}

function norm(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

/** Whether `ticket` is what the server would have stored for `body`. */
export function matchesCreate(ticket: Ticket, body: TicketCreateInput): boolean {
  if (norm(ticket.subject) !== norm(body.subject)) return false
  if (norm(ticket.content) !== norm(body.content)) return false
  if ((ticket.status ?? 0) !== (body.status ?? 0)) return false
  if ((ticket.priority ?? 0) !== (body.priority ?? 0)) return false
  const optional = [
    'sponsor_id',
    'handler_id',
    'termination_code_id',
    'sub_category_id',
    'contact_id',
    'due_at',
  ] as const
  for (const key of optional) {
    if (body[key] !== undefined && (ticket[key] ?? null) !== (body[key] ?? null)) return false
  }
  if (body.status_memo !== undefined && norm(ticket.status_memo) !== norm(body.status_memo))
    return false
  return true
}

/** The newest ticket created since `since` that matches `body`, or null. */
export async function findCreatedTicket(
  search: SafeCreateDeps['search'],
  body: TicketCreateInput,
  since: string,
  signal?: AbortSignal,
): Promise<Ticket | null> {
  const subject = body.subject.trim()
  // A few pages of same-subject tickets since `since` is plenty; newest first.
  for (let page = 1; page <= 5; page++) {
    const result = await search(
      { search: subject, created_at__start: since, per_page: 100, page },
      signal,
    )
    const match = result.data.find((t) => matchesCreate(t, body))
    if (match) return match
    if (page >= result.meta.last_page) break
  }
  return null
}

export async function safeCreateTicket(
  deps: SafeCreateDeps,
  body: TicketCreateInput,
  signal?: AbortSignal,
): Promise<Ticket> {
  const since = addSeconds(deps.serverNow(), -CREATE_LOOKUP_SKEW_SECONDS)
  const maxPosts = deps.maxPosts ?? 3
  let lastError: AppError | undefined
  for (let post = 0; post < maxPosts; post++) {
    const outcome = await deps.runner.runOutcome(
      { method: 'POST', url: '/ticket', data: body, what: 'POST /ticket' },
      (b) => parseRecord(b, ticketSchema, 'POST /ticket'),
      { signal },
    )
    if (outcome.ok) return outcome.value
    const { failure } = outcome
    lastError = failure.error
    if (!failure.maybeProcessed || !failure.transient) throw failure.error
    await sleep(backoffDelay(post, deps.retry), signal)
    let found: Ticket | null
    try {
      found = await findCreatedTicket(deps.search, body, since, signal)
    } catch (lookupError) {
      if (lookupError instanceof AppError && lookupError.code === 'cancelled') throw lookupError
      throw failure.error
    }
    if (found) return found
  }
  throw lastError ?? new AppError({ code: 'internal', message: 'POST /ticket: no attempt made' })
}

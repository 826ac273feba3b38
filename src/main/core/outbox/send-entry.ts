/**
 * Sending one outbox entry: a create, an update or a delete, each one attempt preceded by a FULL
 * commit of `sending` + `in_doubt`, and settling an entry whose earlier answer was lost by asking
 * the server first (see outbox-sender.ts for the whole rule). The drain's order, pacing and the
 * sender claim live in the sender; this file knows one entry at a time.
 */
import type { Ticket, TicketCreateInput } from '../../../shared/domain/api-schemas'
import { AppError, isGone, toErrorData } from '../../../shared/domain/errors'
import type { AppErrorData } from '../../../shared/domain/errors'
import { sameFieldValue, type FieldConflict } from '../../../shared/domain/outbox'
import type { VendorClient, WriteOutcome } from '../api/index'
import type { TicketCacheReader, TicketCacheWriter } from '../db/cache-interfaces'
import { silentLogger, type Logger } from '../logger'
import { mergeWithCached } from '../tickets/merge-with-cached'
import type { OutboxStore, StoredEntry } from './outbox-store'

export interface EntrySendOptions {
  store: OutboxStore
  cache: TicketCacheReader & TicketCacheWriter
  logger?: Logger
  /** The agent's own update or delete of this ticket is about to reach the server. */
  onSending?: (ticketId: number) => void
  /** The server has the agent's create or update: the ticket as it now is. */
  onApplied?: (ticket: Ticket) => void
  /** The agent's delete reached the server (or the ticket was already gone there). */
  onDeleted?: (ticketId: number) => void
  /**
   * After a create's answer was lost, how long it is looked up again before it may be posted
   * again (default 60 s from the POST's start: a server may finish a request after its client
   * has gone), and how often within that window (default every 10 s).
   */
  lateCommitWindowMs?: number
  lateCommitCheckMs?: number
  /** The clock for that window (tests). */
  now?: () => number
}

/**
 * How one entry's try ended: sent, waiting for the agent (`stuck`), the drain must stop, or
 * `later`: not settled yet, asked again at that time (ms) without holding up the rest.
 */
export type Step = 'done' | 'stuck' | { stop: AppErrorData } | { later: number }

export class EntrySender {
  private readonly logger: Logger
  private readonly now: () => number

  constructor(private readonly options: EntrySendOptions) {
    this.logger = options.logger ?? silentLogger
    this.now = options.now ?? Date.now
  }

  /** One try at an entry; a bug or the disk failing keeps it as it is and stops the drain. */
  async attempt(api: VendorClient, entry: StoredEntry): Promise<Step> {
    try {
      return await this.sendOne(api, entry)
    } catch (error) {
      // A bug or the disk: keep the entry as it is, say so, try again later.
      const data = toErrorData(error)
      this.logger.error('outbox send failed', {
        id: entry.id,
        code: data.code,
        message: data.message,
      })
      return { stop: data }
    }
  }

  private storeTicket(ticket: Ticket): void {
    const cached = this.options.cache.getTicket(ticket.id)?.ticket
    this.options.cache.upsertTickets([mergeWithCached(cached, ticket)], new Date().toISOString())
  }

  /** The agent's own write arrived: cached at once, and its alerts already known. */
  private applied(ticket: Ticket): void {
    this.storeTicket(ticket)
    this.options.onApplied?.(ticket)
  }

  /** The outcome of a request that failed: where the entry goes and whether the drain stops. */
  private failed(entry: StoredEntry, error: AppError, maybeProcessed: boolean): Step {
    const { store } = this.options
    if (error.code === 'validation') {
      store.markRejected(entry.id, error.toData())
      return 'stuck'
    }
    store.markPending(entry.id, error.toData(), maybeProcessed)
    return { stop: error.toData() }
  }

  private async sendOne(api: VendorClient, entry: StoredEntry): Promise<Step> {
    switch (entry.kind) {
      case 'create':
        return this.sendCreate(api, entry)
      case 'update':
        return this.sendUpdate(api, entry)
      case 'delete':
        return this.sendDelete(api, entry)
    }
  }

  /** A read before a write; an error from it stops the drain, the entry unchanged. */
  private async read<T>(
    entry: StoredEntry,
    work: () => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; step: Step }> {
    try {
      return { ok: true, value: await work() }
    } catch (error) {
      const data = toErrorData(error)
      this.options.store.markPending(entry.id, data, entry.inDoubt)
      return { ok: false, step: { stop: data } }
    }
  }

  private async sendCreate(api: VendorClient, entry: StoredEntry): Promise<Step> {
    const { store, cache } = this.options
    const body = entry.changes as TicketCreateInput
    const settle = (ticket: Ticket): Step => {
      this.applied(ticket)
      store.complete(entry.id, ticket.id)
      return 'done'
    }
    if (entry.inDoubt) {
      const found = await this.read(entry, () =>
        api.findOwnCreate(body, {
          aboveId: entry.floorId ?? 0,
          isClaimed: (id) => store.isOwnCreated(id),
        }),
      )
      if (!found.ok) return found.step
      if (found.value) {
        this.logger.info('outbox: a create whose answer was lost was found', {
          id: entry.id,
          ticketId: found.value.id,
        })
        return settle(found.value)
      }
      const later = this.lateCommitCheck(entry)
      if (later !== null) return later
    }
    let floor = entry.floorId
    if (floor === null) {
      const newest = await this.read(entry, () => api.searchTickets({ per_page: 1, page: 1 }))
      if (!newest.ok) return newest.step
      let max = store.knownMaxId()
      for (const id of cache.allTicketIds()) if (id > max) max = id
      for (const t of newest.value.data) if (t.id > max) max = t.id
      floor = max
    }
    store.markSending(entry.id, { floorId: floor })
    const outcome = await api.writeOnce({ method: 'POST', body })
    if (outcome.ok && outcome.ticket) return settle(outcome.ticket)
    return this.settleFailure(entry, outcome)
  }

  /**
   * A create not found yet whose POST timed out less than the window ago: the server may still
   * be finishing it, so it is not posted again; it is looked up again at the next check.
   */
  private lateCommitCheck(entry: StoredEntry): Step | null {
    // Only after a timeout: a cut answer, a 500 or a refused connection means the server's
    // request has ended, so what the look-up found is final.
    if (entry.lastError?.code !== 'timeout') return null
    const sentAt = entry.sentAt ? Date.parse(entry.sentAt) : Number.NaN
    if (Number.isNaN(sentAt)) return null
    const until = sentAt + (this.options.lateCommitWindowMs ?? 60_000)
    const now = this.now()
    if (now >= until) return null
    const next = Math.min(until, now + (this.options.lateCommitCheckMs ?? 10_000))
    this.options.store.markPending(
      entry.id,
      {
        code: 'timeout',
        message: `the server has not shown this ticket yet; looked up again until ${new Date(until).toISOString()} before it is sent again`,
      },
      true,
    )
    return { later: next }
  }

  private settleFailure(entry: StoredEntry, outcome: WriteOutcome): Step {
    if (outcome.ok) {
      throw new AppError({ code: 'bad_response', message: 'the server answered without a ticket' })
    }
    return this.failed(entry, outcome.error, outcome.maybeProcessed)
  }

  private async sendUpdate(api: VendorClient, entry: StoredEntry): Promise<Step> {
    const { store } = this.options
    const id = entry.ticketId as number
    const current = await this.readTicket(api, entry, id)
    if ('step' in current) return current.step
    const ticket = current.ticket
    if (!ticket) {
      store.markRejected(entry.id, {
        code: 'not_found',
        message: `Ticket ${id} is no longer on the server (deleted by someone else)`,
        status: 404,
      })
      this.options.cache.deleteTickets([id])
      return 'stuck'
    }
    const { toSend, conflict } = compareWithServer(entry, ticket)
    if (Object.keys(conflict).length > 0) {
      this.storeTicket(ticket)
      store.markConflict(entry.id, conflict)
      return 'stuck'
    }
    if (Object.keys(toSend).length === 0) {
      // The server has the agent's values already: our own earlier send (its answer lost) did it.
      this.applied(ticket)
      store.complete(entry.id)
      return 'done'
    }
    this.options.onSending?.(id)
    store.markSending(entry.id)
    const outcome = await api.writeOnce({ method: 'PUT', id, body: toSend })
    if (outcome.ok && outcome.ticket) {
      this.applied(outcome.ticket)
      store.complete(entry.id)
      return 'done'
    }
    if (!outcome.ok && isGone(outcome.error)) {
      store.markRejected(entry.id, outcome.error.toData())
      return 'stuck'
    }
    return this.settleFailure(entry, outcome)
  }

  /** The ticket as the server has it now; null when it is gone. */
  private async readTicket(
    api: VendorClient,
    entry: StoredEntry,
    id: number,
  ): Promise<{ ticket: Ticket | null } | { step: Step }> {
    try {
      return { ticket: await api.getTicket(id) }
    } catch (error) {
      if (isGone(error)) return { ticket: null }
      const data = toErrorData(error)
      this.options.store.markPending(entry.id, data, entry.inDoubt)
      return { step: { stop: data } }
    }
  }

  private async sendDelete(api: VendorClient, entry: StoredEntry): Promise<Step> {
    const { store, cache } = this.options
    const id = entry.ticketId as number
    const gone = (): Step => {
      cache.deleteTickets([id])
      store.complete(entry.id)
      this.options.onDeleted?.(id)
      return 'done'
    }
    if (entry.inDoubt) {
      const current = await this.readTicket(api, entry, id)
      if ('step' in current) return current.step
      if (!current.ticket) return gone()
    }
    this.options.onSending?.(id)
    store.markSending(entry.id)
    const outcome = await api.writeOnce({ method: 'DELETE', id })
    if (outcome.ok) return gone()
    if (isGone(outcome.error)) return gone()
    return this.failed(entry, outcome.error, outcome.maybeProcessed)
  }
}

/**
 * Which of the edit's fields to send, and which someone else changed too. A field already equal
 * to the agent's value is not sent (nor a conflict: it may be our own earlier send).
 */
export function compareWithServer(
  entry: Pick<StoredEntry, 'changes' | 'base'>,
  server: Ticket,
): { toSend: Record<string, unknown>; conflict: Record<string, FieldConflict> } {
  const toSend: Record<string, unknown> = {}
  const conflict: Record<string, FieldConflict> = {}
  for (const [field, mine] of Object.entries(entry.changes)) {
    if (mine === undefined) continue
    const theirs = (server as Record<string, unknown>)[field]
    if (sameFieldValue(theirs, mine)) continue
    const base = entry.base?.values[field]
    // Values decide, not updated_at: it has one-second resolution and moves with any field.
    if (base === undefined || sameFieldValue(theirs, base)) {
      toSend[field] = mine
      continue
    }
    conflict[field] = {
      base: base ?? null,
      mine: mine as FieldConflict['mine'],
      theirs: (theirs ?? null) as FieldConflict['theirs'],
    }
  }
  return { toSend, conflict }
}

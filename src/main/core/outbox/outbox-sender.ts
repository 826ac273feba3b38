/**
 * Sends what waits in the outbox, oldest first, each exactly once, on an API with no versions,
 * no conditional update and no idempotency key:
 *
 * - Every request is one attempt, preceded by a FULL commit of `sending` + `in_doubt`. When its
 *   answer is lost (cut, timeout, 500, the app killed), the next send asks the server first:
 *   a create is looked up above the id floor noted before its first POST (find-own-create.ts),
 *   a delete is read by id (404: done), an update is re-read (our values there: done).
 * - An update is re-read just before it is sent: fields someone else changed that the edit does
 *   not touch are left alone (only the edit's fields are sent); a field the edit changes that
 *   someone else changed too is a conflict, and the edit waits for the agent's choice.
 *   A write landing between that re-read and our PUT cannot be seen (no conditional update); the
 *   re-read happens immediately before the PUT to keep that window to one round trip.
 * - A 422 or a ticket gone waits as `rejected` with the server's message.
 * - The server not answering, or failing (5xx, 429): the drain stops, the rest waits in order,
 *   and it starts again on a timer, before every sync, and whenever an edit is added.
 * - One sender per outbox file, across processes (the app, a browser host, the CLI on one
 *   file): a drain first takes the store's sender claim; another process's drain waits for it
 *   (then sends what is left), and a claim left by a process that died is taken over, its
 *   `sending` entries settled as lost answers. While it holds the claim a drain also sends what
 *   other processes added meanwhile.
 */
import { randomUUID } from 'node:crypto'
import type { Ticket, TicketCreateInput } from '../../../shared/domain/api-schemas'
import { AppError, isGone, toErrorData, type AppErrorData } from '../../../shared/domain/errors'
import { sameFieldValue, type FieldConflict } from '../../../shared/domain/outbox'
import type { VendorClient, WriteOutcome } from '../api/index'
import type { TicketCacheReader, TicketCacheWriter } from '../db/cache-interfaces'
import type { ProcessHolder } from '../db/sync-lock'
import { silentLogger, type Logger } from '../logger'
import { mergeWithCached } from '../tickets/merge-with-cached'
import type { OutboxStore, StoredEntry } from './outbox-store'

export interface OutboxSenderOptions {
  store: OutboxStore
  /** A client that tries each request once (the outbox has its own schedule). */
  api: () => VendorClient | null
  cache: TicketCacheReader & TicketCacheWriter
  logger?: Logger
  /** The outbox changed; `ticketIds`: tickets whose cached copy was replaced. */
  onChanged?: (change: { ticketIds: number[] }) => void
  /** The agent's own update or delete of this ticket is about to reach the server. */
  onSending?: (ticketId: number) => void
  /** The server has the agent's create or update: the ticket as it now is. */
  onApplied?: (ticket: Ticket) => void
  /** The agent's delete reached the server (or the ticket was already gone there). */
  onDeleted?: (ticketId: number) => void
  /**
   * How an entry's send went: null when the server answered (applied, a conflict, a 422), else
   * why the drain stopped (cannot reach it, it failed, the token was refused...).
   */
  onSendOutcome?: (error: AppErrorData | null) => void
  /** Wait before the next try after the server did not answer (default 5 s doubling to 60 s). */
  retryDelayMs?: (failures: number, error: AppErrorData) => number
  /** Retry on a timer (default true; the CLI sends once). */
  autoRetry?: boolean
  /** Wait before asking the server about a request whose answer was just lost (default 250 ms). */
  settleDelayMs?: number
  /** How long a drain waits while another process sends this outbox (default 20 s). */
  claimWaitMs?: number
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

export interface DrainResult {
  /** Entries the server now has. */
  sent: number
  /** Why the drain stopped early (the server not answering or failing), or null. */
  stoppedBy: AppErrorData | null
  /** Entries still waiting, including those needing the agent. */
  waiting: number
}

/** `later`: not settled yet, asked again at that time (ms) without holding up the rest. */
type Step = 'done' | 'stuck' | { stop: AppErrorData } | { later: number }

function defaultDelay(failures: number, error: AppErrorData): number {
  const backoff = Math.min(60_000, 5_000 * 2 ** Math.min(failures - 1, 4))
  return Math.max(backoff, error.retryAfterMs ?? 0)
}

export class OutboxSender {
  private running: Promise<DrainResult> | null = null
  private rerun: Promise<DrainResult> | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private failures = 0
  private stopped = false
  private readonly logger: Logger
  /** This sender's name in the store's sender claim. */
  private readonly token = randomUUID()
  private readonly now: () => number

  constructor(private readonly options: OutboxSenderOptions) {
    this.logger = options.logger ?? silentLogger
    this.now = options.now ?? Date.now
  }

  /**
   * Sends everything that can be sent now. One drain at a time: a call during a drain returns a
   * drain that starts after it (so an edit added meanwhile is included).
   */
  drain(): Promise<DrainResult> {
    if (this.running) {
      this.rerun ??= this.running.then(() => {
        this.rerun = null
        return this.drain()
      })
      return this.rerun
    }
    const run = this.drainOnce().finally(() => {
      this.running = null
    })
    this.running = run
    return run
  }

  /** Stops the retry timer (the core closing). */
  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private schedule(error: AppErrorData | { at: number }): void {
    if (this.options.autoRetry === false || this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    const wait =
      'at' in error
        ? Math.max(0, error.at - this.now())
        : (this.options.retryDelayMs ?? defaultDelay)(this.failures, error)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.drain().catch((e: unknown) =>
        this.logger.warn('outbox retry failed', { error: toErrorData(e).message }),
      )
    }, wait)
    ;(this.timer as { unref?: () => void }).unref?.()
  }

  /** Takes the sender claim, waiting while another process has it; the holder when it stays. */
  private async claim(): Promise<ProcessHolder | null> {
    const deadline = Date.now() + (this.options.claimWaitMs ?? 20_000)
    for (let wait = 20; ; wait = Math.min(wait * 2, 250)) {
      const other = this.options.store.claimSender(this.token)
      if (!other || this.stopped || Date.now() >= deadline) return other
      await new Promise((r) => setTimeout(r, wait))
    }
  }

  private async drainOnce(): Promise<DrainResult> {
    const { store } = this.options
    const api = this.options.api()
    if (!api) return { sent: 0, stoppedBy: null, waiting: store.count().waiting }
    const other = await this.claim()
    if (other) {
      const busy: AppErrorData = {
        code: 'busy',
        message: `another process (pid ${other.pid}) is sending this outbox; what waits goes out with it or with the next try`,
      }
      this.schedule(busy)
      return { sent: 0, stoppedBy: busy, waiting: store.count().waiting }
    }
    try {
      return await this.sendAll(api)
    } finally {
      store.releaseSender(this.token)
    }
  }

  private async sendAll(api: VendorClient): Promise<DrainResult> {
    const { store } = this.options
    let sent = 0
    // A ticket whose edit waits for the agent holds back its later edits (they build on it).
    const held = new Set<number>()
    const seen = new Set<number>()
    let wake: number | null = null
    // Entries another process added while this drain ran are sent too (one more pass).
    for (;;) {
      const batch = store.list().filter((e) => !seen.has(e.id))
      if (batch.length === 0) break
      for (const listed of batch) {
        seen.add(listed.id)
        // As it is now: another process may have discarded it or answered its conflict.
        const entry = store.get(listed.id)
        if (!entry) continue
        const step = await this.sendEntry(api, entry, held)
        if (step === 'done') sent++
        else if (typeof step === 'object' && 'later' in step) {
          wake = Math.min(wake ?? step.later, step.later)
        } else if (typeof step === 'object') {
          this.failures++
          this.schedule(step.stop)
          return { sent, stoppedBy: step.stop, waiting: store.count().waiting }
        }
      }
    }
    this.failures = 0
    if (wake !== null) this.schedule({ at: wake })
    return { sent, stoppedBy: null, waiting: store.count().waiting }
  }

  /** One entry: skipped while it (or an earlier edit of its ticket) waits for the agent. */
  private async sendEntry(
    api: VendorClient,
    entry: StoredEntry,
    held: Set<number>,
  ): Promise<Step | 'skipped'> {
    const { store } = this.options
    if (entry.state === 'conflict' || entry.state === 'rejected') {
      if (entry.ticketId !== null) held.add(entry.ticketId)
      return 'skipped'
    }
    if (entry.ticketId !== null && held.has(entry.ticketId)) return 'skipped'
    let step = await this.attempt(api, entry)
    // The answer was lost but the server was there a moment ago (a cut connection, a 500):
    // ask it at once what happened, so a save that arrived is reported as saved, not as
    // "cannot reach the server". Asking never resends blindly.
    const after = typeof step === 'object' && 'stop' in step ? store.get(entry.id) : null
    if (after?.inDoubt && after.state === 'pending') {
      await new Promise((r) => setTimeout(r, this.options.settleDelayMs ?? 250))
      step = await this.attempt(api, after)
    }
    // A settled create names its new ticket: the queue swaps the local row for the server's.
    const made = entry.kind === 'create' ? store.createdTicketFor(entry.id) : null
    const ticketIds = entry.ticketId !== null ? [entry.ticketId] : made !== null ? [made] : []
    this.options.onChanged?.({ ticketIds })
    this.options.onSendOutcome?.(typeof step === 'object' && 'stop' in step ? step.stop : null)
    if (step === 'stuck' && entry.ticketId !== null) held.add(entry.ticketId)
    return step
  }

  private async attempt(api: VendorClient, entry: StoredEntry): Promise<Step> {
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

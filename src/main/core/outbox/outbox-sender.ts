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
import { toErrorData, type AppErrorData } from '../../../shared/domain/errors'
import type { VendorClient } from '../api/index'
import type { ProcessHolder } from '../db/sync-lock'
import { silentLogger, type Logger } from '../logger'
import type { StoredEntry } from './outbox-store'
import { EntrySender, type EntrySendOptions, type Step } from './send-entry'

export interface OutboxSenderOptions extends EntrySendOptions {
  /** A client that tries each request once (the outbox has its own schedule). */
  api: () => VendorClient | null
  /** The outbox changed; `ticketIds`: tickets whose cached copy was replaced. */
  onChanged?: (change: { ticketIds: number[] }) => void
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
}

export interface DrainResult {
  /** Entries the server now has. */
  sent: number
  /** Why the drain stopped early (the server not answering or failing), or null. */
  stoppedBy: AppErrorData | null
  /** Entries still waiting, including those needing the agent. */
  waiting: number
}

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
  private readonly entries: EntrySender

  constructor(private readonly options: OutboxSenderOptions) {
    this.logger = options.logger ?? silentLogger
    this.now = options.now ?? Date.now
    this.entries = new EntrySender(options)
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
    let step = await this.entries.attempt(api, entry)
    // The answer was lost but the server was there a moment ago (a cut connection, a 500):
    // ask it at once what happened, so a save that arrived is reported as saved, not as
    // "cannot reach the server". Asking never resends blindly.
    const after = typeof step === 'object' && 'stop' in step ? store.get(entry.id) : null
    if (after?.inDoubt && after.state === 'pending') {
      await new Promise((r) => setTimeout(r, this.options.settleDelayMs ?? 250))
      step = await this.entries.attempt(api, after)
    }
    // A settled create names its new ticket: the queue swaps the local row for the server's.
    const made = entry.kind === 'create' ? store.createdTicketFor(entry.id) : null
    const ticketIds = entry.ticketId !== null ? [entry.ticketId] : made !== null ? [made] : []
    this.options.onChanged?.({ ticketIds })
    this.options.onSendOutcome?.(typeof step === 'object' && 'stop' in step ? step.stop : null)
    if (step === 'stuck' && entry.ticketId !== null) held.add(entry.ticketId)
    return step
  }
}

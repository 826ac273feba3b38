/**
 * Keeps the local cache equal to the server, each part as fresh as the work on it needs. The
 * API has no "changed since" filter, no change feed and no documented page order, so each tier
 * is read through the API's own filters (promises in sync-tiers.ts):
 * - mine, every ~58 s: my open tickets; hot, every `tiers.hotMs`: every open ticket and every
 *   one created in the last days (tier-refresh.ts);
 * - all, at most daily: the full sweep with its safe deletion rule, paced as a trickle with mine
 *   and hot run between its pages; the first sync, `runFull()` and "sync now" at full speed
 *   (full-sweep.ts, deletion-checks.ts);
 * - lookups: with every full sync, hourly, and soon after a ticket names an unknown id
 *   (lookup-refresh.ts); the ticket on screen: refreshTicket().
 *
 * This class is the façade: the public API the core, the CLI and the tests use, and the
 * background timer. It wires parts that each own their state, which nothing else writes:
 * - SyncSchedule (sync-schedule.ts): the one place that decides when each tier is due;
 * - StatusBoard (sync-status.ts): the status the screens see;
 * - SyncRuns (sync-runs.ts): how each run goes, with the parts it builds: RunGate (run-gate.ts,
 *   one run at a time in this process and per cache file; cancel), PageWriter (page-writer.ts:
 *   writing pages, the one "read again by id; 404 deletes it", the re-fetch of damaged records,
 *   the one summary), LookupRefresh, TierRefresh, FullSweep and DeletionChecks (what runs read).
 *
 * Before every run `beforeSync` runs (the outbox sends the agent's waiting edits first, so the
 * sync reads the server after them). pause(reason)/resume(reason) stop and restart the direct
 * tiers for any reason (the machine sleeps, the screen locks, or another source keeps the cache
 * fresh); the last resume catches up at once. stop() cancels the run in flight and resolves once
 * it and the timer's step have let go of the cache, so the cache can close after it.
 */
import type { SyncStatus } from '../../../shared/contract/contract'
import { isUnreachable, toErrorData, type AppErrorData } from '../../../shared/domain/errors'
import { silentLogger, type Logger } from '../logger'
import { systemClock, type Clock } from './ports'
import { SyncSchedule, type DueRun } from './sync-schedule'
import { LAST_SYNC_KEY, SyncRuns } from './sync-runs'
import { StatusBoard } from './sync-status'
import type { SyncEngineOptions, SyncSummary } from './sync-types'

export type { SyncCounts, SyncEngineOptions, SyncKind, SyncSummary } from './sync-types'

export class SyncEngine {
  private readonly clock: Clock
  private readonly logger: Logger
  private readonly schedule: SyncSchedule
  private readonly board: StatusBoard
  private readonly runs: SyncRuns
  private readonly pauseReasons = new Set<string>()
  private timer: unknown = null
  private running = false
  /** The background timer's step in flight (a run, then the next timer). */
  private ticking: Promise<void> | null = null

  constructor(private readonly options: SyncEngineOptions) {
    this.clock = options.clock ?? systemClock
    this.logger = options.logger ?? silentLogger
    const plan = () => SyncSchedule.plan(options.tiers?.(), options.mineRefreshMs)
    this.schedule = new SyncSchedule({ plan, hasMe: () => options.meId() !== null })
    this.board = new StatusBoard({
      now: () => this.clock.now().getTime(),
      paused: () => this.isPaused(),
      ...(options.onStatus ? { onStatus: options.onStatus } : {}),
      ...(options.onTicketsChanged ? { onTicketsChanged: options.onTicketsChanged } : {}),
    })
    this.runs = new SyncRuns({
      options,
      clock: this.clock,
      logger: this.logger,
      plan,
      schedule: this.schedule,
      board: this.board,
    })
    this.refreshIdleState()
  }

  status(): SyncStatus {
    return this.board.get()
  }

  isRunning(): boolean {
    return this.runs.gate.isRunning()
  }

  isPaused(): boolean {
    return this.pauseReasons.size > 0
  }

  /**
   * Starts a full sync unless one is running (a running background sweep stops pacing: the
   * agent asked for it now); resolves when it ends (never rejects).
   */
  syncNow(): { started: boolean; done: Promise<SyncSummary | null> } {
    const running = this.runs.gate.inFlight()
    if (running) {
      this.runs.sweep.unpace()
      return { started: false, done: running.catch(() => null) }
    }
    return { started: true, done: this.runFull().catch(() => null) }
  }

  /** One complete sync (lookups, the full sweep, deletion checks); rejects with its AppError. */
  runFull(options: { paced?: boolean } = {}): Promise<SyncSummary> {
    return this.runs.all(options.paced ?? false)
  }

  /** Refreshes the agent's own open tickets only. */
  runMine(): Promise<SyncSummary> {
    return this.runs.mine()
  }

  /** One hot-tier sync: every open ticket and every ticket created in the last days. */
  runHot(): Promise<SyncSummary> {
    return this.runs.hot()
  }

  /** Refreshes the lookup lists only. */
  runLookups(): Promise<SyncSummary> {
    return this.runs.lookupsOnly()
  }

  /**
   * The ticket on screen, fresh from the server: its contact's tickets in one request (the
   * listing shape, with the fields the view endpoint omits), or the ticket by id when it has
   * no contact or is not among them. Runs beside a sync (it writes only whole tickets, each in
   * its own transaction). Returns whether it still exists.
   */
  refreshTicket(id: number): Promise<boolean> {
    return this.runs.refreshTicket(id)
  }

  /** A request of the running sync waits before trying again (a 429's Retry-After, a 5xx). */
  noteRetryWait(wait: { code: AppErrorData['code']; status?: number; waitMs: number }): void {
    if (!this.isRunning()) return
    this.board.waiting(wait, new Date(this.clock.now().getTime() + wait.waitMs).toISOString())
  }

  /**
   * A write (save, create, delete) reached the server or failed to: the status bar should not say
   * "connected" while saves fail, nor "offline" once a save went through.
   */
  noteWriteOutcome(error: AppErrorData | null): void {
    if (this.isRunning()) return
    const now = this.clock.now().getTime()
    const state = this.board.stateNow()
    if (error === null) {
      if (state !== 'offline' && state !== 'error') return
      // The server is back: refresh now instead of waiting out the backoff.
      this.schedule.serverBack(now)
      this.arm(0)
      return
    }
    const serverSide = error.code === 'server_error' || error.code === 'unauthorized'
    if ((!isUnreachable(error.code) && !serverSide) || state !== 'online') return
    const retryAt = this.schedule.writeFailed(now)
    this.board.writeFailed(error, retryAt)
    this.arm(retryAt - now)
  }

  cancel(): boolean {
    return this.runs.gate.cancel()
  }

  /** Periodic background sync (see the tiers at the top). */
  start(): void {
    if (this.running) return
    this.running = true
    this.schedule.load(this.clock.now().getTime(), this.runs.mark('all'))
    this.arm(0)
  }

  /** Stops the schedule, cancels the run in flight and waits until it let go of the cache. */
  async stop(): Promise<void> {
    this.running = false
    this.disarm()
    this.runs.gate.cancel()
    await this.runs.gate.settled()
    await this.ticking
  }

  /**
   * No ticket sync while `reason` holds (the machine sleeps, the screen is locked, another
   * source keeps the cache fresh): the schedule stops and a running sync is cancelled (a sweep
   * keeps its place).
   */
  pause(reason: string): void {
    const was = this.isPaused()
    this.pauseReasons.add(reason)
    if (was) return
    this.disarm()
    this.runs.gate.cancel()
    this.board.update({})
  }

  /** `reason` is over; with none left, a catch-up sync runs at once (mine and hot are due). */
  resume(reason: string): void {
    if (!this.pauseReasons.delete(reason) || this.isPaused()) return
    this.schedule.resumed(this.clock.now().getTime())
    this.board.update({})
    this.arm(0)
  }

  /** Settings changed (interval, who I am, connection): re-plan and refresh soon. */
  reschedule(options: { allNow?: boolean } = {}): void {
    this.schedule.replanned(this.clock.now().getTime(), options.allNow ?? false)
    this.refreshIdleState()
    this.arm(0)
  }

  /** Forget a paused sweep and what the lists held (after the cache was cleared or rebuilt). */
  resetSweep(): void {
    this.runs.sweep.forget()
    this.runs.deletions.forget()
    this.runs.lookups.forget()
  }

  /** Updates the idle state (not configured / online), last sync time and tiers from the cache. */
  refreshIdleState(): void {
    if (this.isRunning()) return
    const lastSyncAt = this.options.cache.getState<string>(LAST_SYNC_KEY) ?? null
    this.board.idle(this.options.api() !== null, lastSyncAt, this.runs.tierStatus())
  }

  // ---- the background timer ----

  private arm(delayMs: number): void {
    if (!this.running || this.isPaused()) return
    this.disarm()
    this.timer = this.clock.setTimeout(() => this.tick(), delayMs)
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }

  /** The timer's work: whatever it meets ends here, never as an unhandled rejection. */
  private tick(): void {
    this.timer = null
    if (!this.running || this.isPaused()) return
    const step = this.runDue().catch((error: unknown) =>
      this.logger.warn('background sync step failed', toErrorData(error)),
    )
    this.ticking = step
    void step.finally(() => {
      if (this.ticking === step) this.ticking = null
    })
  }

  private async runDue(): Promise<void> {
    if (!this.isRunning() && this.options.api()) {
      const due = this.schedule.due(this.clock.now().getTime(), this.runs.mark('all') !== null)
      if (due) await this.startRun(due).catch(() => undefined)
    }
    // Stopped meanwhile: the cache may be closing, so nothing more is read from it.
    if (!this.running) return
    // Staleness moves with time alone: tell the screens when a tier crosses its promise.
    if (!this.isRunning()) this.board.tiers(this.runs.tierStatus())
    this.arm(this.schedule.timerDelay(this.clock.now().getTime()))
  }

  private startRun(due: DueRun): Promise<SyncSummary> {
    if (due.kind === 'all') return this.runFull({ paced: due.paced })
    if (due.kind === 'hot') return this.runHot()
    if (due.kind === 'mine') return this.runMine()
    return this.runLookups()
  }
}

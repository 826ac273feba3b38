/**
 * Keeps the local cache equal to the server. The API has no "changed since" filter, no change
 * feed and no documented page order, so the strategy is:
 *
 * 1. Lookup lists (employees, sponsors, termination codes, categories, sub-categories) are small:
 *    fetched whole on every sync and replaced in one transaction.
 * 2. Full sweep: every page of GET /ticket, following `meta.last_page` (never the page size we
 *    asked for). A page is written 100 tickets (one API page) per cache transaction, ~10 ms,
 *    with a turn of the event loop between them (upsertTicketsInChunks), so a screen's query
 *    waits for one small transaction at most; the next page is requested before the current one
 *    is written, so the server's work and the cache's overlap. Unchanged tickets (same
 *    `updated_at` and body) are skipped by the cache. A sweep interrupted by a network fault
 *    keeps its place and its set of seen ids, and the next run resumes from the page that failed.
 * 3. Deletions: a cached ticket missing from a COMPLETE sweep is only a candidate. The listing can
 *    shift under a sweep (a delete on page 1 moves a ticket from page 3 to page 2 after we read
 *    page 2), so a candidate is deleted only when its own URL answers 404; a 200 means it was
 *    shifted past us and is stored instead. An incomplete or cancelled sweep deletes nothing.
 *    When `meta.total` shrinks between two pages, the page(s) just before the current one are
 *    read again, so tickets that slid back past the sweep are still stored (also on a first
 *    sync, when they are not cached yet and so could never become candidates).
 *    The view endpoint (GET /ticket/{id}) omits fields the listing carries (`creater`,
 *    `interact_collections`): a ticket read by id keeps those from its cached copy until the next
 *    sweep lists it again.
 * 4. The agent's own open tickets (handler = me, status pending or in progress) are refreshed
 *    every `mineRefreshMs` between full sweeps and between the pages of a long one, so a change
 *    to them shows within a minute. Cached "mine" tickets that left that listing are re-read by
 *    id (reassigned, resolved or deleted).
 *
 * Freshness follows the work (strategy 'tiered', the default; sync-tiers.ts has the promises):
 * - mine: the step above, every `tiers.mineMs`;
 * - hot: every open ticket (statuses[]=0,1) and every closed one created in the last
 *   `tiers.hotDays` days (statuses[]=2,3 with created_at__start), two listings through the API's
 *   own filters that never overlap, every `tiers.hotMs`. A cached hot ticket missing from both
 *   complete listings was resolved, closed, reassigned or deleted: it is re-read by id (404
 *   deletes it), like the mine refresh;
 * - the ticket on screen (refreshTicket): its contact's tickets in one request, or the ticket
 *   by id when it has no contact;
 * - all: the full sweep of 2. and 3. at most once per `tiers.allMs` (a day), paced as a trickle
 *   (`tiers.pacePageMs` between pages, doubled while the server throttles or fails) with the
 *   hot and mine refreshes run between its pages. The first sync, `runFull()` (the CLI's
 *   `sync`) and "sync now" are not paced;
 * - lookups: with every full sync, every `tiers.lookupsMs`, and at once when a ticket names an
 *   employee, sponsor, code or category the cache does not know.
 * Strategy 'sweep' is the old one (a full sweep `intervalMs` after the last one ended), kept for
 * the load benchmark's side-by-side numbers.
 *
 * Before every sync (any tier), `beforeSync` runs (the hook for the outbox: the agent's waiting
 * edits are sent first, so the sync reads the server after them).
 *
 * Damage: a stored ticket that cannot be read back (DamagedRecordError) is dropped by the cache
 * when read, or replaced when written; the cache notes its id (takeDamagedTicketIds) and the
 * sync fetches it again by id at the end of the run (counted as `damaged`); the sync goes on.
 *
 * One run at a time in this process, and one per cache file across processes (the cache's sync
 * lock, taken before any request); cancellable; pausable (the machine sleeps, the screen
 * locks: pause() stops the schedule and cancels a run, resume() catches up at once). Progress,
 * state (online, offline, syncing, error) and each tier's freshness are reported through
 * `onStatus`.
 */
import type { SyncStatus, SyncTier } from '../../../shared/contract/contract'
import type { Page, Ticket } from '../../../shared/domain/api-schemas'
import { DONE_STATUSES, OPEN_STATUSES } from '../../../shared/domain/codes'
import {
  AppError,
  isUnreachable,
  toErrorData,
  type AppErrorData,
} from '../../../shared/domain/errors'
import { addSeconds, DEFAULT_SERVER_TIME_ZONE, serverNow } from '../../../shared/domain/server-time'
import { silentLogger, type Logger } from '../logger'
import { mergeWithCached } from '../tickets/merge-with-cached'
import { fetchAll, PageGuard, walkPages } from '../api/walk-pages'
import type { LookupLists, TicketCacheReader, TicketCacheWriter } from '../db/cache'
import { systemClock, type Clock, type SyncApi } from './ports'
import { DEFAULT_TIERS, tierKey, tiersOf, type TierMark, type TierPlan } from './sync-tiers'

/** The cache as the sync uses it: it reads (change and deletion detection) and writes. */
type Cache = TicketCacheReader & TicketCacheWriter

export interface SyncCounts {
  fetched: number
  inserted: number
  updated: number
  unchanged: number
  deleted: number
  /** HTTP requests this run sent (retries included), as the client counted them. */
  requests: number
  /** Response bytes this run received, as on the wire (compressed when the server gzipped). */
  bytes: number
  pages: number
  /** Stored tickets found unreadable, dropped and fetched again by id. */
  damaged: number
}

export type SyncKind = 'full' | 'mine' | 'hot' | 'lookups'

export interface SyncSummary extends SyncCounts {
  kind: SyncKind
  /** Every page of the listing was read. */
  complete: boolean
  /** The listing's total did not change while it was swept. */
  stable: boolean
  /** Candidates whose URL answered 200 (shifted, not deleted). */
  keptAfterCheck: number
  /** Candidates not checked yet (left for the next syncs, which check them in budgets). */
  uncheckedCandidates: number
  durationMs: number
}

export interface SyncEngineOptions {
  /** The API client for the current connection, or null when not configured. */
  api: () => SyncApi | null
  /** The one open cache (it stays the same object when cleared or rebuilt). */
  cache: Cache
  meId: () => number | null
  clock?: Clock
  logger?: Logger
  onStatus?: (status: SyncStatus) => void
  /** Cached tickets changed (throttled during a sweep). */
  onTicketsChanged?: () => void
  /**
   * Tickets fetched from the server, just before they are written; `cachedOf` gives the copy
   * they replace (the alerts compare the two).
   */
  observeTickets?: (tickets: Ticket[], cachedOf: (id: number) => Ticket | null) => void
  /** 'tiered' (default) or 'sweep' (today's: a full sweep `intervalMs` after the last ended). */
  strategy?: 'tiered' | 'sweep'
  /** Full sweep period of the 'sweep' strategy. */
  intervalMs?: () => number
  /** The tiers' periods (defaults: DEFAULT_TIERS); read at every decision, so settings apply. */
  tiers?: () => Partial<TierPlan>
  /** The server's time zone: the hot tier's window and the tiers' times are server time. */
  serverTimeZone?: () => string
  pageSize?: number
  mineRefreshMs?: number
  /** At most this many deletion candidates are checked by id per sync. */
  maxChecksPerSync?: number
  /** A sweep older than this is started over instead of resumed (paced sweeps: 3 h). */
  resumeWindowMs?: number
  /**
   * Runs before every sync (the outbox sends what waits, so the sync reads the server with the
   * agent's edits in it). Its failures are its own: they never stop the sync.
   */
  beforeSync?: () => Promise<unknown>
}

interface Sweep {
  startedAt: number
  nextPage: number
  lastPage: number | null
  total: number | null
  /** `meta.total` of the last page read: a drop means tickets before us may have slid back. */
  lastTotal: number | null
  stable: boolean
  seen: Set<number>
  counts: SyncCounts
  /** Server time the sweep started: the "all tickets as of" time once it completes. */
  startedServer: string
}

const LAST_SYNC_KEY = 'lastSyncAt'
/** The longest wait between two tries after a failure (a refused token excepted). */
const MAX_BACKOFF_MS = 60_000

/** Tickets re-read by id per hot run: those that left it, then deletion candidates left over. */
const HOT_REREAD_BUDGET = 200
const LEFTOVER_CHECK_BUDGET = 100
/** An unknown lookup id refreshes the lists at most this often. */
const LOOKUPS_ON_DEMAND_MIN_MS = 60_000

function emptyCounts(): SyncCounts {
  return {
    fetched: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    requests: 0,
    bytes: 0,
    pages: 0,
    damaged: 0,
  }
}

function cancelled(): AppError {
  return new AppError({ code: 'cancelled', message: 'Sync cancelled' })
}

export class SyncEngine {
  private readonly clock: Clock
  private readonly logger: Logger
  private readonly pageSize: number
  private readonly maxChecks: number
  private current: Promise<SyncSummary> | null = null
  private controller: AbortController | null = null
  private sweep: Sweep | null = null
  private timer: unknown = null
  private running = false
  private nextFullAt = 0
  private nextMineAt = 0
  private nextHotAt = 0
  private nextLookupsAt = 0
  private lastLookupsAt = 0
  private lookupsWanted = false
  private failures = 0
  private lastChangeEmit = 0
  /** The running full sweep waits between pages (a background sweep); "sync now" lifts it. */
  private pacing = false
  private paceGapMs = 0
  private readonly pauseReasons = new Set<string>()
  private cancelledForPause = false
  /** Deletion candidates a full sync had no budget for: checked in budgets by later runs. */
  private leftoverCandidates: number[] = []
  private knownLookups: Set<string> | null = null
  /** Ids a ticket named that a refresh of the lookups did not bring: not asked for again. */
  private readonly toleratedLookups = new Set<string>()
  private unknownNamed = new Set<string>()
  private state: SyncStatus = {
    state: 'not_configured',
    lastSyncAt: null,
    progress: null,
    error: null,
  }

  constructor(private readonly options: SyncEngineOptions) {
    this.clock = options.clock ?? systemClock
    this.logger = options.logger ?? silentLogger
    this.pageSize = options.pageSize ?? 100
    this.maxChecks = options.maxChecksPerSync ?? 500
    this.refreshIdleState()
  }

  private plan(): TierPlan {
    const plan = { ...DEFAULT_TIERS, ...this.options.tiers?.() }
    if (this.options.mineRefreshMs !== undefined) plan.mineMs = this.options.mineRefreshMs
    return plan
  }

  private get strategy(): 'tiered' | 'sweep' {
    return this.options.strategy ?? 'tiered'
  }

  /**
   * The mine refresh's period. Tiered: the longest within the plan's `mineMs` that divides the
   * hot period, so a hot read (my open tickets are among its open ones) stands in for every
   * k-th mine refresh instead of landing just after one: 290 s hot, 58 s mine, 4 mine refreshes
   * per hot period instead of 5 (each is ~3 requests for an agent with 276 open tickets).
   */
  private mineMs(): number {
    if (this.strategy === 'sweep') return this.options.mineRefreshMs ?? 30_000
    const { mineMs, hotMs } = this.plan()
    return hotMs / Math.max(1, Math.ceil(hotMs / Math.max(1, mineMs)))
  }

  /** Now in the server's zone (`YYYY-MM-DD HH:MM:SS`). */
  private serverNow(): string {
    return serverNow(this.options.serverTimeZone?.() ?? DEFAULT_SERVER_TIME_ZONE, this.clock.now())
  }

  status(): SyncStatus {
    return structuredClone(this.state)
  }

  isRunning(): boolean {
    return this.current !== null
  }

  isPaused(): boolean {
    return this.pauseReasons.size > 0
  }

  /**
   * Starts a full sync unless one is running (a running background sweep stops pacing: the
   * agent asked for it now); resolves when it ends (never rejects).
   */
  syncNow(): { started: boolean; done: Promise<SyncSummary | null> } {
    if (this.current) {
      this.pacing = false
      return { started: false, done: this.current.catch(() => null) }
    }
    const done = this.runFull().catch(() => null)
    return { started: true, done }
  }

  /** Runs one full sync at full speed; rejects with the AppError that stopped it. */
  runFull(options: { paced?: boolean } = {}): Promise<SyncSummary> {
    return this.exclusive('full', (signal) => this.fullSync(signal, options.paced ?? false))
  }

  /**
   * A request of the running sync waits before trying again (the server's Retry-After, a 5xx
   * backoff): the status says why and until when, so a 429 does not look like a stuck sync.
   */
  noteRetryWait(wait: { code: AppErrorData['code']; status?: number; waitMs: number }): void {
    if (!this.current) return
    const until = new Date(this.clock.now().getTime() + wait.waitMs).toISOString()
    this.setStatus({
      ...this.state,
      waiting: { code: wait.code, ...(wait.status ? { status: wait.status } : {}), until },
    })
  }

  /**
   * A write (save, create, delete) reached the server or failed to: the status bar should not say
   * "connected" while saves fail, nor "offline" once a save went through.
   */
  noteWriteOutcome(error: AppErrorData | null): void {
    if (this.current) return
    if (error === null) {
      if (this.state.state === 'offline' || this.state.state === 'error') {
        // The server is back: refresh now instead of waiting out the backoff.
        this.nextMineAt = this.clock.now().getTime()
        this.nextFullAt = Math.min(this.nextFullAt, this.nextMineAt)
        this.failures = 0
        if (this.running) this.schedule(0)
      }
      return
    }
    if (
      !isUnreachable(error.code) &&
      error.code !== 'server_error' &&
      error.code !== 'unauthorized'
    )
      return
    if (this.state.state !== 'online') return
    const retryAt = this.clock.now().getTime() + 15_000
    this.nextMineAt = retryAt
    this.setStatus({
      ...this.state,
      state: isUnreachable(error.code) ? 'offline' : 'error',
      error,
      retryAt: new Date(retryAt).toISOString(),
    })
    if (this.running) this.schedule(15_000)
  }

  /** Refreshes the agent's own open tickets only. */
  runMine(): Promise<SyncSummary> {
    return this.exclusive('mine', (signal) =>
      this.partial('mine', signal, (api, cache, counts) =>
        this.refreshMine(api, cache, signal, counts),
      ),
    )
  }

  /** One hot-tier sync: every open ticket and every ticket created in the last days. */
  runHot(): Promise<SyncSummary> {
    return this.exclusive('hot', (signal) =>
      this.partial('hot', signal, (api, cache, counts) =>
        this.refreshHot(api, cache, signal, counts),
      ),
    )
  }

  /** Refreshes the lookup lists only. */
  runLookups(): Promise<SyncSummary> {
    return this.exclusive('lookups', (signal) =>
      this.partial('lookups', signal, (api, cache, counts) =>
        this.refreshLookups(api, cache, signal, counts),
      ),
    )
  }

  /**
   * The ticket on screen, fresh from the server: its contact's tickets in one request (the
   * listing shape, with the fields the view endpoint omits), or the ticket by id when it has
   * no contact or is not among them. Runs beside a sync (it writes only whole tickets, each in
   * its own transaction). Returns whether it still exists.
   */
  async refreshTicket(id: number): Promise<boolean> {
    const api = this.options.api()
    if (!api) throw new AppError({ code: 'not_configured', message: 'No API address is set' })
    const cache = this.options.cache
    const counts = emptyCounts()
    const signal = new AbortController().signal
    const contactId = cache.getTicket(id)?.ticket.contact_id ?? null
    if (typeof contactId === 'number') {
      const page = await api.searchTickets(
        { page: 1, per_page: this.pageSize, contact_id: contactId },
        { signal },
      )
      await this.store(cache, page.data, counts)
      if (page.data.some((t) => t.id === id)) return true
    }
    return this.rereadById(api, cache, id, counts, signal)
  }

  cancel(): boolean {
    if (!this.controller) return false
    this.controller.abort()
    return true
  }

  /** Periodic background sync (see the strategy at the top). */
  start(): void {
    if (this.running) return
    this.running = true
    this.loadMarks()
    this.schedule(0)
  }

  stop(): void {
    this.running = false
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
    this.cancel()
  }

  /**
   * No ticket sync while `reason` holds (the machine sleeps, the screen is locked): the
   * schedule stops and a running sync is cancelled (a sweep keeps its place).
   */
  pause(reason: string): void {
    const was = this.isPaused()
    this.pauseReasons.add(reason)
    if (was) return
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
    if (this.controller) {
      this.cancelledForPause = true
      this.controller.abort()
    }
    this.setStatus({ ...this.state, paused: true })
  }

  /** `reason` is over; with none left, a catch-up sync runs at once (mine and hot are due). */
  resume(reason: string): void {
    if (!this.pauseReasons.delete(reason) || this.isPaused()) return
    const now = this.clock.now().getTime()
    this.nextMineAt = now
    this.nextHotAt = now
    if (this.strategy === 'sweep') this.nextFullAt = Math.min(this.nextFullAt, now)
    this.failures = 0
    this.setStatus({ ...this.state, paused: false })
    if (this.running) this.schedule(0)
  }

  /** Settings changed (interval, who I am, connection): re-plan and refresh soon. */
  reschedule(options: { fullNow?: boolean } = {}): void {
    const now = this.clock.now().getTime()
    if (options.fullNow) this.nextFullAt = now
    this.nextMineAt = now
    this.failures = 0
    this.refreshIdleState()
    if (this.running && !this.isPaused()) this.schedule(0)
  }

  /** Forget a paused sweep (e.g. after the cache was cleared). */
  resetSweep(): void {
    this.sweep = null
    this.leftoverCandidates = []
    this.knownLookups = null
  }

  /** Updates the idle state (not configured / online), last sync time and tiers from the cache. */
  refreshIdleState(): void {
    if (this.current) return
    const configured = this.options.api() !== null
    const lastSyncAt = this.options.cache.getState<string>(LAST_SYNC_KEY) ?? null
    const tiers = this.tierStatus()
    if (!configured)
      this.setStatus({ state: 'not_configured', lastSyncAt, progress: null, error: null, tiers })
    else
      this.setStatus({
        ...this.state,
        state: this.state.state === 'not_configured' ? 'online' : this.state.state,
        lastSyncAt,
        tiers,
      })
  }

  private mark(tier: SyncTier): TierMark | null {
    return this.options.cache.getState<TierMark>(tierKey(tier)) ?? null
  }

  private tierStatus(): NonNullable<SyncStatus['tiers']> {
    return tiersOf(this.options.cache, this.serverNow(), this.options.meId() !== null)
  }

  /**
   * When the next background sweep starts: early enough that its paced pages (about `pages`
   * gaps and page reads) end within `allMs` of the last sweep's start, so every ticket is read
   * again within the day; never sooner than half a period.
   */
  private nextSweepAt(lastStart: number, pages: number): number {
    const plan = this.plan()
    const paced = pages * (plan.pacePageMs + 500)
    return lastStart + Math.max(plan.allMs / 2, plan.allMs - paced)
  }

  /** The schedule from the stored marks, so a restart does not sweep again within the day. */
  private loadMarks(): void {
    const now = this.clock.now().getTime()
    const plan = this.plan()
    const all = this.mark('all')
    if (this.strategy === 'sweep' || !all) this.nextFullAt = now
    else this.nextFullAt = Math.min(this.nextSweepAt(all.ms, all.pages ?? 1), now + plan.allMs)
    this.nextHotAt = now
    this.nextMineAt = now
    this.nextLookupsAt = now + plan.lookupsMs
  }

  private schedule(delayMs: number): void {
    if (!this.running || this.isPaused()) return
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = this.clock.setTimeout(() => void this.tick(), delayMs)
  }

  /** What is due now, most important first; null when nothing is. */
  private due(now: number): (() => Promise<SyncSummary>) | null {
    const mine = this.options.meId() !== null && now >= this.nextMineAt
    if (this.strategy === 'sweep') {
      if (now >= this.nextFullAt) return () => this.runFull()
      return mine ? () => this.runMine() : null
    }
    // Never completed a sweep: the first sync runs at full speed.
    if (this.mark('all') === null) return now >= this.nextFullAt ? () => this.runFull() : null
    if (now >= this.nextFullAt) return () => this.runFull({ paced: true })
    if (now >= this.nextHotAt) return () => this.runHot()
    if (mine) return () => this.runMine()
    if (now >= this.nextLookupsAt) return () => this.runLookups()
    return null
  }

  private nextDueAt(): number {
    const mine = this.options.meId() !== null ? this.nextMineAt : Infinity
    if (this.strategy === 'sweep') return Math.min(this.nextFullAt, mine)
    return Math.min(this.nextFullAt, this.nextHotAt, mine, this.nextLookupsAt)
  }

  private async tick(): Promise<void> {
    this.timer = null
    if (!this.running || this.isPaused()) return
    if (!this.current && this.options.api()) {
      const work = this.due(this.clock.now().getTime())
      if (work) await work().catch(() => undefined)
    }
    // Staleness moves with time alone: tell the screens when a tier crosses its promise.
    if (!this.current) {
      const tiers = this.tierStatus()
      if (JSON.stringify(tiers) !== JSON.stringify(this.state.tiers))
        this.setStatus({ ...this.state, tiers })
    }
    const after = this.clock.now().getTime()
    this.schedule(Math.max(1_000, Math.min(this.nextDueAt() - after, 60_000)))
  }

  private exclusive(
    kind: SyncKind,
    work: (signal: AbortSignal) => Promise<SyncSummary>,
  ): Promise<SyncSummary> {
    if (this.current) {
      return Promise.reject(new AppError({ code: 'busy', message: 'A sync is already running' }))
    }
    // One sync per cache file, across processes: checked before any request is sent.
    const holder = this.options.cache.acquireSyncLock(kind)
    if (holder) {
      return Promise.reject(
        new AppError({
          code: 'busy',
          message:
            `another process is syncing this cache (pid ${holder.pid}, ${holder.what} sync ` +
            `since ${holder.since})`,
        }),
      )
    }
    const controller = new AbortController()
    this.controller = controller
    const run = (async () => {
      try {
        await this.options
          .beforeSync?.()
          .catch((error: unknown) =>
            this.logger.warn('before-sync step failed', { error: toErrorData(error).message }),
          )
        const summary = await work(controller.signal)
        this.onSuccess(kind)
        return summary
      } catch (error) {
        this.onFailure(kind, error)
        throw error instanceof AppError ? error : new AppError(toErrorData(error))
      } finally {
        this.controller = null
        this.current = null
        this.pacing = false
        try {
          this.options.cache.releaseSyncLock()
        } catch (error) {
          this.logger.warn('could not release the sync lock', toErrorData(error))
        }
      }
    })()
    this.current = run
    return run
  }

  private setMark(tier: SyncTier, mark: TierMark): void {
    this.options.cache.setState(tierKey(tier), mark)
  }

  private onSuccess(kind: SyncKind): void {
    const now = this.clock.now()
    this.failures = 0
    let lastSyncAt = this.state.lastSyncAt
    if (kind === 'full') {
      lastSyncAt = now.toISOString()
      this.options.cache.setState(LAST_SYNC_KEY, lastSyncAt)
      if (this.strategy === 'sweep')
        this.nextFullAt = now.getTime() + (this.options.intervalMs?.() ?? 120_000)
    }
    this.setStatus({
      ...this.state,
      state: 'online',
      lastSyncAt,
      progress: null,
      error: null,
      retryAt: null,
      waiting: null,
      tiers: this.tierStatus(),
    })
    this.emitChanged(true)
  }

  private onFailure(kind: SyncKind, error: unknown): void {
    const data = toErrorData(error)
    const now = this.clock.now().getTime()
    if (data.code === 'cancelled') {
      this.setStatus({
        ...this.state,
        state: 'online',
        progress: null,
        error: null,
        retryAt: null,
        waiting: null,
      })
      // Cancelled by a pause: the sweep resumes from its place when the pause ends.
      if (!this.cancelledForPause && this.strategy === 'sweep')
        this.nextFullAt = now + (this.options.intervalMs?.() ?? 120_000)
      this.cancelledForPause = false
      return
    }
    if (data.code === 'busy') {
      // Another process is syncing this file: try again later, quietly.
      const later = now + this.plan().mineMs
      if (kind === 'full') this.nextFullAt = Math.max(this.nextFullAt, later)
      if (kind === 'hot') this.nextHotAt = later
      this.nextMineAt = later
      return
    }
    this.failures += 1
    // Back off while the server is unreachable or failing: 15 s, 30 s, then every 60 s (sooner
    // than the tier's period, so "back online" shows within a minute); a refused token waits the
    // whole period, since trying it again cannot help until the agent connects again.
    const interval =
      this.strategy === 'sweep' ? (this.options.intervalMs?.() ?? 120_000) : this.plan().hotMs
    const wait =
      data.code === 'unauthorized' || data.code === 'forbidden'
        ? interval
        : Math.min(interval, MAX_BACKOFF_MS, 15_000 * 2 ** Math.min(this.failures - 1, 6))
    const retryAt = data.retryAfterMs ? now + Math.max(wait, data.retryAfterMs) : now + wait
    if (kind === 'full') this.nextFullAt = retryAt
    if (kind === 'hot' || isUnreachable(data.code)) this.nextHotAt = retryAt
    if (kind === 'lookups') this.nextLookupsAt = retryAt
    this.nextMineAt = retryAt
    const state = isUnreachable(data.code) ? 'offline' : 'error'
    this.logger.warn(`${kind} sync failed`, { code: data.code, message: data.message })
    this.setStatus({
      ...this.state,
      state,
      progress: null,
      error: data,
      retryAt: new Date(
        Math.min(retryAt, this.nextFullAt, this.nextHotAt, this.nextMineAt),
      ).toISOString(),
      waiting: null,
      tiers: this.tierStatus(),
    })
    this.emitChanged(true)
  }

  private setStatus(status: SyncStatus): void {
    this.state = { ...status, paused: this.isPaused() }
    this.options.onStatus?.(this.status())
  }

  private progress(
    phase: NonNullable<SyncStatus['progress']>['phase'],
    done: number,
    total: number,
  ): void {
    this.setStatus({
      ...this.state,
      state: 'syncing',
      progress: { phase, done, total },
      waiting: null,
    })
  }

  private emitChanged(force = false): void {
    const now = this.clock.now().getTime()
    if (!force && now - this.lastChangeEmit < 1_000) return
    this.lastChangeEmit = now
    this.options.onTicketsChanged?.()
  }

  private ports(): { api: SyncApi; cache: Cache } {
    const api = this.options.api()
    if (!api) throw new AppError({ code: 'not_configured', message: 'No API address is set' })
    return { api, cache: this.options.cache }
  }

  /**
   * Writes a page of tickets a few per transaction, yielding between them, so a screen's query
   * queued behind the sync waits for one small transaction, not a whole page.
   */
  private async store(cache: Cache, tickets: Ticket[], counts: SyncCounts): Promise<void> {
    if (tickets.length === 0) return
    this.options.observeTickets?.(tickets, (id) => cache.getTicket(id)?.ticket ?? null)
    const syncedAt = this.clock.now().toISOString()
    const result = await cache.upsertTicketsInChunks(tickets, syncedAt)
    counts.fetched += tickets.length
    counts.inserted += result.inserted
    counts.updated += result.updated
    counts.unchanged += result.unchanged
    if (result.inserted + result.updated > 0) this.emitChanged()
    if (this.strategy === 'tiered' && !this.lookupsWanted && this.namesUnknown(cache, tickets))
      this.lookupsWanted = true
  }

  /** Whether a ticket names an employee, sponsor, code or category the lookups do not have. */
  private namesUnknown(cache: Cache, tickets: Ticket[]): boolean {
    if (!this.knownLookups) {
      const lists = cache.getLookups()
      const known = new Set<string>()
      for (const e of lists.employees) known.add(`e${e.id}`)
      for (const s of lists.sponsors) known.add(`s${s.id}`)
      for (const c of lists.terminationCodes) known.add(`t${c.id}`)
      for (const c of lists.categories) {
        known.add(`c${c.id}`)
        for (const child of c.children) known.add(`u${child.id}`)
      }
      this.knownLookups = known
    }
    const known = this.knownLookups
    if (known.size === 0) return false // never fetched: the first full sync brings them
    const before = this.unknownNamed.size
    const check = (prefix: string, id: unknown): void => {
      if (typeof id !== 'number') return
      const key = prefix + id
      if (!known.has(key) && !this.toleratedLookups.has(key)) this.unknownNamed.add(key)
    }
    for (const t of tickets) {
      check('e', t.handler_id)
      check('s', t.sponsor_id)
      check('t', t.termination_code_id)
      check('c', t.category_id)
      check('u', t.sub_category_id)
    }
    return this.unknownNamed.size > before
  }

  /** The client's traffic so far (requests sent, bytes received). */
  private traffic(api: SyncApi): { requests: number; bytes: number } {
    const t = api.traffic()
    return { requests: t.requests, bytes: t.bytes }
  }

  /** Runs `work` as a whole run of `kind`, with the traffic it caused and the damage repaired. */
  private async partial(
    kind: SyncKind,
    signal: AbortSignal,
    work: (api: SyncApi, cache: Cache, counts: SyncCounts) => Promise<void>,
  ): Promise<SyncSummary> {
    const started = this.clock.now().getTime()
    const { api, cache } = this.ports()
    const before = this.traffic(api)
    const counts = emptyCounts()
    await work(api, cache, counts)
    await this.afterRun(api, cache, signal, counts)
    const after = this.traffic(api)
    counts.requests = after.requests - before.requests
    counts.bytes = after.bytes - before.bytes
    return {
      kind,
      ...counts,
      complete: true,
      stable: true,
      keptAfterCheck: 0,
      uncheckedCandidates: this.leftoverCandidates.length,
      durationMs: this.clock.now().getTime() - started,
    }
  }

  /** End of every run: damaged records fetched again, lookups a ticket named and we lack. */
  private async afterRun(
    api: SyncApi,
    cache: Cache,
    signal: AbortSignal,
    counts: SyncCounts,
  ): Promise<void> {
    const damaged = cache.takeDamagedTicketIds()
    for (const id of damaged) {
      if (signal.aborted) throw cancelled()
      await this.refetch(api, cache, id, counts, signal)
    }
    counts.damaged += damaged.length
    if (damaged.length > 0)
      this.logger.warn('damaged ticket records fetched again', { ids: damaged.slice(0, 20) })
    const now = this.clock.now().getTime()
    if (this.lookupsWanted && now - this.lastLookupsAt >= LOOKUPS_ON_DEMAND_MIN_MS) {
      this.logger.info('a ticket names an id the lookups do not have: refreshing them')
      await this.refreshLookups(api, cache, signal, counts)
    }
  }

  private async refreshLookups(
    api: SyncApi,
    cache: Cache,
    signal: AbortSignal,
    counts: SyncCounts,
  ): Promise<void> {
    this.progress('lookups', 0, 5)
    const lists = await fetchLookups(api, signal, counts, (done) =>
      this.progress('lookups', done, 5),
    )
    cache.replaceLookups(lists)
    const now = this.clock.now().getTime()
    this.lastLookupsAt = now
    this.nextLookupsAt = now + this.plan().lookupsMs
    this.lookupsWanted = false
    this.knownLookups = null
    // What the fresh lists still lack is not theirs to bring (e.g. a sub-category the
    // categories do not list): tolerated, so it never sets off a refresh loop.
    for (const key of this.unknownNamed) this.toleratedLookups.add(key)
    this.unknownNamed = new Set()
  }

  /** Waits `ms` on the engine's clock; a cancel ends the wait at once. */
  private wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(cancelled())
      const onAbort = (): void => {
        this.clock.clearTimeout(handle)
        reject(cancelled())
      }
      const handle = this.clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  /**
   * Between two pages of a paced sweep: run the hot and mine refreshes when due, then wait the
   * gap, doubled (up to a minute) while the client had to retry (429, 5xx), back to the base
   * once pages come through at the first attempt.
   */
  private async betweenPages(
    api: SyncApi,
    cache: Cache,
    signal: AbortSignal,
    counts: SyncCounts,
    retried: boolean,
  ): Promise<void> {
    const base = this.plan().pacePageMs
    if (this.pacing)
      this.paceGapMs = retried
        ? Math.min(60_000, Math.max(base, this.paceGapMs) * 2)
        : Math.max(base, this.paceGapMs / 2)
    const until = this.clock.now().getTime() + this.paceGapMs
    for (;;) {
      // A fast sweep reads everything soon anyway; a paced one takes an hour: keep hot fresh.
      if (this.pacing && this.strategy === 'tiered' && this.clock.now().getTime() >= this.nextHotAt)
        await this.refreshHot(api, cache, signal, counts)
      if (this.clock.now().getTime() >= this.nextMineAt && this.options.meId() !== null)
        await this.refreshMine(api, cache, signal, counts)
      if (!this.pacing) return
      const now = this.clock.now().getTime()
      if (now >= until) return
      // A refresh due during the gap runs on time: mine's minute is not stretched by a gap
      // (up to a minute while the server throttles).
      const mine = this.options.meId() !== null ? this.nextMineAt : Infinity
      const hot = this.strategy === 'tiered' ? this.nextHotAt : Infinity
      await this.wait(Math.min(until, Math.max(now, Math.min(mine, hot))) - now, signal)
    }
  }

  private async fullSync(signal: AbortSignal, paced: boolean): Promise<SyncSummary> {
    const started = this.clock.now().getTime()
    const { api, cache } = this.ports()
    const before = this.traffic(api)
    this.pacing = paced
    this.paceGapMs = this.plan().pacePageMs

    const lookupCounts = emptyCounts()
    await this.refreshLookups(api, cache, signal, lookupCounts)

    const mine = emptyCounts()
    await this.refreshMine(api, cache, signal, mine)

    const sweep = this.resumeOrStartSweep(started, paced)
    cache.beginBulk()
    const fetchPage = (n: number): Promise<Page<Ticket>> =>
      api.searchTickets({ page: n, per_page: this.pageSize }, { signal })
    let prefetched: { page: number; result: Promise<Page<Ticket>> } | null = null
    const guard = new PageGuard('GET /ticket')
    try {
      while (sweep.lastPage === null || sweep.nextPage <= sweep.lastPage) {
        if (signal.aborted) throw cancelled()
        const sentBefore = api.traffic().requests
        const page = await (prefetched?.page === sweep.nextPage
          ? prefetched.result
          : fetchPage(sweep.nextPage))
        prefetched = null
        guard.check(sweep.nextPage, page)
        const retried = api.traffic().requests - sentBefore > 1
        // In its own turn, not inside a page's write: keeps the log (and endBulk) small.
        cache.checkpointStep()
        const { meta } = page
        if (sweep.total === null) {
          sweep.total = meta.total
        } else if (meta.total !== sweep.total || meta.last_page !== sweep.lastPage) {
          sweep.stable = false
        }
        // Follow the server's own page count: it may cap per_page below what we asked for.
        sweep.lastPage = Math.max(1, meta.last_page)
        // Ask for the next page before writing this one: the server prepares it while SQLite
        // works (a full sync at 100k tickets spends about as long waiting as writing). A paced
        // sweep does not: it has time, and the server should see one request at a time.
        if (sweep.nextPage < sweep.lastPage && !this.pacing) {
          const next = sweep.nextPage + 1
          prefetched = { page: next, result: fetchPage(next) }
          // Awaited on the next turn, or dropped when this run ends first.
          prefetched.result.catch(() => undefined)
        }
        await this.store(cache, page.data, sweep.counts)
        for (const ticket of page.data) sweep.seen.add(ticket.id)
        sweep.counts.pages += 1
        const shrunk = sweep.lastTotal !== null ? sweep.lastTotal - meta.total : 0
        sweep.lastTotal = meta.total
        if (shrunk > 0) await this.rereadBefore(api, cache, sweep, shrunk, meta.per_page, signal)
        sweep.nextPage += 1
        this.progress('tickets', Math.min(sweep.nextPage - 1, sweep.lastPage), sweep.lastPage)
        if (page.data.length === 0 && sweep.nextPage <= sweep.lastPage) sweep.stable = false
        if (sweep.nextPage <= sweep.lastPage)
          await this.betweenPages(api, cache, signal, sweep.counts, retried)
        else if (this.clock.now().getTime() >= this.nextMineAt && this.options.meId() !== null)
          await this.refreshMine(api, cache, signal, sweep.counts)
      }
    } finally {
      cache.endBulk()
    }
    // Planner statistics, one bounded step per turn so queries can run in between.
    while (cache.maintenanceStep()) await new Promise<void>((r) => setImmediate(r))

    // The sweep is complete: deletion candidates are confirmed one by one.
    this.sweep = null
    const candidates = cache.allTicketIds().filter((id) => !sweep.seen.has(id))
    const checked = await this.confirmGone(api, cache, candidates, signal, sweep.counts)
    // The rest are checked by the next runs, a budget at a time (and found again by the next
    // sweep if those do not get to them).
    this.leftoverCandidates = candidates.slice(checked.checked)
    if (this.leftoverCandidates.length > 0)
      this.logger.warn('deletion candidates left for the next syncs', {
        unchecked: this.leftoverCandidates.length,
      })
    // The cache now holds everything again: copies of a damaged file set aside can go.
    cache.discardSetAside()

    const counts = sweep.counts
    addCounts(counts, lookupCounts)
    addCounts(counts, mine)
    await this.afterRun(api, cache, signal, counts)
    // The sweep read every ticket as of its start: the "all" tier (and so hot and mine).
    this.setMark('all', {
      at: sweep.startedServer,
      ms: sweep.startedAt,
      pages: sweep.lastPage ?? 1,
    })
    if (this.strategy === 'tiered') {
      const plan = this.plan()
      this.nextFullAt = this.nextSweepAt(sweep.startedAt, sweep.lastPage ?? 1)
      this.nextHotAt = Math.max(this.nextHotAt, sweep.startedAt + plan.hotMs)
    }
    const after = this.traffic(api)
    counts.requests = after.requests - before.requests
    counts.bytes = after.bytes - before.bytes
    return {
      kind: 'full',
      ...counts,
      complete: true,
      stable: sweep.stable,
      keptAfterCheck: checked.kept,
      uncheckedCandidates: this.leftoverCandidates.length,
      durationMs: this.clock.now().getTime() - started,
    }
  }

  /**
   * `shrunk` tickets left the listing since the previous page: if they were before our place,
   * as many tickets slid from this page onto the previous one(s). Read those pages again.
   */
  private async rereadBefore(
    api: SyncApi,
    cache: Cache,
    sweep: Sweep,
    shrunk: number,
    perPage: number,
    signal: AbortSignal,
  ): Promise<void> {
    const size = perPage > 0 ? perPage : this.pageSize
    const first = Math.max(1, sweep.nextPage - Math.ceil(shrunk / size))
    for (let p = first; p < sweep.nextPage; p++) {
      if (signal.aborted) throw cancelled()
      const again = await api.searchTickets({ page: p, per_page: this.pageSize }, { signal })
      await this.store(cache, again.data, sweep.counts)
      for (const ticket of again.data) sweep.seen.add(ticket.id)
    }
  }

  /**
   * Reads one cached ticket again by its own URL: stored when the server still has it (with the
   * listing-only fields of the cached copy kept: the view endpoint omits them), deleted from the
   * cache when it answers 404. Any other failure is thrown. Returns whether the ticket still exists.
   */
  private async rereadById(
    api: SyncApi,
    cache: Cache,
    id: number,
    counts: SyncCounts,
    signal: AbortSignal,
  ): Promise<boolean> {
    let ticket: Ticket
    try {
      ticket = await api.getTicket(id, { signal })
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'not_found')) throw error
      counts.deleted += cache.deleteTickets([id])
      this.emitChanged()
      return false
    }
    await this.store(cache, [mergeWithCached(cache.getTicket(id)?.ticket, ticket)], counts)
    return true
  }

  /**
   * A ticket with no usable cached copy, fetched again: by id, then in the listing's own shape
   * (with `creater` and `interact_collections`, which the view omits) through its contact's
   * tickets when it has a contact.
   */
  private async refetch(
    api: SyncApi,
    cache: Cache,
    id: number,
    counts: SyncCounts,
    signal: AbortSignal,
  ): Promise<void> {
    let fresh: Ticket
    try {
      fresh = await api.getTicket(id, { signal })
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'not_found')) throw error
      counts.deleted += cache.deleteTickets([id])
      return
    }
    if (typeof fresh.contact_id === 'number') {
      const page = await api.searchTickets(
        { page: 1, per_page: this.pageSize, contact_id: fresh.contact_id },
        { signal },
      )
      await this.store(cache, page.data, counts)
      if (page.data.some((t) => t.id === id)) return
    }
    await this.store(cache, [fresh], counts)
  }

  private resumeOrStartSweep(now: number, paced: boolean): Sweep {
    // A paced sweep takes about an hour; its place stays good for longer than a fast one's.
    const window = this.options.resumeWindowMs ?? (paced ? 3 * 3600_000 : 15 * 60_000)
    if (this.sweep && now - this.sweep.startedAt < window) {
      this.logger.info('resuming the ticket sweep', { page: this.sweep.nextPage })
      return this.sweep
    }
    this.sweep = {
      startedAt: now,
      nextPage: 1,
      lastPage: null,
      total: null,
      stable: true,
      lastTotal: null,
      seen: new Set(),
      counts: emptyCounts(),
      startedServer: this.serverNow(),
    }
    return this.sweep
  }

  private async confirmGone(
    api: SyncApi,
    cache: Cache,
    candidates: number[],
    signal: AbortSignal,
    counts: SyncCounts,
  ): Promise<{ checked: number; kept: number }> {
    let checked = 0
    let kept = 0
    const toCheck = candidates.slice(0, this.maxChecks)
    for (const id of toCheck) {
      if (signal.aborted) throw cancelled()
      this.progress('deletions', checked, toCheck.length)
      if (await this.rereadById(api, cache, id, counts, signal)) kept += 1
      checked += 1
    }
    return { checked, kept }
  }

  /** The agent's open tickets from the server, plus a re-read of cached ones that left the list. */
  private async refreshMine(
    api: SyncApi,
    cache: Cache,
    signal: AbortSignal,
    counts: SyncCounts,
  ): Promise<void> {
    const me = this.options.meId()
    if (me === null) return
    const startedAt = this.clock.now().getTime()
    const startedServer = this.serverNow()
    const statuses = [...OPEN_STATUSES]
    const listed = new Set<number>()
    const pages = walkPages(
      (page) =>
        api.searchTickets(
          { page, per_page: this.pageSize, handler_ids: [me], statuses },
          { signal },
        ),
      { signal },
    )
    for await (const items of pages) {
      await this.store(cache, items, counts)
      items.forEach((t) => listed.add(t.id))
    }
    const left = cache.ticketIdsFor(me, statuses).filter((id) => !listed.has(id))
    for (const id of left.slice(0, 100)) await this.rereadById(api, cache, id, counts, signal)
    // From its start, as the promise counts: a slow run does not push the next one later.
    this.nextMineAt = startedAt + this.mineMs()
    this.setMark('mine', { at: startedServer, ms: startedAt })
  }

  /**
   * The hot tier: every open ticket, and every closed one created in the last days (the two
   * listings never overlap). Cached hot tickets missing from both complete listings are re-read
   * by id; then a budget of deletion candidates a full sweep left unchecked.
   */
  private async refreshHot(
    api: SyncApi,
    cache: Cache,
    signal: AbortSignal,
    counts: SyncCounts,
  ): Promise<void> {
    const plan = this.plan()
    const startedAt = this.clock.now().getTime()
    const startedServer = this.serverNow()
    const since = addSeconds(startedServer, -plan.hotDays * 86_400)
    const open = [...OPEN_STATUSES]
    const listed = new Set<number>()
    const listings = [
      { statuses: open },
      { statuses: [...DONE_STATUSES], created_at__start: since },
    ]
    let done = 0
    for (const filter of listings) {
      const pages = walkPages(
        (page) => api.searchTickets({ page, per_page: this.pageSize, ...filter }, { signal }),
        { signal },
      )
      for await (const items of pages) {
        await this.store(cache, items, counts)
        items.forEach((t) => listed.add(t.id))
        counts.pages += 1
        this.progress('tickets', ++done, done)
      }
    }
    // Both listings were read to their last page: what is cached as hot and was not listed has
    // left the tier (or slid between pages while we read): its own URL says which.
    const left = cache.hotTicketIds(open, since).filter((id) => !listed.has(id))
    for (const id of left.slice(0, HOT_REREAD_BUDGET)) {
      if (signal.aborted) throw cancelled()
      await this.rereadById(api, cache, id, counts, signal)
    }
    const leftovers = this.leftoverCandidates.splice(0, LEFTOVER_CHECK_BUDGET)
    for (const id of leftovers) {
      if (signal.aborted) throw cancelled()
      if (!listed.has(id)) await this.rereadById(api, cache, id, counts, signal)
    }
    this.nextHotAt = startedAt + plan.hotMs
    // My open tickets are open tickets: the mine refresh is not due again until its period
    // after this read started.
    this.nextMineAt = Math.max(this.nextMineAt, startedAt + this.mineMs())
    this.setMark('hot', { at: startedServer, ms: startedAt })
  }
}

function addCounts(into: SyncCounts, more: SyncCounts): void {
  into.fetched += more.fetched
  into.inserted += more.inserted
  into.updated += more.updated
  into.unchanged += more.unchanged
  into.deleted += more.deleted
  into.requests += more.requests
  into.bytes += more.bytes
  into.pages += more.pages
  into.damaged += more.damaged
}

async function fetchLookups(
  api: SyncApi,
  signal: AbortSignal,
  _counts: SyncCounts,
  onList: (done: number) => void,
): Promise<LookupLists> {
  const all = <T>(
    fetch: (
      params: { page: number; per_page: number },
      o: { signal: AbortSignal },
    ) => Promise<Page<T>>,
  ): Promise<T[]> => fetchAll((page) => fetch({ page, per_page: 100 }, { signal }), { signal })
  const employees = await all((p, o) => api.listEmployees(p, o))
  onList(1)
  const sponsors = await all((p, o) => api.listSponsors(p, o))
  onList(2)
  const terminationCodes = await all((p, o) => api.listTerminationCodes(p, o))
  onList(3)
  const categories = await all((p, o) => api.listCategories(p, o))
  onList(4)
  const subCategories = await all((p, o) => api.listSubCategories(p, o))
  onList(5)
  return { employees, sponsors, terminationCodes, categories, subCategories }
}

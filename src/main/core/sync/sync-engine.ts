/**
 * Keeps the local cache equal to the server. The API has no "changed since" filter, no change
 * feed and no documented page order, so the strategy is:
 *
 * 1. Lookup lists (employees, sponsors, termination codes, categories, sub-categories) are small:
 *    fetched whole on every sync and replaced in one transaction.
 * 2. Full sweep: every page of GET /ticket, following `meta.last_page` (never the page size we
 *    asked for). A page is written 25 tickets per cache transaction with a turn of the event
 *    loop between them (upsertTicketsInChunks), so a screen's query waits for one small
 *    transaction at most; the next page is requested before the current one is written, so the
 *    server's work and the cache's overlap. Unchanged tickets (same `updated_at` and body) are
 *    skipped by the cache. A sweep interrupted by a network fault keeps its place and its
 *    set of seen ids, and the next run resumes from the page that failed.
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
 * One run at a time; cancellable; progress and state (online, offline, syncing, error) are
 * reported through `onStatus`.
 */
import type { SyncStatus } from '../../../shared/contract/contract'
import type { Page, Ticket } from '../../../shared/domain/api-schemas'
import { OPEN_STATUSES } from '../../../shared/domain/codes'
import {
  AppError,
  isUnreachable,
  toErrorData,
  type AppErrorData,
} from '../../../shared/domain/errors'
import { silentLogger, type Logger } from '../logger'
import { mergeWithCached } from '../tickets/merge-with-cached'
import { fetchAll, walkPages } from '../api/walk-pages'
import type { LookupLists, TicketCacheReader, TicketCacheWriter } from '../db/cache'
import { systemClock, type Clock, type SyncApi } from './ports'

/** The cache as the sync uses it: it reads (change and deletion detection) and writes. */
type Cache = TicketCacheReader & TicketCacheWriter

export interface SyncCounts {
  fetched: number
  inserted: number
  updated: number
  unchanged: number
  deleted: number
  /** API calls made by this run (each may have been retried inside the client). */
  requests: number
  pages: number
}

export interface SyncSummary extends SyncCounts {
  kind: 'full' | 'mine'
  /** Every page of the listing was read. */
  complete: boolean
  /** The listing's total did not change while it was swept. */
  stable: boolean
  /** Candidates whose URL answered 200 (shifted, not deleted). */
  keptAfterCheck: number
  /** Candidates not checked yet (left for the next sync). */
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
  /** Full sweep period. */
  intervalMs?: () => number
  pageSize?: number
  mineRefreshMs?: number
  /** At most this many deletion candidates are checked by id per sync. */
  maxChecksPerSync?: number
  /** A sweep older than this is started over instead of resumed. */
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
}

const LAST_SYNC_KEY = 'lastSyncAt'
/** The longest wait between two tries after a failure (a refused token excepted). */
const MAX_BACKOFF_MS = 60_000

function emptyCounts(): SyncCounts {
  return { fetched: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, requests: 0, pages: 0 }
}

export class SyncEngine {
  private readonly clock: Clock
  private readonly logger: Logger
  private readonly pageSize: number
  private readonly mineRefreshMs: number
  private readonly maxChecks: number
  private readonly resumeWindowMs: number
  private current: Promise<SyncSummary> | null = null
  private controller: AbortController | null = null
  private sweep: Sweep | null = null
  private timer: unknown = null
  private running = false
  private nextFullAt = 0
  private nextMineAt = 0
  private failures = 0
  private lastChangeEmit = 0
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
    this.mineRefreshMs = options.mineRefreshMs ?? 30_000
    this.maxChecks = options.maxChecksPerSync ?? 500
    this.resumeWindowMs = options.resumeWindowMs ?? 15 * 60_000
    this.refreshIdleState()
  }

  status(): SyncStatus {
    return structuredClone(this.state)
  }

  isRunning(): boolean {
    return this.current !== null
  }

  /** Starts a full sync unless one is running; resolves when it ends (never rejects). */
  syncNow(): { started: boolean; done: Promise<SyncSummary | null> } {
    if (this.current) return { started: false, done: this.current.catch(() => null) }
    const done = this.runFull().catch(() => null)
    return { started: true, done }
  }

  /** Runs one full sync; rejects with the AppError that stopped it. */
  runFull(): Promise<SyncSummary> {
    return this.exclusive('full', (signal) => this.fullSync(signal))
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
    return this.exclusive('mine', (signal) => this.mineSync(signal))
  }

  cancel(): boolean {
    if (!this.controller) return false
    this.controller.abort()
    return true
  }

  /** Periodic background sync: a full sweep every interval, "mine" refreshes in between. */
  start(): void {
    if (this.running) return
    this.running = true
    this.nextFullAt = this.clock.now().getTime()
    this.schedule(0)
  }

  stop(): void {
    this.running = false
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
    this.cancel()
  }

  /** Settings changed (interval, who I am, connection): re-plan and refresh soon. */
  reschedule(options: { fullNow?: boolean } = {}): void {
    const now = this.clock.now().getTime()
    if (options.fullNow) this.nextFullAt = now
    this.nextMineAt = now
    this.failures = 0
    this.refreshIdleState()
    if (this.running) this.schedule(0)
  }

  /** Forget a paused sweep (e.g. after the cache was cleared). */
  resetSweep(): void {
    this.sweep = null
  }

  /** Updates the idle state (not configured / online) and last sync time from the cache. */
  refreshIdleState(): void {
    if (this.current) return
    const configured = this.options.api() !== null
    const lastSyncAt = this.options.cache.getState<string>(LAST_SYNC_KEY) ?? null
    if (!configured)
      this.setStatus({ state: 'not_configured', lastSyncAt, progress: null, error: null })
    else if (this.state.state === 'not_configured' || this.state.lastSyncAt !== lastSyncAt)
      this.setStatus({
        ...this.state,
        state: this.state.state === 'not_configured' ? 'online' : this.state.state,
        lastSyncAt,
      })
  }

  private schedule(delayMs: number): void {
    if (!this.running) return
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = this.clock.setTimeout(() => void this.tick(), delayMs)
  }

  private async tick(): Promise<void> {
    this.timer = null
    if (!this.running) return
    const now = this.clock.now().getTime()
    if (!this.current && this.options.api()) {
      if (now >= this.nextFullAt) await this.runFull().catch(() => undefined)
      else if (now >= this.nextMineAt && this.options.meId() !== null)
        await this.runMine().catch(() => undefined)
    }
    const after = this.clock.now().getTime()
    const next = Math.min(
      this.nextFullAt,
      this.options.meId() !== null ? this.nextMineAt : Infinity,
    )
    this.schedule(Math.max(1_000, Math.min(next - after, 60_000)))
  }

  private exclusive(
    kind: 'full' | 'mine',
    work: (signal: AbortSignal) => Promise<SyncSummary>,
  ): Promise<SyncSummary> {
    if (this.current) {
      return Promise.reject(new AppError({ code: 'busy', message: 'A sync is already running' }))
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
      }
    })()
    this.current = run
    return run
  }

  private onSuccess(kind: 'full' | 'mine'): void {
    const now = this.clock.now()
    this.failures = 0
    this.nextMineAt = now.getTime() + this.mineRefreshMs
    let lastSyncAt = this.state.lastSyncAt
    if (kind === 'full') {
      lastSyncAt = now.toISOString()
      this.options.cache.setState(LAST_SYNC_KEY, lastSyncAt)
      this.nextFullAt = now.getTime() + (this.options.intervalMs?.() ?? 120_000)
    }
    this.setStatus({
      state: 'online',
      lastSyncAt,
      progress: null,
      error: null,
      retryAt: null,
      waiting: null,
    })
    this.emitChanged(true)
  }

  private onFailure(kind: 'full' | 'mine', error: unknown): void {
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
      this.nextFullAt = now + (this.options.intervalMs?.() ?? 120_000)
      return
    }
    this.failures += 1
    // Back off while the server is unreachable or failing: 15 s, 30 s, then every 60 s (sooner
    // than the sweep interval, so "back online" shows within a minute); a refused token waits the
    // whole interval, since trying it again cannot help until the agent connects again.
    const interval = this.options.intervalMs?.() ?? 120_000
    const wait =
      data.code === 'unauthorized' || data.code === 'forbidden'
        ? interval
        : Math.min(interval, MAX_BACKOFF_MS, 15_000 * 2 ** Math.min(this.failures - 1, 6))
    const retryAt = data.retryAfterMs ? now + Math.max(wait, data.retryAfterMs) : now + wait
    if (kind === 'full') this.nextFullAt = retryAt
    this.nextMineAt = retryAt
    const state = isUnreachable(data.code) ? 'offline' : 'error'
    this.logger.warn(`${kind} sync failed`, { code: data.code, message: data.message })
    this.setStatus({
      ...this.state,
      state,
      progress: null,
      error: data,
      retryAt: new Date(Math.min(retryAt, this.nextFullAt, this.nextMineAt)).toISOString(),
      waiting: null,
    })
    this.emitChanged(true)
  }

  private setStatus(status: SyncStatus): void {
    this.state = status
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
  }

  private async fullSync(signal: AbortSignal): Promise<SyncSummary> {
    const started = this.clock.now().getTime()
    const { api, cache } = this.ports()

    this.progress('lookups', 0, 5)
    const lookupCounts = emptyCounts()
    const lists = await fetchLookups(api, signal, lookupCounts, (done) =>
      this.progress('lookups', done, 5),
    )
    cache.replaceLookups(lists)

    const mine = await this.refreshMine(api, cache, signal)

    const sweep = this.resumeOrStartSweep(started)
    cache.beginBulk()
    const fetchPage = (n: number): Promise<Page<Ticket>> =>
      api.searchTickets({ page: n, per_page: this.pageSize }, { signal })
    let prefetched: { page: number; result: Promise<Page<Ticket>> } | null = null
    try {
      while (sweep.lastPage === null || sweep.nextPage <= sweep.lastPage) {
        if (signal.aborted) throw new AppError({ code: 'cancelled', message: 'Sync cancelled' })
        const page = await (prefetched?.page === sweep.nextPage
          ? prefetched.result
          : fetchPage(sweep.nextPage))
        prefetched = null
        sweep.counts.requests += 1
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
        // works (a full sync at 100k tickets spends about as long waiting as writing).
        if (sweep.nextPage < sweep.lastPage) {
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
        if (this.clock.now().getTime() >= this.nextMineAt && this.options.meId() !== null) {
          addCounts(sweep.counts, await this.refreshMine(api, cache, signal))
        }
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
    // The cache now holds everything again: copies of a damaged file set aside can go.
    cache.discardSetAside()

    const counts = sweep.counts
    addCounts(counts, lookupCounts)
    addCounts(counts, mine)
    return {
      kind: 'full',
      ...counts,
      complete: true,
      stable: sweep.stable,
      keptAfterCheck: checked.kept,
      uncheckedCandidates: candidates.length - checked.checked,
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
      if (signal.aborted) throw new AppError({ code: 'cancelled', message: 'Sync cancelled' })
      const again = await api.searchTickets({ page: p, per_page: this.pageSize }, { signal })
      sweep.counts.requests += 1
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
    counts.requests += 1
    let ticket: Ticket
    try {
      ticket = await api.getTicket(id, { signal })
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'not_found')) throw error
      cache.deleteTickets([id])
      counts.deleted += 1
      this.emitChanged()
      return false
    }
    await this.store(cache, [mergeWithCached(cache.getTicket(id)?.ticket, ticket)], counts)
    return true
  }

  private resumeOrStartSweep(now: number): Sweep {
    if (this.sweep && now - this.sweep.startedAt < this.resumeWindowMs) {
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
      if (signal.aborted) throw new AppError({ code: 'cancelled', message: 'Sync cancelled' })
      this.progress('deletions', checked, toCheck.length)
      if (await this.rereadById(api, cache, id, counts, signal)) kept += 1
      checked += 1
    }
    return { checked, kept }
  }

  private async mineSync(signal: AbortSignal): Promise<SyncSummary> {
    const started = this.clock.now().getTime()
    const { api, cache } = this.ports()
    const counts = await this.refreshMine(api, cache, signal)
    return {
      kind: 'mine',
      ...counts,
      complete: true,
      stable: true,
      keptAfterCheck: 0,
      uncheckedCandidates: 0,
      durationMs: this.clock.now().getTime() - started,
    }
  }

  /** The agent's open tickets from the server, plus a re-read of cached ones that left the list. */
  private async refreshMine(api: SyncApi, cache: Cache, signal: AbortSignal): Promise<SyncCounts> {
    const counts = emptyCounts()
    const me = this.options.meId()
    if (me === null) return counts
    const statuses = [...OPEN_STATUSES]
    const listed = new Set<number>()
    const pages = walkPages(
      (page) => {
        counts.requests += 1
        return api.searchTickets(
          { page, per_page: this.pageSize, handler_ids: [me], statuses },
          { signal },
        )
      },
      { signal },
    )
    for await (const items of pages) {
      await this.store(cache, items, counts)
      items.forEach((t) => listed.add(t.id))
    }
    const left = cache.ticketIdsFor(me, statuses).filter((id) => !listed.has(id))
    for (const id of left.slice(0, 100)) await this.rereadById(api, cache, id, counts, signal)
    this.nextMineAt = this.clock.now().getTime() + this.mineRefreshMs
    return counts
  }
}

function addCounts(into: SyncCounts, more: SyncCounts): void {
  into.fetched += more.fetched
  into.inserted += more.inserted
  into.updated += more.updated
  into.unchanged += more.unchanged
  into.deleted += more.deleted
  into.requests += more.requests
  into.pages += more.pages
}

async function fetchLookups(
  api: SyncApi,
  signal: AbortSignal,
  counts: SyncCounts,
  onList: (done: number) => void,
): Promise<LookupLists> {
  const all = <T>(
    fetch: (
      params: { page: number; per_page: number },
      o: { signal: AbortSignal },
    ) => Promise<Page<T>>,
  ): Promise<T[]> =>
    fetchAll(
      (page) => {
        counts.requests += 1
        return fetch({ page, per_page: 100 }, { signal })
      },
      { signal },
    )
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

/**
 * The full sweep (the `all` tier): every page of GET /ticket, following `meta.last_page` (never
 * the page size we asked for, which the server may cap).
 * - Paging: at full speed the next page is requested before the current one is written, so the
 *   server's work and the cache's overlap; unchanged tickets are skipped by the cache.
 * - Resuming: a sweep interrupted (a network fault, a cancel, a pause) keeps its place and its set
 *   of seen ids, and the next run within the resume window goes on from the page that failed.
 * - Shifts: when `meta.total` shrinks between two pages, the page(s) just before the current one
 *   are read again, so tickets that slid back past the sweep are still stored.
 * - Pacing: the daily sweep is a trickle (`pacePageMs` between pages, doubled while the server
 *   throttles or fails), with the mine and hot refreshes run on time between its pages.
 * - Deletions: only a complete sweep names candidates (deletion-checks.ts confirms them by id);
 *   an incomplete or cancelled one deletes nothing.
 * - Repair: after a complete sweep the cache holds everything again, so damaged copies set aside
 *   go, and a search index that is damaged (or may hold a damaged record's old words) is rebuilt.
 */
import type { Page, Ticket } from '../../../shared/domain/api-schemas'
import { PageGuard } from '../api/walk-pages'
import type { Logger } from '../logger'
import type { DeletionChecks } from './deletion-checks'
import { SEARCH_SUSPECT_KEY, type PageWriter } from './page-writer'
import type { Clock, SyncApi } from './ports'
import type { SyncSchedule } from './sync-schedule'
import type { TierPlan } from './sync-tiers'
import { cancelled, emptyCounts, type SyncCache, type SyncCounts } from './sync-types'

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

export interface SweepResult {
  counts: SyncCounts
  stable: boolean
  keptAfterCheck: number
  uncheckedCandidates: number
  startedAt: number
  startedServer: string
  pages: number
}

export interface FullSweepOptions {
  cache: SyncCache
  writer: PageWriter
  schedule: SyncSchedule
  deletions: DeletionChecks
  logger: Logger
  plan: () => TierPlan
  now: () => number
  serverNow: () => string
  clock: Clock
  /** The mine and hot refreshes, run between pages when due. */
  mine: (api: SyncApi, counts: SyncCounts, signal: AbortSignal) => Promise<void>
  hot: (api: SyncApi, counts: SyncCounts, signal: AbortSignal) => Promise<void>
  progress: (phase: 'tickets' | 'deletions', done: number, total: number) => void
  /** At most this many deletion candidates are read by id per sweep. */
  maxChecks: number
  /** A sweep older than this is started over instead of resumed (default: 3 h paced, 15 min). */
  resumeWindowMs?: number
}

export class FullSweep {
  private sweep: Sweep | null = null
  /** The running sweep waits between pages (a background sweep); "sync now" lifts it. */
  private pacing = false
  private paceGapMs = 0

  constructor(private readonly o: FullSweepOptions) {}

  /** The agent asked for it now: the rest of a running sweep goes at full speed. */
  unpace(): void {
    this.pacing = false
  }

  /** Forget a paused sweep (the cache was cleared or rebuilt). */
  forget(): void {
    this.sweep = null
  }

  /** One complete sweep (resumed when one was interrupted lately), begun at `startedAt`. */
  async run(
    api: SyncApi,
    signal: AbortSignal,
    paced: boolean,
    startedAt: number,
  ): Promise<SweepResult> {
    const { cache } = this.o
    this.pacing = paced
    this.paceGapMs = this.o.plan().pacePageMs
    try {
      const sweep = this.resumeOrStart(paced, startedAt)
      await this.readPages(api, sweep, signal)
      // Planner statistics, one bounded step per turn so queries can run in between.
      while (cache.maintenanceStep()) await new Promise<void>((r) => setImmediate(r))
      // The sweep is complete: deletion candidates are confirmed one by one.
      this.sweep = null
      const candidates = cache.allTicketIds().filter((id) => !sweep.seen.has(id))
      const { kept, unchecked } = await this.o.deletions.confirm(
        api,
        candidates,
        this.o.maxChecks,
        sweep.counts,
        signal,
        (done, total) => this.o.progress('deletions', done, total),
      )
      // The cache now holds everything again: copies of a damaged file set aside can go.
      cache.discardSetAside()
      return {
        counts: sweep.counts,
        stable: sweep.stable,
        keptAfterCheck: kept,
        uncheckedCandidates: unchecked,
        startedAt: sweep.startedAt,
        startedServer: sweep.startedServer,
        pages: sweep.lastPage ?? 1,
      }
    } finally {
      this.pacing = false
    }
  }

  private async readPages(api: SyncApi, sweep: Sweep, signal: AbortSignal): Promise<void> {
    const { cache, writer } = this.o
    const bulk = cache.beginBulk()
    const fetchPage = (n: number): Promise<Page<Ticket>> =>
      api.searchTickets({ page: n, per_page: writer.pageSize }, { signal })
    let prefetched: { page: number; result: Promise<Page<Ticket>> } | null = null
    // The one rule for trusting pages (api/walk-pages.ts): an impossible last_page, a page
    // past what the records fill or a repeated page ends the sweep with an error naming it.
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
        // In its own turn, not inside a page's write: keeps the log (and its finish) small.
        bulk.checkpointStep()
        const { meta } = page
        if (sweep.total === null) sweep.total = meta.total
        else if (meta.total !== sweep.total || meta.last_page !== sweep.lastPage)
          sweep.stable = false
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
        await writer.store(page.data, sweep.counts)
        for (const ticket of page.data) sweep.seen.add(ticket.id)
        sweep.counts.pages += 1
        const shrunk = sweep.lastTotal !== null ? sweep.lastTotal - meta.total : 0
        sweep.lastTotal = meta.total
        if (shrunk > 0) await this.readAgainBefore(api, sweep, shrunk, meta.per_page, signal)
        sweep.nextPage += 1
        this.o.progress('tickets', Math.min(sweep.nextPage - 1, sweep.lastPage), sweep.lastPage)
        if (page.data.length === 0 && sweep.nextPage <= sweep.lastPage) sweep.stable = false
        if (sweep.nextPage <= sweep.lastPage)
          await this.betweenPages(api, signal, sweep.counts, retried)
        else if (this.o.schedule.mineDue(this.o.now())) await this.o.mine(api, sweep.counts, signal)
      }
    } finally {
      bulk.finish()
    }
  }

  /**
   * Between two pages of a paced sweep: run the hot and mine refreshes when due, then wait the
   * gap, doubled (up to a minute) while the client had to retry (429, 5xx), back to the base
   * once pages come through at the first attempt.
   */
  private async betweenPages(
    api: SyncApi,
    signal: AbortSignal,
    counts: SyncCounts,
    retried: boolean,
  ): Promise<void> {
    const { schedule } = this.o
    const base = this.o.plan().pacePageMs
    if (this.pacing)
      this.paceGapMs = retried
        ? Math.min(60_000, Math.max(base, this.paceGapMs) * 2)
        : Math.max(base, this.paceGapMs / 2)
    const until = this.o.now() + this.paceGapMs
    for (;;) {
      // A fast sweep reads everything soon anyway; a paced one takes an hour: keep hot fresh.
      if (this.pacing && schedule.hotDue(this.o.now())) await this.o.hot(api, counts, signal)
      if (schedule.mineDue(this.o.now())) await this.o.mine(api, counts, signal)
      if (!this.pacing) return
      const now = this.o.now()
      if (now >= until) return
      // A refresh due during the gap runs on time: mine's minute is not stretched by a gap
      // (up to a minute while the server throttles).
      await waitOn(
        this.o.clock,
        Math.min(until, Math.max(now, schedule.nextRefreshAt())) - now,
        signal,
      )
    }
  }

  /**
   * `shrunk` tickets left the listing since the previous page: if they were before our place,
   * as many tickets slid from this page onto the previous one(s). Read those pages again.
   */
  private async readAgainBefore(
    api: SyncApi,
    sweep: Sweep,
    shrunk: number,
    perPage: number,
    signal: AbortSignal,
  ): Promise<void> {
    const size = perPage > 0 ? perPage : this.o.writer.pageSize
    const first = Math.max(1, sweep.nextPage - Math.ceil(shrunk / size))
    for (let p = first; p < sweep.nextPage; p++) {
      if (signal.aborted) throw cancelled()
      const again = await api.searchTickets(
        { page: p, per_page: this.o.writer.pageSize },
        { signal },
      )
      await this.o.writer.store(again.data, sweep.counts)
      for (const ticket of again.data) sweep.seen.add(ticket.id)
    }
  }

  private resumeOrStart(paced: boolean, now: number): Sweep {
    // A paced sweep takes about an hour; its place stays good for longer than a fast one's.
    const window = this.o.resumeWindowMs ?? (paced ? 3 * 3600_000 : 15 * 60_000)
    if (this.sweep && now - this.sweep.startedAt < window) {
      this.o.logger.info('resuming the ticket sweep', { page: this.sweep.nextPage })
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
      startedServer: this.o.serverNow(),
    }
    return this.sweep
  }

  /**
   * After a complete sweep (and the re-fetch of damaged records): the search index made whole.
   * It is rebuilt from the stored tickets when its own check finds damage, or when damaged
   * records were found since the last check (their old words could not be taken out of it).
   */
  repairSearchIndex(): void {
    const { cache } = this.o
    const suspect = cache.getState<boolean>(SEARCH_SUSPECT_KEY) === true
    cache.repairSearchIndex({ rebuild: suspect })
    if (suspect) cache.setState(SEARCH_SUSPECT_KEY, undefined)
  }
}

/** Waits `ms` on `clock`; a cancel ends the wait at once. */
function waitOn(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelled())
    const onAbort = (): void => {
      clock.clearTimeout(handle)
      reject(cancelled())
    }
    const handle = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

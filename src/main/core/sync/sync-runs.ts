/**
 * How each run goes, in order (the role of Joplin's Synchronizer): take the gate, send what the
 * outbox holds (`beforeSync`), read the tier, repair what the run found damaged, fetch lookups a
 * ticket named, then tell the schedule and the status how it ended. It builds the parts that read
 * and write (their state is theirs) from the engine's options; the façade (sync-engine.ts) owns
 * the timer and the pauses, and tells the schedule and the status board what happens between runs.
 */
import type { SyncStatus, SyncTier } from '../../../shared/contract/contract'
import { AppError, toErrorData } from '../../../shared/domain/errors'
import { DEFAULT_SERVER_TIME_ZONE, serverNow } from '../../../shared/domain/server-time'
import type { Logger } from '../logger'
import { DeletionChecks } from './deletion-checks'
import { FullSweep } from './full-sweep'
import { LookupRefresh } from './lookup-refresh'
import { PageWriter } from './page-writer'
import type { Clock, SyncApi } from './ports'
import { RunGate } from './run-gate'
import type { SyncSchedule } from './sync-schedule'
import type { StatusBoard } from './sync-status'
import { tierKey, tiersOf, type TierMark, type TierPlan } from './sync-tiers'
import { TierRefresh } from './tier-refresh'
import {
  addCounts,
  emptyCounts,
  type SyncCache,
  type SyncCounts,
  type SyncEngineOptions,
  type SyncKind,
  type SyncSummary,
} from './sync-types'

/** The cache's state key of the last complete sync (an app time, for the status). */
export const LAST_SYNC_KEY = 'lastSyncAt'

export interface RunsContext {
  options: SyncEngineOptions
  clock: Clock
  logger: Logger
  plan: () => TierPlan
  schedule: SyncSchedule
  board: StatusBoard
}

export class SyncRuns {
  readonly gate: RunGate
  readonly sweep: FullSweep
  readonly deletions: DeletionChecks
  readonly lookups: LookupRefresh
  private readonly writer: PageWriter
  private readonly tiers: TierRefresh
  private readonly cache: SyncCache

  constructor(private readonly c: RunsContext) {
    const { options: o, clock, logger, plan, schedule, board } = c
    this.cache = o.cache
    const now = (): number => clock.now().getTime()
    const serverNowText = (): string => this.serverNow()
    this.gate = new RunGate(this.cache, logger)
    this.lookups = new LookupRefresh(this.cache)
    this.writer = new PageWriter({
      cache: this.cache,
      logger,
      pageSize: o.pageSize ?? 100,
      now: () => clock.now(),
      ...(o.observeTickets ? { observe: o.observeTickets } : {}),
      written: (tickets) => this.lookups.noteNamed(tickets),
      changed: () => board.ticketsChanged(),
    })
    this.deletions = new DeletionChecks(this.cache, this.writer, logger)
    const parts = { cache: this.cache, writer: this.writer, schedule, deletions: this.deletions }
    this.tiers = new TierRefresh({
      ...parts,
      plan,
      meId: o.meId,
      now,
      serverNow: serverNowText,
      progress: (done) => board.progress('tickets', done, done),
    })
    this.sweep = new FullSweep({
      ...parts,
      logger,
      plan,
      clock,
      now,
      serverNow: serverNowText,
      mine: (api, counts, signal) => this.tiers.mine(api, counts, signal),
      hot: (api, counts, signal) => this.tiers.hot(api, counts, signal),
      progress: (phase, done, total) => board.progress(phase, done, total),
      maxChecks: o.maxChecksPerSync ?? 500,
      ...(o.resumeWindowMs !== undefined ? { resumeWindowMs: o.resumeWindowMs } : {}),
    })
  }

  /** Now in the server's zone (`YYYY-MM-DD HH:MM:SS`). */
  serverNow(): string {
    const zone = this.c.options.serverTimeZone?.() ?? DEFAULT_SERVER_TIME_ZONE
    return serverNow(zone, this.c.clock.now())
  }

  mark(tier: SyncTier): TierMark | null {
    return this.cache.getState<TierMark>(tierKey(tier)) ?? null
  }

  tierStatus(): NonNullable<SyncStatus['tiers']> {
    return tiersOf(this.cache, this.serverNow(), this.c.options.meId() !== null)
  }

  api(): SyncApi {
    const api = this.c.options.api()
    if (!api) throw new AppError({ code: 'not_configured', message: 'No API address is set' })
    return api
  }

  all(paced: boolean): Promise<SyncSummary> {
    return this.exclusive('all', (signal) => this.runAll(signal, paced))
  }

  mine(): Promise<SyncSummary> {
    return this.partial('mine', (api, counts, signal) => this.tiers.mine(api, counts, signal))
  }

  hot(): Promise<SyncSummary> {
    return this.partial('hot', (api, counts, signal) => this.tiers.hot(api, counts, signal))
  }

  lookupsOnly(): Promise<SyncSummary> {
    return this.partial('lookups', (api, _counts, signal) => this.refreshLookups(api, signal))
  }

  /** The ticket on screen (beside any run): see SyncEngine.refreshTicket. */
  async refreshTicket(id: number): Promise<boolean> {
    const api = this.api()
    const counts = emptyCounts()
    const signal = new AbortController().signal
    const contactId = this.cache.getTicket(id)?.ticket.contact_id ?? null
    if (typeof contactId === 'number') {
      if (await this.writer.storeContactTickets(api, contactId, id, counts, signal)) return true
    }
    return this.writer.readAgain(api, id, counts, signal)
  }

  private exclusive(
    kind: SyncKind,
    work: (signal: AbortSignal) => Promise<SyncSummary>,
  ): Promise<SyncSummary> {
    const elsewhere = !this.gate.isRunning()
    let began = false
    return this.gate
      .run(kind, async (signal) => {
        began = true
        try {
          await this.c.options
            .beforeSync?.()
            .catch((error: unknown) =>
              this.c.logger.warn('before-sync step failed', { error: toErrorData(error).message }),
            )
          const summary = await work(signal)
          this.succeeded(kind)
          return summary
        } catch (error) {
          this.failed(kind, error)
          throw error instanceof AppError ? error : new AppError(toErrorData(error))
        }
      })
      .catch((error: unknown) => {
        // Another process holds the file's sync lock: the schedule tries again later, quietly.
        if (!began && elsewhere) this.failed(kind, error)
        throw error
      })
  }

  private succeeded(kind: SyncKind): void {
    this.c.schedule.succeeded()
    const lastSyncAt = kind === 'all' ? this.c.clock.now().toISOString() : undefined
    if (lastSyncAt) this.cache.setState(LAST_SYNC_KEY, lastSyncAt)
    this.c.board.succeeded(this.tierStatus(), lastSyncAt)
  }

  private failed(kind: SyncKind, error: unknown): void {
    const data = toErrorData(error)
    if (data.code === 'cancelled') return this.c.board.cancelled()
    const retryAt = this.c.schedule.failed(kind, data, this.c.clock.now().getTime())
    if (retryAt === null) return
    this.c.logger.warn(`${kind} sync failed`, { code: data.code, message: data.message })
    this.c.board.failed(data, retryAt, this.tierStatus())
  }

  /** A run of one tier: its work, the repairs every run ends with, and its summary. */
  private partial(
    kind: SyncKind,
    work: (api: SyncApi, counts: SyncCounts, signal: AbortSignal) => Promise<void>,
  ): Promise<SyncSummary> {
    return this.exclusive(kind, async (signal) => {
      const started = this.c.clock.now().getTime()
      const api = this.api()
      const before = this.writer.traffic(api)
      const counts = emptyCounts()
      await work(api, counts, signal)
      await this.afterRun(api, counts, signal)
      return this.writer.summary(api, kind, counts, before, started, {
        stable: true,
        keptAfterCheck: 0,
        uncheckedCandidates: this.deletions.pending().length,
      })
    })
  }

  private async runAll(signal: AbortSignal, paced: boolean): Promise<SyncSummary> {
    const started = this.c.clock.now().getTime()
    const api = this.api()
    const before = this.writer.traffic(api)
    await this.refreshLookups(api, signal)
    const mine = emptyCounts()
    await this.tiers.mine(api, mine, signal)
    const swept = await this.sweep.run(api, signal, paced, started)
    const counts = swept.counts
    addCounts(counts, mine)
    await this.afterRun(api, counts, signal)
    this.sweep.repairSearchIndex()
    // The sweep read every ticket as of its start: the "all" tier (and so hot and mine).
    const mark: TierMark = { at: swept.startedServer, ms: swept.startedAt, pages: swept.pages }
    this.cache.setState(tierKey('all'), mark)
    this.c.schedule.sweepCompleted(swept.startedAt, swept.pages)
    return this.writer.summary(api, 'all', counts, before, started, swept)
  }

  /** The end of every run: damaged records fetched again, lookups a ticket named and we lack. */
  private async afterRun(api: SyncApi, counts: SyncCounts, signal: AbortSignal): Promise<void> {
    await this.writer.repairDamaged(api, counts, signal)
    const now = this.c.clock.now().getTime()
    if (this.lookups.wanted() && this.c.schedule.lookupsOnDemandAllowed(now)) {
      this.c.logger.info('a ticket names an id the lookups do not have: refreshing them')
      await this.refreshLookups(api, signal)
    }
  }

  private async refreshLookups(api: SyncApi, signal: AbortSignal): Promise<void> {
    await this.lookups.refresh(api, signal, (done, total) =>
      this.c.board.progress('lookups', done, total),
    )
    this.c.schedule.lookupsRan(this.c.clock.now().getTime())
  }
}

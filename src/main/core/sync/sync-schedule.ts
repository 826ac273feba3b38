/**
 * When each tier is due: the one place that decides it. Every run, failure, pause and write
 * outcome is told to it, and it alone moves the tiers' next times, so "when is X due" has one
 * answer. Plain numbers on the engine's clock (epoch ms): no timers, no I/O, so it is tested on
 * a fake clock without a server.
 */
import { isUnreachable, type AppErrorData } from '../../../shared/domain/errors'
import { DEFAULT_TIERS, type TierMark, type TierPlan } from './sync-tiers'
import type { SyncKind } from './sync-types'

/** The longest wait between two tries after a failure (a refused token excepted). */
const MAX_BACKOFF_MS = 60_000
/** After a save failed for the server's sake, the next try of the sync. */
const AFTER_FAILED_WRITE_MS = 15_000
/** An unknown lookup id refreshes the lists at most this often. */
const LOOKUPS_ON_DEMAND_MIN_MS = 60_000
/** The background timer wakes at least this often (staleness moves with time alone). */
const MAX_TIMER_MS = 60_000
const MIN_TIMER_MS = 1_000

export interface DueRun {
  kind: SyncKind
  /** A full sweep as a trickle (the daily one); the first sync is not paced. */
  paced: boolean
}

export interface ScheduleOptions {
  /** The tiers' periods, read at every decision so that settings apply at once. */
  plan: () => TierPlan
  /** Whether the agent is known (no mine tier without "who am I"). */
  hasMe: () => boolean
}

export class SyncSchedule {
  private nextAllAt = 0
  private nextHotAt = 0
  private nextMineAt = 0
  private nextLookupsAt = 0
  private lastLookupsAt = 0
  private failures = 0
  /** The runs whose next time is a retry after a failure (brought forward when the server is back). */
  private readonly retrying = new Set<SyncKind>()

  constructor(private readonly options: ScheduleOptions) {}

  static plan(tiers?: Partial<TierPlan>, mineRefreshMs?: number): TierPlan {
    const plan = { ...DEFAULT_TIERS, ...tiers }
    if (mineRefreshMs !== undefined) plan.mineMs = mineRefreshMs
    return plan
  }

  /**
   * The mine refresh's period: the longest within the plan's `mineMs` that divides the hot
   * period, so a hot read (my open tickets are among its open ones) stands in for every k-th
   * mine refresh instead of landing just after one: 290 s hot, 58 s mine, 4 mine refreshes per
   * hot period instead of 5 (each is ~3 requests for an agent with 276 open tickets).
   */
  mineMs(): number {
    const { mineMs, hotMs } = this.options.plan()
    return hotMs / Math.max(1, Math.ceil(hotMs / Math.max(1, mineMs)))
  }

  /**
   * Starts the schedule from the stored marks, so a restart does not sweep again within the
   * day: the sweep is due by its last start's mark; hot and mine at once; lookups in a period.
   */
  load(now: number, allMark: TierMark | null): void {
    const plan = this.options.plan()
    this.nextAllAt = allMark
      ? Math.min(this.sweepDueAfter(allMark.ms, allMark.pages ?? 1), now + plan.allMs)
      : now
    this.nextHotAt = now
    this.nextMineAt = now
    this.nextLookupsAt = now + plan.lookupsMs
  }

  /**
   * When the next background sweep starts: early enough that its paced pages (about `pages`
   * gaps and page reads) end within `allMs` of the last sweep's start, so every ticket is read
   * again within the day; never sooner than half a period.
   */
  private sweepDueAfter(lastStart: number, pages: number): number {
    const plan = this.options.plan()
    const paced = pages * (plan.pacePageMs + 500)
    return lastStart + Math.max(plan.allMs / 2, plan.allMs - paced)
  }

  /** What is due at `now`, most important first; null when nothing is. */
  due(now: number, swept: boolean): DueRun | null {
    // Never completed a sweep: the first sync runs at full speed, and nothing before it.
    if (!swept) return now >= this.nextAllAt ? { kind: 'all', paced: false } : null
    if (now >= this.nextAllAt) return { kind: 'all', paced: true }
    if (now >= this.nextHotAt) return { kind: 'hot', paced: false }
    if (this.mineDue(now)) return { kind: 'mine', paced: false }
    if (now >= this.nextLookupsAt) return { kind: 'lookups', paced: false }
    return null
  }

  mineDue(now: number): boolean {
    return this.options.hasMe() && now >= this.nextMineAt
  }

  hotDue(now: number): boolean {
    return now >= this.nextHotAt
  }

  /** The next mine or hot refresh (a paced sweep's gap between pages ends early for it). */
  nextRefreshAt(): number {
    return Math.min(this.options.hasMe() ? this.nextMineAt : Infinity, this.nextHotAt)
  }

  /** A ticket named an unknown lookup id: refresh the lists now, unless it was just done. */
  lookupsOnDemandAllowed(now: number): boolean {
    return now - this.lastLookupsAt >= LOOKUPS_ON_DEMAND_MIN_MS
  }

  /** How long the background timer sleeps before it looks again. */
  timerDelay(now: number): number {
    const mine = this.options.hasMe() ? this.nextMineAt : Infinity
    const next = Math.min(this.nextAllAt, this.nextHotAt, mine, this.nextLookupsAt)
    return Math.max(MIN_TIMER_MS, Math.min(next - now, MAX_TIMER_MS))
  }

  // ---- what happened (periods count from each refresh's start) ----

  mineRan(startedAt: number): void {
    this.retrying.delete('mine')
    this.nextMineAt = startedAt + this.mineMs()
  }

  /** My open tickets are open tickets: a hot read also stands in for the mine refresh. */
  hotRan(startedAt: number): void {
    this.retrying.delete('hot')
    this.nextHotAt = startedAt + this.options.plan().hotMs
    this.nextMineAt = Math.max(this.nextMineAt, startedAt + this.mineMs())
  }

  lookupsRan(now: number): void {
    this.retrying.delete('lookups')
    this.lastLookupsAt = now
    this.nextLookupsAt = now + this.options.plan().lookupsMs
  }

  /** A complete sweep read every ticket as of its start (so the hot ones too). */
  sweepCompleted(startedAt: number, pages: number): void {
    this.retrying.delete('all')
    this.nextAllAt = this.sweepDueAfter(startedAt, pages)
    this.nextHotAt = Math.max(this.nextHotAt, startedAt + this.options.plan().hotMs)
  }

  succeeded(): void {
    this.failures = 0
  }

  /**
   * A run failed. Another process syncing the file: try again a mine period later, quietly.
   * Otherwise back off while the server is unreachable or failing: 15 s, 30 s, then every 60 s
   * (sooner than the tier's period, so "back online" shows within a minute); a refused token
   * waits the whole hot period, since trying it again cannot help until the agent connects
   * again. Returns when the next try is (for the status), or null for "busy".
   */
  failed(kind: SyncKind, error: AppErrorData, now: number): number | null {
    const plan = this.options.plan()
    if (error.code === 'busy') {
      const later = now + plan.mineMs
      if (kind === 'all') this.nextAllAt = Math.max(this.nextAllAt, later)
      if (kind === 'hot') this.nextHotAt = later
      this.nextMineAt = later
      return null
    }
    this.failures += 1
    this.retrying.add(kind)
    const wait =
      error.code === 'unauthorized' || error.code === 'forbidden'
        ? plan.hotMs
        : Math.min(plan.hotMs, MAX_BACKOFF_MS, 15_000 * 2 ** Math.min(this.failures - 1, 6))
    const retryAt = error.retryAfterMs ? now + Math.max(wait, error.retryAfterMs) : now + wait
    if (kind === 'all') this.nextAllAt = retryAt
    if (kind === 'hot' || isUnreachable(error.code)) this.nextHotAt = retryAt
    if (kind === 'lookups') this.nextLookupsAt = retryAt
    this.nextMineAt = retryAt
    return Math.min(retryAt, this.nextAllAt, this.nextHotAt, this.nextMineAt)
  }

  /**
   * A save went through after failures: the server is back. Mine and hot catch up now, and a
   * run that was waiting to be tried again (the first sync, say) is tried now, not later; a
   * daily sweep that is not due stays where it is.
   */
  serverBack(now: number): void {
    this.nextMineAt = now
    this.nextHotAt = now
    if (this.retrying.has('all')) this.nextAllAt = now
    if (this.retrying.has('lookups')) this.nextLookupsAt = now
    this.failures = 0
  }

  /** A save failed for the server's sake between syncs; returns when the sync tries next. */
  writeFailed(now: number): number {
    this.nextMineAt = now + AFTER_FAILED_WRITE_MS
    return this.nextMineAt
  }

  /** The last pause is over: catch up on mine and hot at once. */
  resumed(now: number): void {
    this.nextMineAt = now
    this.nextHotAt = now
    this.failures = 0
  }

  /** Settings or the connection changed: mine now, and the sweep too when `allNow`. */
  replanned(now: number, allNow: boolean): void {
    if (allNow) this.nextAllAt = now
    this.nextMineAt = now
    this.failures = 0
  }
}

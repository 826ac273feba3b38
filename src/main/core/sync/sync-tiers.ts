/**
 * The sync's tiers and their freshness promises: how often each is refreshed and how old its
 * last successful sync may be before the screens call it stale. The periods leave room for a
 * refresh's own duration inside its promise.
 */
import type { SyncStatus, SyncTier, TierFreshness } from '../../../shared/contract/contract'
import { secondsBetween } from '../../../shared/domain/server-time'

export interface TierPlan {
  /** My open tickets: the longest refresh period (promise: 60 s). */
  mineMs: number
  /** Every open ticket and every ticket created in the last `hotDays` days (promise: 5 min). */
  hotMs: number
  hotDays: number
  /** The full sweep: every ticket read again within this period (promise: a day). */
  allMs: number
  /** Employees, sponsors, codes, categories. */
  lookupsMs: number
  /** Gap between two pages of a paced (background) sweep. */
  pacePageMs: number
}

/**
 * Periods count from each refresh's start. Hot: 290 s keeps the hot tier within its 300 s with
 * room for the read itself (~1-2 s at 100,000 tickets, more on a slow server). Mine: at most
 * 58 s (my ~3 pages must also arrive within the minute), and the engine shortens it to divide
 * the hot period (sync-schedule.ts, mineMs), so every fifth mine refresh is the hot read.
 */
export const DEFAULT_TIERS: TierPlan = {
  mineMs: 58_000,
  hotMs: 290_000,
  hotDays: 7,
  allMs: 24 * 3600_000,
  lookupsMs: 3600_000,
  pacePageMs: 3_000,
}

/** How old each tier may get before it is stale (seconds). */
export const TIER_PROMISE_SEC: Record<SyncTier, number> = {
  mine: 60,
  hot: 300,
  all: 26 * 3600,
}

/** A tier's freshness as the status carries it: last success (server time) and staleness. */
export function tierFreshness(
  tier: SyncTier,
  lastSyncAt: string | null,
  serverNowText: string,
): TierFreshness {
  const promiseSec = TIER_PROMISE_SEC[tier]
  const stale = lastSyncAt === null || secondsBetween(lastSyncAt, serverNowText) > promiseSec
  return { lastSyncAt, stale, promiseSec }
}

/** Per tier, in the cache's sync state: the last successful sync's start. */
export interface TierMark {
  /** Server time. */
  at: string
  /** Epoch ms on the engine's clock (for the schedule). */
  ms: number
  /** A sweep's page count (the next one is started early enough to end within the day). */
  pages?: number
}

export const tierKey = (tier: SyncTier): string => `tier:${tier}`

/**
 * Every tier's freshness from the cache's marks. A complete sweep also refreshed hot and mine as
 * of its start, and a hot sync refreshed mine (my open tickets are open tickets).
 */
export function tiersOf(
  cache: { getState<T>(key: string): T | undefined },
  serverNowText: string,
  withMine: boolean,
): NonNullable<SyncStatus['tiers']> {
  const mark = (tier: SyncTier): TierMark | null => cache.getState<TierMark>(tierKey(tier)) ?? null
  const freshest = (...marks: (TierMark | null)[]): string | null =>
    marks.reduce<string | null>((a, m) => (m && (a === null || m.at > a) ? m.at : a), null)
  const all = mark('all')
  const hot = freshest(mark('hot'), all)
  return {
    mine: withMine
      ? tierFreshness('mine', freshest(mark('mine'), mark('hot'), all), serverNowText)
      : null,
    hot: tierFreshness('hot', hot, serverNowText),
    all: tierFreshness('all', all?.at ?? null, serverNowText),
  }
}

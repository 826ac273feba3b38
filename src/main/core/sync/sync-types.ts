/**
 * The words every part of the sync shares: what a run counted, what kind of run it was and the
 * summary it ends with. The engine (sync-engine.ts) is the public surface that re-exports them.
 */
import type { SyncStatus, SyncTier } from '../../../shared/contract/contract'
import type { Ticket } from '../../../shared/domain/api-schemas'
import { AppError } from '../../../shared/domain/errors'
import type { TicketCacheReader, TicketCacheWriter } from '../db/cache-interfaces'
import type { Logger } from '../logger'
import type { Clock, SyncApi } from './ports'
import type { TierPlan } from './sync-tiers'

/** The cache as the sync uses it: it reads (change and deletion detection) and writes. */
export type SyncCache = TicketCacheReader & TicketCacheWriter

export interface SyncEngineOptions {
  /** The API client for the current connection, or null when not configured. */
  api: () => SyncApi | null
  /** The one open cache (it stays the same object when cleared or rebuilt). */
  cache: SyncCache
  meId: () => number | null
  clock?: Clock
  logger?: Logger
  onStatus?: (status: SyncStatus) => void
  /** Cached tickets changed (throttled during a sweep). */
  onTicketsChanged?: () => void
  /** Tickets fetched, just before they are written, with the copies they replace (alerts). */
  observeTickets?: (tickets: Ticket[], cachedOf: (id: number) => Ticket | null) => void
  /** The tiers' periods (defaults: DEFAULT_TIERS); read at every decision, so settings apply. */
  tiers?: () => Partial<TierPlan>
  /** The server's time zone: the hot tier's window and the tiers' times are server time. */
  serverTimeZone?: () => string
  pageSize?: number
  mineRefreshMs?: number
  /** At most this many deletion candidates are checked by id per full sync. */
  maxChecksPerSync?: number
  /** A sweep older than this is started over instead of resumed (paced sweeps: 3 h). */
  resumeWindowMs?: number
  /** Runs before every sync; its failures are its own: they never stop the sync. */
  beforeSync?: () => Promise<unknown>
}

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

/** A run refreshes one tier (`all` is the full sweep, with the lookups) or the lookups alone. */
export type SyncKind = SyncTier | 'lookups'

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

export function emptyCounts(): SyncCounts {
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

export function addCounts(into: SyncCounts, more: SyncCounts): void {
  for (const key of Object.keys(into) as (keyof SyncCounts)[]) into[key] += more[key]
}

export function cancelled(): AppError {
  return new AppError({ code: 'cancelled', message: 'Sync cancelled' })
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw cancelled()
}

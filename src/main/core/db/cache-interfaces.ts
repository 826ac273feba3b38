/**
 * The cache as the rest of the core sees it: one interface for reading, one for writing. The
 * db module's TicketCache implements both; the services and the sync engine depend on these, so
 * they read as what they do, not how SQLite stores it. No method is optional: whoever holds a
 * writer can rely on all of it.
 */
import type { EmployeeSummary, Lookups } from '../../../shared/contract/contract'
import type { Contact, Employee, Ticket } from '../../../shared/domain/api-schemas'
import type {
  TicketFilters,
  TicketPage,
  TicketQuery,
  ViewCounts,
} from '../../../shared/domain/queue'
import type { BulkWrite } from './bulk-write'
import type { SnapshotRowsWriter } from './snapshot-rows'
import type { LookupLists } from './lookup-store'
import type { SyncLockHolder } from './sync-lock'
import type { CachedTicket, TicketEmbed } from './ticket-reader'
import type { QueryContext } from '../../../shared/domain/views'
import type { UpsertResult } from './ticket-writer'
import type { EmployeeGroup, Overview, OverviewQuery } from '../insights/overview'

// The types these interfaces speak in, from this one place.
export type { BulkWrite } from './bulk-write'
export type { CacheNotice, OpenCacheOptions } from './cache-file'
export type { CacheStats } from './cache-stats'
export type { LookupLists } from './lookup-store'
export type { SyncLockHolder } from './sync-lock'
export type { CachedTicket, TicketEmbed } from './ticket-reader'
export type { UpsertResult } from './ticket-writer'

/** What one batch of a change feed writes; `state` (its cursor) goes in the same transaction. */
export interface FeedBatch {
  tickets: readonly Ticket[]
  deleted: readonly number[]
  lookups?: LookupLists
  state: Record<string, unknown>
}

export interface TicketCacheReader {
  /**
   * The ticket exactly as the server sent it, with when it was stored; null when not cached. A
   * stored copy that cannot be read back (DamagedRecordError, ticket-doc.ts) is damage: it is
   * dropped (null) and its id noted for the sync to fetch again (takeDamagedTicketIds).
   */
  getTicket(id: number): CachedTicket | null
  /**
   * Many tickets in one read, each with only the embedded objects `embeds` names (the others and
   * the interactions left out), for a few fields of thousands of tickets. Damage is handled as
   * getTicket handles it; a damaged or missing ticket is not in the map.
   */
  getTickets(ids: readonly number[], embeds: readonly TicketEmbed[]): Map<number, Ticket>
  allTicketIds(): number[]
  ticketCount(): number
  /** The cached updated_at of each of `ids` that is cached (for change detection). */
  ticketUpdatedAt(ids: readonly number[]): Map<number, string | null>
  /** Ids of cached tickets handled by `handlerId` with one of `statuses`, most urgent first. */
  ticketIdsFor(handlerId: number, statuses: readonly number[]): number[]
  /** Ids of cached tickets with one of `statuses` or created since `createdSince` (server time). */
  hotTicketIds(statuses: readonly number[], createdSince: string): number[]
  queryTickets(query: TicketQuery, ctx: QueryContext): TicketPage
  countViews(filters: TicketFilters, ctx: QueryContext): ViewCounts
  /** Every chart of the team overview in one call. */
  overview(q: OverviewQuery): Overview
  /** The employee's group and its members (the overview's "my group"). */
  employeeGroup(employeeId: number): EmployeeGroup
  getLookups(): Lookups
  searchEmployees(search: string, limit: number): EmployeeSummary[]
  getEmployee(id: number): Employee | null
  searchContacts(search: string, limit: number): Contact[]
  getContact(id: number): Contact | null
  /** Sync bookkeeping stored with the cache (e.g. the last sync time). */
  getState<T = unknown>(key: string): T | undefined
}

export interface TicketCacheWriter {
  /**
   * One transaction; `state` (sync bookkeeping) is written in the same transaction. Each call
   * holds the thread for its whole duration: keep `tickets` to an API page (100) or less, or use
   * upsertTicketsInChunks.
   */
  upsertTickets(
    tickets: readonly Ticket[],
    syncedAt: string,
    state?: Record<string, unknown>,
  ): UpsertResult
  /**
   * The same, `chunkSize` tickets per transaction with a turn of the event loop between them.
   * Stops with `cancelled` if the cache is cleared between two transactions.
   */
  upsertTicketsInChunks(
    tickets: readonly Ticket[],
    syncedAt: string,
    state?: Record<string, unknown>,
    options?: { chunkSize?: number },
  ): Promise<UpsertResult>
  /**
   * The team hub's snapshot in the cache's stored form, written as it comes (snapshot-rows.ts);
   * null when the cache holds tickets: only an empty cache takes the hub's rows as they are.
   */
  snapshotRows(): SnapshotRowsWriter | null
  /** A change feed's batch and its cursor in one transaction (see FeedBatch). */
  applyFeed(batch: FeedBatch, syncedAt: string): UpsertResult & { deleted: number }
  /** Removes tickets by id; returns how many were in the cache. */
  deleteTickets(ids: readonly number[]): number
  /** Replaces every lookup list in one transaction. */
  replaceLookups(lists: LookupLists): void
  /** `undefined` removes the key. */
  setState(key: string, value: unknown): void
  /**
   * Deletes the file, and any damaged copies set aside, and starts an empty cache (sign-out,
   * another server: the data must go).
   */
  clear(): void
  /**
   * After a complete full sync: deletes the damaged copies set aside earlier (the cache now holds
   * what they did, and they hold personal data). Returns how many files went.
   */
  discardSetAside(): number
  /**
   * Before a full sync's pages: no automatic checkpoints (they would stall random page
   * transactions); into an empty cache, the tickets' indexes are left out until it is full
   * (deferred-indexes.ts). The session's checkpointStep() runs between pages, finish() after.
   */
  beginBulk(): BulkWrite
  /**
   * After a bulk sync: one bounded step of upkeep (an index a first sync left out, or one
   * index's planner statistics); false when done.
   */
  maintenanceStep(): boolean
  /**
   * Ids of tickets whose stored copy was found damaged since last asked: dropped by getTicket,
   * or replaced or deleted by a write.
   */
  takeDamagedTicketIds(): number[]
  /** Whether `id`'s stored copy was found damaged and still waits to be fetched again. */
  isDamagedTicket(id: number): boolean
  /**
   * After a complete full sync: checks the search index and rebuilds it from the stored tickets
   * when the check finds damage, or at once with `rebuild`. Returns whether it rebuilt it.
   */
  repairSearchIndex(options?: { rebuild?: boolean }): boolean
  /**
   * Takes the file's sync lock for this process (BEGIN IMMEDIATE; a holder whose process is
   * gone is taken over). Returns the other holder when another live process has it.
   */
  acquireSyncLock(what: string): SyncLockHolder | null
  /** Releases the sync lock if this process holds it. */
  releaseSyncLock(): void
}

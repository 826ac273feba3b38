/**
 * What the sync engine needs from the world, as narrow ports: the API client and the cache
 * implement them, tests may pass the real ones, and nothing here knows Electron or the UI.
 */
import type { Ticket } from '../../../shared/domain/api-schemas'
import type { ApiClient } from '../api/types'
import type { LookupLists } from '../db/lookup-store'

/** The part of the API client the sync uses. */
export type SyncApi = Pick<
  ApiClient,
  | 'searchTickets'
  | 'getTicket'
  | 'listEmployees'
  | 'listSponsors'
  | 'listTerminationCodes'
  | 'listCategories'
  | 'listSubCategories'
>

/** The lookup lists as the cache stores them, replaced whole on every sync. */
export type { LookupLists }

export interface UpsertResult {
  inserted: number
  updated: number
  unchanged: number
}

export interface SyncCache {
  upsertTickets(tickets: Ticket[], syncedAt: string): UpsertResult
  /** The same, a few tickets per transaction with a turn of the event loop between them. */
  upsertTicketsInChunks?(tickets: Ticket[], syncedAt: string): Promise<UpsertResult>
  deleteTickets(ids: number[]): void
  allTicketIds(): number[]
  /** The cached copy of a ticket as the server sent it, or null. */
  cachedTicket?(id: number): Ticket | null
  /** Ids of cached tickets handled by `handlerId` with one of `statuses`. */
  ticketIdsFor(handlerId: number, statuses: number[]): number[]
  replaceLookups(lists: LookupLists): void
  getState<T>(key: string): T | undefined
  setState(key: string, value: unknown): void
  /** Bulk mode for a full sweep: e.g. WAL auto-checkpoint off, one checkpoint at the end. */
  beginBulk?(): void
  endBulk?(): void
  /** After a bulk sync: one bounded step of upkeep (planner statistics); false when done. */
  maintenanceStep?(): boolean
  /** Between pages of a bulk sync: copy a little of the write-ahead log back (bounded work). */
  checkpointStep?(): void
}

export interface Clock {
  now(): Date
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms)
    handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

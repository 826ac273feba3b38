/**
 * The local ticket cache: one SQLite file the screens read from, kept fresh by the sync engine.
 * This is its façade: opening and recovery are in cache-file.ts, a full sync's bulk write in
 * bulk-write.ts, the queries in the files each method names.
 *
 * Corruption found after opening, by a query, is handled like a damaged file at opening: every
 * method maps SQLITE_CORRUPT to a `cache_unavailable` AppError after reopening a fresh file, so
 * the app never starts into a crash loop on a damaged cache.
 */
import type { Contact, Employee, Ticket } from '../../../shared/domain/api-schemas'
import type { EmployeeSummary, Lookups } from '../../../shared/contract/contract'
import type {
  TicketFilters,
  TicketPage,
  TicketQuery,
  ViewCounts,
} from '../../../shared/domain/queue'
import type { QueryContext } from '../../../shared/domain/views'
import { silentLogger, type Logger } from '../logger'
import { BulkWrites, type BulkWrite } from './bulk-write'
import { upsertInChunks } from './chunked-write'
import {
  cacheUnavailable,
  describeError,
  openAndMigrate,
  openCacheConnection,
  openCacheFile,
  type CacheNotice,
  type OpenCacheOptions,
} from './cache-file'
import type {
  CacheStats,
  CachedTicket,
  FeedBatch,
  LookupLists,
  SyncLockHolder,
  TicketCacheReader,
  TicketCacheWriter,
  UpsertResult,
} from './cache-interfaces'
import { cacheStats } from './cache-stats'
import { getLookups, replaceLookups } from './lookup-store'
import { closeDatabase, type Db } from './open-database'
import { getContact, getEmployee, searchContacts, searchEmployees } from './people-store'
import { repairSearchIndex } from './search-repair'
import { removeFile, removeSetAsideCopies, setAsideFile } from './set-aside'
import { isCorruption } from './sqlite-errors'
import { getState, setState } from './state-store'
import { acquireSyncLock, releaseSyncLock } from './sync-lock'
import { isDamagedRecord } from './ticket-doc'
import { queryTickets } from './ticket-query'
import {
  allTicketIds,
  getTicket,
  getTickets,
  type TicketEmbed,
  hotTicketIds,
  ticketCount,
  ticketIdsFor,
  ticketUpdatedAt,
} from './ticket-reader'
import { deleteTickets, upsertTickets } from './ticket-writer'
import { schemaVersion } from './run-migrations'
import { snapshotRowsWriter, type SnapshotRowsWriter } from './snapshot-rows'
import { countViews } from './view-counts'
import {
  computeOverview,
  employeeGroup,
  type EmployeeGroup,
  type Overview,
  type OverviewQuery,
} from '../insights/overview'

/** Opens (creating, migrating, or if damaged setting aside and recreating) the cache at `path`. */
export function openCache(
  path: string,
  options: OpenCacheOptions = {},
): { cache: TicketCache; notice: CacheNotice | null } {
  const { db, notice } = openCacheFile(path, options)
  return { cache: new TicketCache(path, db, options), notice }
}

/** The cache: one SQLite connection behind the reader and writer interfaces. */
export class TicketCache implements TicketCacheReader, TicketCacheWriter {
  private db: Db
  private readonly logger: Logger
  private readonly bulk: BulkWrites
  /** Counts reset() calls: a chunked write that spans one stops (see upsertTicketsInChunks). */
  private generation = 0
  /** Tickets whose stored copy was damaged, for the sync to fetch again. */
  private damaged = new Set<number>()

  constructor(
    readonly path: string,
    db: Db,
    private readonly options: OpenCacheOptions,
  ) {
    this.db = db
    this.logger = options.logger ?? silentLogger
    this.bulk = new BulkWrites((fn) => this.run(fn), this.logger)
  }

  /**
   * Runs `fn` on the connection. A corruption error sets the file aside, opens a fresh cache and
   * surfaces as `cache_unavailable` (the caller shows it; the next sync refills the cache).
   */
  private run<T>(fn: (db: Db) => T): T {
    if (!this.db.open) throw cacheUnavailable('The cache is closed', null)
    try {
      return fn(this.db)
    } catch (error) {
      if (!isCorruption(error)) throw error
      this.logger.error('cache corruption found by a query', describeError(error))
      const notice = this.reset()
      this.options.onRebuilt?.(notice)
      throw cacheUnavailable(
        `The cache file was damaged; it was moved to ${notice.movedTo} and a fresh cache started. ` +
          'A full sync will refill it.',
        error,
      )
    }
  }

  /**
   * Sets the current file aside and starts a fresh, empty cache. With `{ keep: false }` the file
   * is deleted instead (signing out must not leave the data behind).
   */
  reset(options: { keep?: boolean } = {}): CacheNotice {
    try {
      this.db.close()
    } catch {
      // Closing a damaged connection may fail; the file is moved either way.
    }
    let movedTo = ''
    if (options.keep ?? true) {
      movedTo = setAsideFile(this.path, (this.options.now ?? (() => new Date()))())
    } else {
      removeFile(this.path)
      removeSetAsideCopies(this.path)
    }
    this.bulk.forget()
    this.generation += 1
    this.db = openAndMigrate(this.path, this.options)
    this.logger.warn('cache reset', { movedTo: movedTo || null })
    return { kind: 'cache_rebuilt', movedTo }
  }

  clear(): void {
    this.reset({ keep: false })
  }

  discardSetAside(): number {
    const removed = removeSetAsideCopies(this.path)
    if (removed > 0) this.logger.info('damaged cache copies deleted', { files: removed })
    return removed
  }

  close(): void {
    this.bulk.finishActive()
    closeDatabase(this.db)
  }

  // ---- tickets ----

  upsertTickets(
    tickets: readonly Ticket[],
    syncedAt: string,
    state?: Record<string, unknown>,
  ): UpsertResult {
    const result = this.run((db) =>
      db.transaction(() => {
        const written = upsertTickets(db, tickets, syncedAt, {
          onDamaged: (id) => this.noteDamaged(id),
        })
        for (const [key, value] of Object.entries(state ?? {})) setState(db, key, value)
        return written
      })(),
    )
    this.bulk.noteWritten(result.inserted + result.updated)
    return result
  }

  /**
   * In chunks, a turn of the event loop between them (chunked-write.ts); the tickets are
   * independent, so a failure leaves the earlier chunks written, each whole.
   */
  async upsertTicketsInChunks(
    tickets: readonly Ticket[],
    syncedAt: string,
    state?: Record<string, unknown>,
    options: { chunkSize?: number } = {},
  ): Promise<UpsertResult> {
    const generation = this.generation
    return upsertInChunks(
      tickets,
      (slice, sliceState) => this.upsertTickets(slice, syncedAt, sliceState),
      () => this.generation === generation,
      state,
      options.chunkSize,
    )
  }

  snapshotRows(): SnapshotRowsWriter | null {
    const generation = this.generation
    return snapshotRowsWriter(
      (fn) => this.run(fn),
      () => openCacheConnection(this.path, this.options),
      () => this.generation === generation,
      this.run(schemaVersion),
      (n) => this.bulk.noteWritten(n),
    )
  }

  /**
   * One batch of a change feed (the team hub's): lookups, tickets and deletions with the feed's
   * cursor in `state`, all in ONE transaction, so a crash never applies a batch without its
   * cursor (applied twice) nor the cursor without the batch (skipped).
   */
  applyFeed(batch: FeedBatch, syncedAt: string): UpsertResult & { deleted: number } {
    const result = this.run((db) =>
      db.transaction(() => {
        if (batch.lookups) replaceLookups(db, batch.lookups)
        const written = upsertTickets(db, batch.tickets, syncedAt, {
          onDamaged: (id) => this.noteDamaged(id),
        })
        const deleted = deleteTickets(db, batch.deleted, {
          onDamaged: (id) => this.noteDamaged(id),
        })
        for (const [key, value] of Object.entries(batch.state)) setState(db, key, value)
        return { ...written, deleted }
      })(),
    )
    this.bulk.noteWritten(result.inserted + result.updated + result.deleted)
    return result
  }

  deleteTickets(ids: readonly number[]): number {
    const deleted = this.run((db) =>
      deleteTickets(db, ids, { onDamaged: (id) => this.noteDamaged(id) }),
    )
    this.bulk.noteWritten(deleted)
    return deleted
  }

  getTickets(ids: readonly number[], embeds: readonly TicketEmbed[]): Map<number, Ticket> {
    const damaged: number[] = []
    const found = this.run((db) => getTickets(db, ids, embeds, (id) => damaged.push(id)))
    // As getTicket does: dropped, noted, fetched again by the sync.
    if (damaged.length > 0) {
      this.deleteTickets(damaged)
      damaged.forEach((id) => this.noteDamaged(id))
    }
    return found
  }

  getTicket(id: number): CachedTicket | null {
    try {
      return this.run((db) => getTicket(db, id))
    } catch (error) {
      if (!isDamagedRecord(error)) throw error
      // Unreadable (a stray control byte, a lost snapshot): drop it so nothing trips on it
      // again; the sync fetches it again by id.
      this.deleteTickets([id])
      this.noteDamaged(id)
      return null
    }
  }

  private noteDamaged(id: number): void {
    this.logger.warn('damaged ticket record found in the cache; it will be fetched again', { id })
    this.damaged.add(id)
  }

  isDamagedTicket(id: number): boolean {
    return this.damaged.has(id)
  }

  takeDamagedTicketIds(): number[] {
    const ids = [...this.damaged]
    this.damaged.clear()
    return ids
  }

  repairSearchIndex(options: { rebuild?: boolean } = {}): boolean {
    const rebuilt = this.run((db) => repairSearchIndex(db, options))
    if (rebuilt) this.logger.warn('search index rebuilt from the stored tickets')
    return rebuilt
  }

  acquireSyncLock(what: string): SyncLockHolder | null {
    return this.run((db) => acquireSyncLock(db, what, new Date()))
  }

  releaseSyncLock(): void {
    if (this.db.open) this.run((db) => releaseSyncLock(db))
  }

  hotTicketIds(statuses: readonly number[], createdSince: string): number[] {
    return this.run((db) => hotTicketIds(db, statuses, createdSince))
  }

  allTicketIds(): number[] {
    return this.run((db) => allTicketIds(db))
  }

  ticketCount(): number {
    return this.run((db) => ticketCount(db))
  }

  ticketUpdatedAt(ids: readonly number[]): Map<number, string | null> {
    return this.run((db) => ticketUpdatedAt(db, ids))
  }

  ticketIdsFor(handlerId: number, statuses: readonly number[]): number[] {
    return this.run((db) => ticketIdsFor(db, handlerId, statuses))
  }

  queryTickets(query: TicketQuery, ctx: QueryContext): TicketPage {
    this.maintenanceStep() // a no-op unless a bulk sync left work the sync did not finish
    return this.run((db) => queryTickets(db, query, ctx))
  }

  countViews(filters: TicketFilters, ctx: QueryContext): ViewCounts {
    this.maintenanceStep()
    return this.run((db) => countViews(db, filters, ctx))
  }

  /** The team overview's numbers (insights/overview.ts). */
  overview(q: OverviewQuery): Overview {
    this.maintenanceStep()
    return this.run((db) => computeOverview(db, q))
  }

  employeeGroup(employeeId: number): EmployeeGroup {
    return this.run((db) => employeeGroup(db, employeeId))
  }

  // ---- lookups and people ----

  replaceLookups(lists: LookupLists): void {
    this.run((db) => replaceLookups(db, lists))
  }

  getLookups(): Lookups {
    return this.run((db) => getLookups(db))
  }

  searchEmployees(search: string, limit: number): EmployeeSummary[] {
    return this.run((db) => searchEmployees(db, search, limit))
  }

  getEmployee(id: number): Employee | null {
    return this.run((db) => getEmployee(db, id))
  }

  searchContacts(search: string, limit: number): Contact[] {
    return this.run((db) => searchContacts(db, search, limit))
  }

  getContact(id: number): Contact | null {
    return this.run((db) => getContact(db, id))
  }

  getState<T = unknown>(key: string): T | undefined {
    return this.run((db) => getState<T>(db, key))
  }

  setState(key: string, value: unknown): void {
    this.run((db) => setState(db, key, value))
  }

  // ---- bulk sync ----

  /**
   * Before a full sync's pages; the sync calls the session's checkpointStep() between pages so
   * the log never grows beyond a few pages' worth of writes, and finish() after them.
   */
  beginBulk(): BulkWrite {
    return this.bulk.begin()
  }

  /**
   * One bounded piece of the work a bulk write leaves. Returns true while more remains: after
   * finish() the sync calls it once per turn of the event loop until it returns false. Should
   * it not, the queue's next queries each take one step first.
   */
  maintenanceStep(): boolean {
    return this.bulk.maintenanceStep()
  }

  stats(options: { detailed?: boolean } = {}): CacheStats {
    return this.run((db) => cacheStats(db, options))
  }

  /** The connection, for benchmarks and diagnostics; callers must not keep it across reset(). */
  connection(): Db {
    return this.db
  }
}

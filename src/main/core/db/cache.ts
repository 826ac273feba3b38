/**
 * The local ticket cache: one SQLite file the screens read from, kept fresh by the sync engine.
 *
 * Opening never runs integrity_check (seconds on a large file). A file that fails to open or to
 * migrate, or is not a database, is set aside (renamed) and a fresh cache is made; the notice
 * tells the caller so the agent can be told and a full sync started. Corruption found later, by a
 * query, does the same: every method maps SQLITE_CORRUPT to a `cache_unavailable` AppError after
 * reopening a fresh file, so the app never starts into a crash loop on a damaged cache.
 */
import { dirname } from 'node:path'
import type { Contact, Employee, Ticket } from '../../../shared/domain/api-schemas'
import type { EmployeeSummary, Lookups } from '../../../shared/contract/contract'
import { AppError, isAppError } from '../../../shared/domain/errors'
import type {
  TicketFilters,
  TicketPage,
  TicketQuery,
  ViewCounts,
} from '../../../shared/domain/queue'
import { silentLogger, type Logger } from '../logger'
import { cacheStats, type CacheStats } from './cache-stats'
import {
  buildNextDeferredIndex,
  deferTicketIndexes,
  restoreDeferredIndexes,
} from './deferred-indexes'
import { getLookups, replaceLookups, type LookupLists } from './lookup-store'
import { privateDir } from './file-modes'
import {
  closeDatabase,
  encryptInPlace,
  olderFormat,
  openDatabase,
  setAutoCheckpoint,
  type Cipher,
  type Db,
} from './open-database'
import { getContact, getEmployee, searchContacts, searchEmployees } from './people-store'
import { analyzeOne, hasPlannerStats, refreshPlannerStats, statsTargets } from './planner-stats'
import { runMigrations } from './run-migrations'
import { repairSearchIndex } from './search-repair'
import { removeFile, removeSetAsideCopies, setAsideFile } from './set-aside'
import { isBusyOrDenied, isCorruption } from './sqlite-errors'
import { getState, setState } from './state-store'
import { countViews, queryTickets } from './ticket-query'
import type { FeedBatch, TicketCacheReader, TicketCacheWriter } from './cache-interfaces'
import { acquireSyncLock, releaseSyncLock, type SyncLockHolder } from './sync-lock'
import { isDamagedRecord } from './ticket-doc'
import {
  allTicketIds,
  getTicket,
  hotTicketIds,
  ticketCount,
  ticketIdsFor,
  ticketUpdatedAt,
  type CachedTicket,
} from './ticket-reader'
import type { QueryContext } from './ticket-where'
import { deleteTickets, upsertTickets, type UpsertResult } from './ticket-writer'

export type { FeedBatch, TicketCacheReader, TicketCacheWriter } from './cache-interfaces'
export type { CacheStats } from './cache-stats'
export type { LookupLists } from './lookup-store'
export type { CachedTicket } from './ticket-reader'
export { DamagedRecordError, isDamagedRecord } from './ticket-doc'
export type { QueryContext } from './ticket-where'
export type { SyncLockHolder } from './sync-lock'
export type { UpsertResult } from './ticket-writer'

export interface CacheNotice {
  kind: 'cache_rebuilt'
  /** Where the damaged file was moved. */
  movedTo: string
}

export interface OpenCacheOptions {
  nativeBinding?: string
  /** The file's encryption key (database-key.ts); null or missing: a plain file (benchmarks). */
  key?: Buffer | null
  /** Benchmarks only: another encryption scheme than the app's. */
  cipher?: Cipher
  logger?: Logger
  now?: () => Date
  /** Called when a damaged file found by a query was set aside and a fresh cache made. */
  onRebuilt?: (notice: CacheNotice) => void
  /**
   * Called with each connection the cache opens (at start and after a reset), once migrated: a
   * service built on the cache (the team hub) adds its own tables and triggers to the same file.
   */
  onOpen?: (db: Db) => void
}

/**
 * Tickets per transaction in upsertTicketsInChunks: one API page, ~10 ms. Smaller transactions
 * cost more in all (25: +30% CPU for a first sync, docs/measurements.md, "Cache writes"); the core
 * runs in its own worker, so a page's transaction never holds the window.
 */
const DEFAULT_CHUNK = 100

/**
 * In a bulk sync, checkpointStep copies the log back only once this many tickets were written
 * since the last copy (~1,500 log frames, ~6 MB). Each copy has a fixed cost (it syncs the log
 * and the file); once per page it was a third of a first sync's database time.
 */
const CHECKPOINT_AFTER_TICKETS = 400

function describe(error: unknown): Record<string, unknown> {
  const code = (error as { code?: unknown } | null)?.code
  return {
    code: typeof code === 'string' ? code : null,
    message: String((error as Error)?.message ?? error),
  }
}

/** A cheap look at the roots and the right-most pages (a truncated file loses those first). */
function probe(db: Db): void {
  db.prepare('SELECT id FROM tickets ORDER BY id DESC LIMIT 1').get()
  db.prepare('SELECT id FROM ticket_json ORDER BY id DESC LIMIT 1').get()
  db.prepare('SELECT count(*) FROM sync_state').get()
}

function openAndMigrate(path: string, options: OpenCacheOptions): Db {
  const db = openDatabase(path, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    key: options.key ?? null,
    ...(options.cipher ? { cipher: options.cipher } : {}),
  })
  try {
    // A first sync that stopped before it built the indexes it had left out: built now.
    restoreDeferredIndexes(db)
    runMigrations(db)
    probe(db)
    // A cache filled before it ever had statistics (an interrupted first sync) gets them now.
    if (!hasPlannerStats(db) && db.prepare('SELECT 1 FROM tickets LIMIT 1').get()) {
      refreshPlannerStats(db)
    }
    options.onOpen?.(db)
    return db
  } catch (error) {
    try {
      db.close()
    } catch {
      // Already unusable; the error that matters is the one being thrown.
    }
    throw error
  }
}

/**
 * An older version's cache, unencrypted or encrypted with the previous scheme: encrypted in place
 * (one pass over the file, instead of a full sync of ~1,000 requests at 100k tickets). Null when
 * the file is not that, or the conversion failed (e.g. the previous scheme's file with another
 * key): the caller then sets it aside and rebuilds, as for any unreadable file.
 */
function encryptOlderCache(
  path: string,
  options: OpenCacheOptions,
  openError: unknown,
  logger: Logger,
): Db | null {
  const from = options.key && isCorruption(openError) ? olderFormat(path) : null
  if (!options.key || !from) return null
  try {
    encryptInPlace(
      path,
      options.key,
      from,
      options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
    )
    const db = openAndMigrate(path, options)
    logger.info('older cache file encrypted in place', { path, from })
    return db
  } catch (error) {
    logger.warn('could not encrypt the older cache file in place', describe(error))
    return null
  }
}

function unavailable(message: string, cause: unknown): AppError {
  return new AppError({ code: 'cache_unavailable', message }, { cause })
}

/** Opens (creating, migrating, or if damaged setting aside and recreating) the cache at `path`. */
export function openCache(
  path: string,
  options: OpenCacheOptions = {},
): { cache: TicketCache; notice: CacheNotice | null } {
  const logger = options.logger ?? silentLogger
  const now = options.now ?? (() => new Date())
  privateDir(dirname(path))
  try {
    return { cache: new TicketCache(path, openAndMigrate(path, options), options), notice: null }
  } catch (error) {
    if (isAppError(error)) throw error // e.g. a cache from a newer app: refuse, keep the file
    const migrated = options.key ? encryptOlderCache(path, options, error, logger) : null
    if (migrated) return { cache: new TicketCache(path, migrated, options), notice: null }
    if (isBusyOrDenied(error)) {
      throw unavailable(
        `The cache file ${path} is locked or not writable: ${describe(error).message}`,
        error,
      )
    }
    let movedTo: string
    try {
      movedTo = setAsideFile(path, now())
    } catch (renameError) {
      throw unavailable(
        `The cache file ${path} is damaged and could not be moved aside`,
        renameError,
      )
    }
    logger.warn('cache file unusable: set aside, starting a fresh cache', {
      movedTo,
      ...describe(error),
    })
    const db = openAndMigrate(path, options)
    return {
      cache: new TicketCache(path, db, options),
      notice: { kind: 'cache_rebuilt', movedTo },
    }
  }
}

/** The cache: one SQLite connection behind the reader and writer interfaces. */
export class TicketCache implements TicketCacheReader, TicketCacheWriter {
  private db: Db
  private readonly logger: Logger
  private bulk = false
  /** Counts reset() calls: a chunked write that spans one stops (see upsertTicketsInChunks). */
  private generation = 0
  private pendingAnalyze: string[] = []
  /** A first sync left the tickets' indexes out (deferred-indexes.ts): built after it. */
  private indexesDeferred = false
  /** Tickets whose stored copy was damaged, for the sync to fetch again. */
  private damaged = new Set<number>()
  /** Tickets written since the last checkpoint step that copied (bulk mode). */
  private writtenSinceCheckpoint = 0

  constructor(
    readonly path: string,
    db: Db,
    private readonly options: OpenCacheOptions,
  ) {
    this.db = db
    this.logger = options.logger ?? silentLogger
  }

  /**
   * Runs `fn` on the connection. A corruption error sets the file aside, opens a fresh cache and
   * surfaces as `cache_unavailable` (the caller shows it; the next sync refills the cache).
   */
  private run<T>(fn: (db: Db) => T): T {
    if (!this.db.open) throw unavailable('The cache is closed', null)
    try {
      return fn(this.db)
    } catch (error) {
      if (!isCorruption(error)) throw error
      this.logger.error('cache corruption found by a query', describe(error))
      const notice = this.reset()
      this.options.onRebuilt?.(notice)
      throw unavailable(
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
    this.bulk = false
    this.pendingAnalyze = []
    this.indexesDeferred = false
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
    if (this.bulk) this.endBulk()
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
    this.writtenSinceCheckpoint += result.inserted + result.updated
    return result
  }

  /**
   * A turn of the event loop between transactions keeps the thread responsive however long the
   * list. The tickets are independent: a failure leaves the earlier chunks written, each whole.
   * `state` is written with the last chunk, so it never claims a page that is not all written.
   * If the cache is cleared or rebuilt between two chunks (sign-out, another server), the rest
   * is not written into the fresh file: the call stops with `cancelled`.
   */
  async upsertTicketsInChunks(
    tickets: readonly Ticket[],
    syncedAt: string,
    state?: Record<string, unknown>,
    options: { chunkSize?: number } = {},
  ): Promise<UpsertResult> {
    const generation = this.generation
    const size = Math.max(1, Math.trunc(options.chunkSize ?? DEFAULT_CHUNK))
    const total: UpsertResult = {
      inserted: 0,
      updated: 0,
      unchanged: 0,
      insertedIds: [],
      updatedIds: [],
    }
    for (let start = 0; start < tickets.length || start === 0; start += size) {
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve))
      if (this.generation !== generation) {
        throw new AppError({ code: 'cancelled', message: 'The cache was cleared during the write' })
      }
      const last = start + size >= tickets.length
      const r = this.upsertTickets(tickets.slice(start, start + size), syncedAt, last ? state : {})
      total.inserted += r.inserted
      total.updated += r.updated
      total.unchanged += r.unchanged
      total.insertedIds.push(...r.insertedIds)
      total.updatedIds.push(...r.updatedIds)
      if (last) break
    }
    return total
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
    this.writtenSinceCheckpoint += result.inserted + result.updated + result.deleted
    return result
  }

  deleteTickets(ids: readonly number[]): number {
    const deleted = this.run((db) =>
      deleteTickets(db, ids, { onDamaged: (id) => this.noteDamaged(id) }),
    )
    this.writtenSinceCheckpoint += deleted
    return deleted
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

  // ---- sync state ----

  getState<T = unknown>(key: string): T | undefined {
    return this.run((db) => getState<T>(db, key))
  }

  setState(key: string, value: unknown): void {
    this.run((db) => setState(db, key, value))
  }

  // ---- bulk sync ----

  /**
   * Before a full sync: no automatic checkpoints, which otherwise land inside random page
   * transactions and stall them (p99 380 ms vs 31 ms with this: docs/measurements.md, "Writes").
   * The sync calls checkpointStep() between pages so the log never grows beyond a few pages'
   * worth of writes.
   */
  beginBulk(): void {
    this.run((db) => {
      setAutoCheckpoint(db, false)
      // An empty cache (first sync, cleared, rebuilt): its indexes are built once it is full.
      const deferred = deferTicketIndexes(db)
      if (deferred > 0) {
        this.indexesDeferred = true
        this.logger.info('indexes left out until the first sync ends', { deferred })
      }
    })
    this.pendingAnalyze = []
    this.bulk = true
  }

  /**
   * Between pages of a bulk sync (in its own turn of the event loop, not inside a page): copies
   * the log into the database file without waiting for readers (PASSIVE). In bulk mode it copies
   * only once a few pages' writes have gathered (CHECKPOINT_AFTER_TICKETS; it returns zeros
   * until then): ~20 ms each; once the log is all copied the next write starts it again from the
   * beginning, so it stays small. Outside bulk mode it always copies (harmless).
   */
  checkpointStep(): { logFrames: number; copiedFrames: number } {
    if (this.bulk && this.writtenSinceCheckpoint < CHECKPOINT_AFTER_TICKETS) {
      return { logFrames: 0, copiedFrames: 0 }
    }
    this.writtenSinceCheckpoint = 0
    return this.run((db) => {
      const row = db.pragma('wal_checkpoint(PASSIVE)') as {
        busy: number
        log: number
        checkpointed: number
      }[]
      return { logFrames: row[0]?.log ?? 0, copiedFrames: row[0]?.checkpointed ?? 0 }
    })
  }

  /**
   * After a full sync: automatic checkpoints back on and one last checkpoint step for what the
   * log still holds (little, when the sync stepped between pages). No TRUNCATE: the log file is
   * cut back by journal_size_limit when it restarts. The planner's statistics are refreshed by
   * maintenanceStep(), one index per call, so that no call holds the thread for long.
   */
  endBulk(): void {
    this.bulk = false
    this.run((db) => {
      setAutoCheckpoint(db, true)
      db.pragma('wal_checkpoint(PASSIVE)')
      this.pendingAnalyze = this.indexesDeferred ? [] : statsTargets(db)
    })
  }

  /**
   * One bounded piece of the work a bulk sync leaves (a sampled ANALYZE of one index of the
   * tickets, ~10 ms at 100k tickets). Returns true while more remains: after endBulk the sync
   * calls it once per turn of the event loop until it returns false. Should it not, the queue's
   * next queries each take one step first.
   */
  maintenanceStep(): boolean {
    // First the indexes a first sync left out (one per call, ~10-100 ms each at 100k tickets),
    // then the statistics of all of them.
    if (this.indexesDeferred && !this.bulk) {
      if (this.run((db) => buildNextDeferredIndex(db))) return true
      this.indexesDeferred = false
      this.pendingAnalyze = this.run((db) => statsTargets(db))
      return this.pendingAnalyze.length > 0
    }
    const next = this.pendingAnalyze.shift()
    if (next === undefined) return false
    this.run((db) => analyzeOne(db, next))
    return this.pendingAnalyze.length > 0
  }

  stats(options: { detailed?: boolean } = {}): CacheStats {
    return this.run((db) => cacheStats(db, options))
  }

  /** The connection, for benchmarks and diagnostics; callers must not keep it across reset(). */
  connection(): Db {
    return this.db
  }
}

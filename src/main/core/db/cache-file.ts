/**
 * Opening the cache's file, and recovering when it cannot be opened.
 *
 * Opening never runs integrity_check (seconds on a large file). A file that fails to open or to
 * migrate, or is not a database, is set aside (renamed) and a fresh file is made; the notice
 * tells the caller so the agent can be told and a full sync started. An older version's file is
 * encrypted in place instead. A locked or read-only file, or one from a newer app, is refused
 * and kept.
 */
import { dirname } from 'node:path'
import { AppError, isAppError } from '../../../shared/domain/errors'
import { silentLogger, type Logger } from '../logger'
import { restoreDeferredIndexes } from './deferred-indexes'
import { restorePendingIndex } from './snapshot-index'
import { privateDir } from './file-modes'
import { encryptInPlace, olderFormat, openDatabase, type Cipher, type Db } from './open-database'
import { hasPlannerStats, refreshPlannerStats } from './planner-stats'
import { runMigrations } from './run-migrations'
import { setAsideFile } from './set-aside'
import { hasSyncState } from './state-store'
import { syncingElsewhere } from './sync-lock'
import { isBusyOrDenied, isCorruption } from './sqlite-errors'

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

/** An error's code and message, for the log (never the data it was about). */
export function describeError(error: unknown): { code: string | null; message: string } {
  const code = (error as { code?: unknown } | null)?.code
  return {
    code: typeof code === 'string' ? code : null,
    message: String((error as Error)?.message ?? error),
  }
}

export function cacheUnavailable(message: string, cause: unknown): AppError {
  return new AppError({ code: 'cache_unavailable', message }, { cause })
}

/** A cheap look at the roots and the right-most pages (a truncated file loses those first). */
function probe(db: Db): void {
  db.prepare('SELECT id FROM tickets ORDER BY id DESC LIMIT 1').get()
  db.prepare('SELECT id FROM ticket_json ORDER BY id DESC LIMIT 1').get()
  db.prepare('SELECT count(*) FROM sync_state').get()
}

/** A connection to the cache's file as the cache opens it (binding, key, scheme), unmigrated. */
export function openCacheConnection(path: string, options: OpenCacheOptions): Db {
  return openDatabase(path, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    key: options.key ?? null,
    ...(options.cipher ? { cipher: options.cipher } : {}),
  })
}

/** Opens and migrates the file at `path`; throws what went wrong (the connection closed). */
export function openAndMigrate(path: string, options: OpenCacheOptions): Db {
  const db = openCacheConnection(path, options)
  try {
    // A first sync still running in another process (a `sync` from the command line beside the
    // app) has left its indexes out and has no statistics yet on purpose: it finishes both itself.
    // Building them here would write under its feet (and fail as "locked" while it writes).
    const elsewhere = hasSyncState(db) && syncingElsewhere(db)
    // A first sync that stopped before it built the indexes it had left out: built now.
    if (!elsewhere) restoreDeferredIndexes(db)
    runMigrations(db)
    probe(db)
    // A first sync from the hub's rows that stopped before its search index was checked.
    if (!elsewhere) restorePendingIndex(db)
    // A cache filled before it ever had statistics (an interrupted first sync) gets them now.
    if (!elsewhere && !hasPlannerStats(db) && db.prepare('SELECT 1 FROM tickets LIMIT 1').get()) {
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
    logger.warn('could not encrypt the older cache file in place', describeError(error))
    return null
  }
}

/** Opens (creating, migrating, or if damaged setting aside and recreating) the file at `path`. */
export function openCacheFile(
  path: string,
  options: OpenCacheOptions,
): { db: Db; notice: CacheNotice | null } {
  const logger = options.logger ?? silentLogger
  const now = options.now ?? (() => new Date())
  privateDir(dirname(path))
  try {
    return { db: openAndMigrate(path, options), notice: null }
  } catch (error) {
    if (isAppError(error)) throw error // e.g. a cache from a newer app: refuse, keep the file
    const migrated = options.key ? encryptOlderCache(path, options, error, logger) : null
    if (migrated) return { db: migrated, notice: null }
    if (isBusyOrDenied(error)) {
      throw cacheUnavailable(
        `The cache file ${path} is locked or not writable: ${describeError(error).message}`,
        error,
      )
    }
    let movedTo: string
    try {
      movedTo = setAsideFile(path, now())
    } catch (renameError) {
      throw cacheUnavailable(
        `The cache file ${path} is damaged and could not be moved aside`,
        renameError,
      )
    }
    logger.warn('cache file unusable: set aside, starting a fresh cache', {
      movedTo,
      ...describeError(error),
    })
    return { db: openAndMigrate(path, options), notice: { kind: 'cache_rebuilt', movedTo } }
  }
}

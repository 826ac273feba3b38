/**
 * Opens the cache's SQLite file with every connection setting in one place: no other module
 * sets a pragma, so what a connection behaves like is decided here (the bulk sync's checkpoint
 * switch is here too, setAutoCheckpoint). Elsewhere PRAGMA only runs operations or reads and
 * writes file state: migrations' user_version, data_version, checkpoints, optimize.
 */
import Database from 'better-sqlite3'

export type Db = Database.Database

export interface OpenDatabaseOptions {
  /** better-sqlite3 built for Electron; Node uses the default build. */
  nativeBinding?: string
  readonly?: boolean
  /** How long a write waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number
  /**
   * 'full' for files that hold the only copy of something (the outbox: edits not yet on the
   * server); the cache keeps the default, 'normal'.
   */
  durability?: 'normal' | 'full'
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Db {
  const dbOptions: Database.Options = { readonly: options.readonly ?? false }
  if (options.nativeBinding) dbOptions.nativeBinding = options.nativeBinding
  const db = new Database(path, dbOptions)
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`)
    if (!options.readonly) {
      // WAL: readers (the CLI, a second window) never block the sync's writes and vice versa.
      db.pragma('journal_mode = WAL')
    }
    // NORMAL in WAL mode never corrupts the file; a power cut may lose the last commits, which
    // the next sync fetches again (the cache is a copy of the server). FULL costs ~20% per
    // transaction on the main thread for nothing we could not re-download (docs/measurements.md,
    // "Writes" and "Durability").
    // The outbox asks for FULL: an edit the screen called saved must survive a power cut, and it
    // writes one small row per edit, not pages of tickets.
    db.pragma(options.durability === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    // Temporary sort trees stay in memory; the queue's sorts are small.
    db.pragma('temp_store = MEMORY')
    // After a checkpoint restarts the log, a log file grown past this is cut back to it.
    db.pragma('journal_size_limit = 33554432')
    // 32 MB page cache keeps the hot indexes of 100k tickets in memory.
    db.pragma('cache_size = -32000')
    // ANALYZE (the planner's statistics, planner-stats.ts) and `optimize` on close read a sample
    // of each index, not all of it: milliseconds even at 100k tickets.
    db.pragma('analysis_limit = 400')
  } catch (error) {
    db.close()
    throw error
  }
  return db
}

/** Closes the file, first letting SQLite refresh its query-planner statistics (cheaply). */
export function closeDatabase(db: Db): void {
  if (!db.open) return
  try {
    // Bounded by analysis_limit (set at open): `optimize` alone may run a full ANALYZE.
    if (!db.readonly) db.pragma('optimize')
  } finally {
    db.close()
  }
}

/** SQLite's default: a checkpoint whenever the log passes this many pages. */
const WAL_AUTOCHECKPOINT_PAGES = 1000

/** Automatic checkpoints off for a bulk sync (which checkpoints in steps), or back on. */
export function setAutoCheckpoint(db: Db, on: boolean): void {
  db.pragma(`wal_autocheckpoint = ${on ? WAL_AUTOCHECKPOINT_PAGES : 0}`)
}

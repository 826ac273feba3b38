/**
 * Opens the cache's SQLite file with every connection setting in one place: no other module
 * sets a pragma, so what a connection behaves like is decided here (the bulk sync's checkpoint
 * switch is here too, setAutoCheckpoint). Elsewhere PRAGMA only runs operations or reads and
 * writes file state: migrations' user_version, data_version, checkpoints, optimize. The
 * encryption key is applied here too, before the first read, and the file made owner-only.
 */
import Database from 'better-sqlite3-multiple-ciphers'
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { privateFile } from './file-modes'

export type Db = Database.Database

export interface OpenDatabaseOptions {
  /** better-sqlite3(-multiple-ciphers) built for Electron; Node uses the default build. */
  nativeBinding?: string
  readonly?: boolean
  /** How long a write waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number
  /**
   * 'full' for files that hold the only copy of something (the outbox: edits not yet on the
   * server); the cache keeps the default, 'normal'.
   */
  durability?: 'normal' | 'full'
  /**
   * 'wal' (default): readers never block the sync's writes. 'rollback' (the outbox): every commit
   * is in the main file itself, so a damaged or lost log (a crash on a bad disk) loses nothing.
   */
  journal?: 'wal' | 'rollback'
  /**
   * 32 bytes: the whole file (pages, log, search index) is encrypted with it (database-key.ts
   * finds it). Without it the file is plain SQLite: benchmarks and throwaway files only. A wrong
   * key fails the first read with SQLITE_NOTADB, which the cache treats as a damaged file.
   */
  key?: Buffer | null
  /** The encryption scheme; only benchmarks compare others (docs/measurements.md). */
  cipher?: Cipher
}

/**
 * AEGIS-256 page encryption (SQLite3 Multiple Ciphers' `aegis` scheme, its algorithm pinned so a
 * change of the library's default cannot make files unreadable), keyed with the raw 32 bytes (no
 * key derivation: the key is random, not a password). Every page written gets a fresh random
 * 256-bit nonce and a 256-bit tag in its 64 reserved bytes: a changed page fails to read
 * (SQLITE_CORRUPT), which the cache treats as a damaged file. It uses the CPU's AES instructions
 * and costs about a third of `aes256cbc` per page written, which kept ingest 1.3x the plain file's
 * time (docs/measurements.md, "Encryption at rest").
 */
export const CIPHER = 'aegis-256'
/** The scheme of files written before AEGIS (no page tag): re-encrypted in place when met. */
export const PREVIOUS_CIPHER = 'aes256cbc'
export type Cipher = 'aegis-256' | 'aes256cbc' | 'sqlcipher' | 'chacha20'

/** The scheme the next `key` or `rekey` of this connection uses. */
function selectCipher(db: Db, cipher: Cipher): void {
  if (cipher === 'aegis-256') {
    db.pragma(`cipher = 'aegis'`)
    db.pragma(`algorithm = 'aegis-256'`)
  } else db.pragma(`cipher = '${cipher}'`)
  // SQLCipher 4's page layout, so its own tools open the file with the key.
  if (cipher === 'sqlcipher') db.pragma('legacy = 4')
}

/** Applies the key to a connection just opened, before anything reads the file. */
function applyKey(db: Db, key: Buffer, cipher: Cipher = CIPHER): void {
  if (key.length !== 32) throw new Error('openDatabase: the key must be 32 bytes')
  selectCipher(db, cipher)
  db.pragma(`key = "x'${key.toString('hex')}'"`)
  // The library turns secure_delete ON for encrypted files (deleted content and freed pages are
  // zeroed); kept: FAST would write 7% fewer pages in a first sync, a gain within the noise.
}

const pause = new Int32Array(new SharedArrayBuffer(4))

/**
 * Runs `step`, again after a short pause while another connection holds the lock it needs, for at
 * most `timeoutMs`. Switching a new file to WAL takes an exclusive lock and SQLite may answer
 * SQLITE_BUSY at once, without its busy handler, when several processes open the file together
 * (two CLI commands on one new --db; test/core/db/concurrent-migrations.test.ts).
 */
function whileBusy<T>(timeoutMs: number, step: () => T): T {
  const deadline = Date.now() + timeoutMs
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      return step()
    } catch (error) {
      const busy = (error as { code?: string }).code?.startsWith('SQLITE_BUSY') ?? false
      if (!busy || Date.now() >= deadline) throw error
      Atomics.wait(pause, 0, 0, wait)
    }
  }
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Db {
  const dbOptions: Database.Options = { readonly: options.readonly ?? false }
  if (options.nativeBinding) dbOptions.nativeBinding = options.nativeBinding
  // Made 0600 before SQLite opens it: SQLite gives the -wal and -shm files the database's mode.
  if (!options.readonly) privateFile(path)
  const db = new Database(path, dbOptions)
  try {
    if (options.key) applyKey(db, options.key, options.cipher)
    const busyTimeoutMs = Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))
    db.pragma(`busy_timeout = ${busyTimeoutMs}`)
    if (!options.readonly) {
      // WAL: readers (the CLI, a second window) never block the sync's writes and vice versa.
      // A rollback journal (DELETE) folds any log an older version left into the file first.
      const mode = options.journal === 'rollback' ? 'DELETE' : 'WAL'
      whileBusy(busyTimeoutMs, () => db.pragma(`journal_mode = ${mode}`))
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
  } catch {
    // Statistics are an optimisation: a file found damaged (or busy) still closes.
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

const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1')

function fileHead(path: string): Buffer | null {
  if (!existsSync(path) || statSync(path).size < 100) return null
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(24)
    readSync(fd, head, 0, head.length, 0)
    return head
  } finally {
    closeSync(fd)
  }
}

/** The file is an unencrypted SQLite database (an older version's cache). */
export function isPlainDatabase(path: string): boolean {
  return fileHead(path)?.subarray(0, 16).equals(PLAIN_HEADER) ?? false
}

/**
 * A file in a format older versions wrote: plain, or encrypted with PREVIOUS_CIPHER. Both
 * encrypted schemes leave header bytes 16-23 in clear (page size, format, reserved bytes per
 * page); `aes256cbc` reserves none, AEGIS-256 64 (its nonce and tag).
 */
export function olderFormat(path: string): 'plain' | typeof PREVIOUS_CIPHER | null {
  const head = fileHead(path)
  if (!head) return null
  if (head.subarray(0, 16).equals(PLAIN_HEADER)) return 'plain'
  const pageSize = head.readUInt16BE(16) === 1 ? 65536 : head.readUInt16BE(16)
  const validPageSize = pageSize >= 512 && (pageSize & (pageSize - 1)) === 0
  const payloadFractions = head[21] === 64 && head[22] === 32 && head[23] === 32
  return validPageSize && payloadFractions && head[20] === 0 ? PREVIOUS_CIPHER : null
}

/**
 * Encrypts with `key` and CIPHER, in place, a file in an older format (`from`: plain, or
 * PREVIOUS_CIPHER with the same key). The log is folded in and deleted first (SQLite3 Multiple
 * Ciphers cannot rekey in WAL mode). AEGIS needs 64 bytes per page that the older formats did not
 * reserve, so the library rebuilds the file (a VACUUM through a temporary copy held in memory:
 * temp_store = MEMORY, set by openDatabase; about the file's size, once: 1.5-2.5 s and a 440 MB
 * peak for a 285 MB cache of 100,000 tickets).
 * `crashSafe` (files holding the only copy of something: the outbox): a rollback journal on disk,
 * so a crash half-way leaves the old file intact. It holds the old pages as they were, so only for
 * a file that was already on disk that way. Otherwise (the cache) there is no journal at all, so
 * no copy of the pages is written and none is held in memory: a crash half-way leaves a file that
 * reads as damaged, which is set aside and rebuilt, like any other.
 */
export function encryptInPlace(
  path: string,
  key: Buffer,
  from: 'plain' | typeof PREVIOUS_CIPHER,
  options: Pick<OpenDatabaseOptions, 'nativeBinding'> & { crashSafe?: boolean } = {},
): void {
  const db = openDatabase(path, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(from === 'plain' ? {} : { key, cipher: from }),
    ...(options.crashSafe ? { durability: 'full' as const } : {}),
  })
  try {
    db.pragma('journal_mode = DELETE')
    if (!options.crashSafe) db.pragma('journal_mode = OFF')
    selectCipher(db, CIPHER)
    db.pragma(`rekey = "x'${key.toString('hex')}'"`)
  } finally {
    db.close()
  }
}

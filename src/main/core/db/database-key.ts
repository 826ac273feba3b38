/**
 * The key that encrypts the cache (and any other SQLite file of the core: the outbox). The desktop
 * shell keeps it with Electron's safeStorage and passes it in; the browser host and the CLI keep
 * it in `<db>.key` beside the file, mode 0600, so both find the same key for the same `--db`.
 * A missing or unreadable key is replaced by a new one: the file it encrypted can no longer be
 * read, so the cache sets it aside and rebuilds from the server (it is a copy), with a notice.
 * The outbox is no copy: `beforeReplace` (outbox/open-outbox.ts) refuses the new key while waiting
 * edits the old one encrypted are there, unless the agent confirmed discarding them.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { silentLogger, type Logger } from '../logger'
import { PRIVATE_FILE_MODE, privateDir } from './file-modes'

export const KEY_BYTES = 32

/** A new random key as 64 hex characters (how it is stored and passed between threads). */
export function newDatabaseKey(): string {
  return randomBytes(KEY_BYTES).toString('hex')
}

/** The 32 bytes of a key given as hex, or null when it is not one. */
export function parseDatabaseKey(hex: string | null | undefined): Buffer | null {
  const text = (hex ?? '').trim()
  return /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : null
}

/** Where the browser host and the CLI keep the key of the file at `dbPath`. */
export function keyFilePath(dbPath: string): string {
  return `${resolve(dbPath)}.key`
}

/**
 * The key in `<db>.key`, created (0600) when missing or unreadable. Two processes creating it at
 * once (the CLI beside a running browser host) both end up with the one written first.
 */
export interface KeyFileOptions {
  logger?: Logger
  /** Runs before a new key replaces a missing or unreadable one; throws to keep the old one. */
  beforeReplace?: (keyFile: string) => void
}

export function keyFromFile(dbPath: string, options: KeyFileOptions = {}): Buffer {
  const logger = options.logger ?? silentLogger
  const file = keyFilePath(dbPath)
  privateDir(dirname(file))
  if (existsSync(file)) {
    chmodSync(file, PRIVATE_FILE_MODE)
    const key = parseDatabaseKey(readFileSync(file, 'utf8'))
    if (key) return key
  }
  options.beforeReplace?.(file)
  if (existsSync(file))
    logger.warn('the cache key file is unreadable: a new key, the cache will be rebuilt', { file })
  const hex = newDatabaseKey()
  try {
    // 'wx': never overwrite a key another process has just written.
    writeFileSync(file, hex + '\n', {
      mode: PRIVATE_FILE_MODE,
      flag: existsSync(file) ? 'w' : 'wx',
    })
  } catch (error) {
    const existing = (error as { code?: unknown }).code === 'EEXIST'
    const key = existing ? parseDatabaseKey(readFileSync(file, 'utf8')) : null
    if (key) return key
    throw error
  }
  chmodSync(file, PRIVATE_FILE_MODE)
  return Buffer.from(hex, 'hex')
}

/** The key for the core's files: the shell's (safeStorage) if it gave one, else the key file. */
export function resolveDatabaseKey(
  dbPath: string,
  given: string | null | undefined,
  options: KeyFileOptions = {},
): Buffer | null {
  if (dbPath === ':memory:') return null
  if (given !== undefined && given !== null) {
    const key = parseDatabaseKey(given)
    if (!key) throw new Error('resolveDatabaseKey: the given cache key is not 64 hex characters')
    return key
  }
  return keyFromFile(dbPath, options)
}

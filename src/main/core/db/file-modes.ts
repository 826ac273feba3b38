/**
 * Owner-only modes for the files that hold personal data: the cache and its -wal/-shm, set-aside
 * copies, the key file, settings. On Windows these calls change little (ACLs, not modes, decide
 * there); the user's profile folder is already private to the user.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'

export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_DIR_MODE = 0o700

const COMPANIONS = ['-wal', '-shm', '-journal'] as const

function isFilePath(path: string): boolean {
  return path !== '' && path !== ':memory:' && !path.startsWith('file:')
}

/**
 * Creates `path` empty with mode 0600 if it is missing, or tightens it to 0600; its SQLite
 * companions (-wal, -shm, -journal) too, when they exist (files written by an older version).
 */
export function privateFile(path: string): void {
  if (!isFilePath(path)) return
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE))
  chmodSync(path, PRIVATE_FILE_MODE)
  for (const suffix of COMPANIONS) tightenIfPresent(path + suffix)
}

/**
 * 0600 on a companion file if it is there. Another process may delete its -journal between a
 * check and the chmod (its transaction ended): a file that is gone needs no mode, and opening
 * must not fail for it.
 */
function tightenIfPresent(path: string): void {
  try {
    chmodSync(path, PRIVATE_FILE_MODE)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
}

/**
 * Makes the folder (0700 where it is created). An existing folder is tightened only when
 * `tighten` says it is the app's own: a `--db` given in a shared folder (a home, /tmp) is left
 * as it is, its files alone made private.
 */
export function privateDir(dir: string, options: { tighten?: boolean } = {}): void {
  if (!isFilePath(dir)) return
  const existed = existsSync(dir)
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  if (!existed || options.tighten) chmodSync(dir, PRIVATE_DIR_MODE)
}

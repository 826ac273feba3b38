/**
 * Moves a damaged cache file (with its -wal and -shm) out of the way, renamed; the copies are
 * deleted at sign-out and once a full sync has rebuilt the cache (they hold personal data).
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

const COMPANIONS = ['', '-wal', '-shm'] as const
const DAMAGED = '.damaged-'

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
}

/** Renames `<path>` to `<path>.damaged-<timestamp>` (plus -wal/-shm); returns the new path. */
export function setAsideFile(path: string, now: Date = new Date()): string {
  let target = `${path}${DAMAGED}${stamp(now)}`
  for (let n = 2; COMPANIONS.some((s) => existsSync(target + s)); n++) {
    target = `${path}${DAMAGED}${stamp(now)}-${n}`
  }
  for (const suffix of COMPANIONS) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix)
  }
  return target
}

/** The copies of `<path>` set aside so far (with their -wal/-shm), oldest first. */
export function setAsideCopies(path: string): string[] {
  const dir = dirname(path)
  const prefix = basename(path) + DAMAGED
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix))
    .sort()
    .map((name) => join(dir, name))
}

/** Deletes every copy of `<path>` set aside; returns how many files went. */
export function removeSetAsideCopies(path: string): number {
  const copies = setAsideCopies(path)
  for (const file of copies) rmSync(file, { force: true })
  return copies.length
}

/** Deletes the cache file and its companions (sign-out: the data must go). */
export function removeFile(path: string): void {
  for (const suffix of COMPANIONS) rmSync(path + suffix, { force: true })
}

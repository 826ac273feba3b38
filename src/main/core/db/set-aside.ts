/** Moves a damaged cache file (with its -wal and -shm) out of the way: renamed, never deleted. */
import { existsSync, renameSync, rmSync } from 'node:fs'

const COMPANIONS = ['', '-wal', '-shm'] as const

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
}

/** Renames `<path>` to `<path>.damaged-<timestamp>` (plus -wal/-shm); returns the new path. */
export function setAsideFile(path: string, now: Date = new Date()): string {
  let target = `${path}.damaged-${stamp(now)}`
  for (let n = 2; COMPANIONS.some((s) => existsSync(target + s)); n++) {
    target = `${path}.damaged-${stamp(now)}-${n}`
  }
  for (const suffix of COMPANIONS) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix)
  }
  return target
}

/** Deletes the cache file and its companions (sign-out: the data must go). */
export function removeFile(path: string): void {
  for (const suffix of COMPANIONS) rmSync(path + suffix, { force: true })
}

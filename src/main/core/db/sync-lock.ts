/**
 * One sync per cache file, across processes (the app and a `sync` from the command line on the
 * same file). The holder is a row in sync_state written inside BEGIN IMMEDIATE, so two processes
 * cannot both take it; it names the process (pid, host), and a holder whose process is gone (a
 * SIGKILL, a crash) is taken over, so the lock never stays stuck.
 */
import { hostname } from 'node:os'
import type { Db } from './open-database'
import { getState, setState } from './state-store'

const KEY = 'syncLock'

export interface SyncLockHolder {
  pid: number
  host: string
  /** ISO instant the holder took the lock. */
  since: string
  /** Which run holds it ('all', 'hot', ...). */
  what: string
}

/** Whether process `pid` on this machine still runs (EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Who holds a lock across processes: the process, and (optionally) which part of it. */
export interface ProcessHolder {
  pid: number
  host: string
  /** Tells apart two holders in one process (two cores on one file in a test). */
  token?: string
}

/**
 * Whether `holder` is someone else still running: not this process (or not this `token` of it),
 * and its process alive. A holder whose process is gone (a SIGKILL, a crash) holds nothing.
 */
export function heldByOther(holder: ProcessHolder | undefined, token?: string): boolean {
  if (!holder || typeof holder.pid !== 'number') return false
  if (holder.pid === process.pid && holder.host === hostname())
    return token !== undefined && holder.token !== token
  // Another machine's process (a cache on a shared folder) cannot be checked: it holds.
  if (holder.host !== hostname()) return true
  return alive(holder.pid)
}

/**
 * Whether another running process holds the sync lock: the upkeep a stopped first sync leaves
 * (its indexes, the planner's statistics) is then that process's to finish, not the opener's.
 */
export function syncingElsewhere(db: Db): boolean {
  return heldByOther(getState<SyncLockHolder>(db, KEY))
}

/** Takes the lock for this process; returns the other holder when someone else has it. */
export function acquireSyncLock(db: Db, what: string, now: Date): SyncLockHolder | null {
  return db
    .transaction((): SyncLockHolder | null => {
      const holder = getState<SyncLockHolder>(db, KEY)
      if (heldByOther(holder)) return holder ?? null
      setState(db, KEY, { pid: process.pid, host: hostname(), since: now.toISOString(), what })
      return null
    })
    .immediate()
}

/** Releases the lock if this process holds it. */
export function releaseSyncLock(db: Db): void {
  db.transaction(() => {
    const holder = getState<SyncLockHolder>(db, KEY)
    if (holder && holder.pid === process.pid && holder.host === hostname())
      setState(db, KEY, undefined)
  }).immediate()
}

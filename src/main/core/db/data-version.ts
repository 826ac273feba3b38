/**
 * Knows when the tickets changed, so counts can be kept between writes: the writers bump a
 * per-connection counter, and `PRAGMA data_version` tells of commits by other connections (the
 * command-line tool, a second window). Both are cheap to read.
 */
import type { Db } from './open-database'

const own = new WeakMap<Db, number>()

/** Called by every write to the tickets (insert, update, delete, reset). */
export function bumpDataVersion(db: Db): void {
  own.set(db, (own.get(db) ?? 0) + 1)
}

export function dataVersion(db: Db): string {
  return `${own.get(db) ?? 0}:${String(db.pragma('data_version', { simple: true }))}`
}

const MAX_ENTRIES = 300

interface Memo {
  version: string
  values: Map<string, unknown>
}

const memos = new WeakMap<Db, Memo>()

/**
 * `compute()`'s result, kept for as long as the tickets have not changed. The key must hold
 * everything the value depends on (the SQL and its parameters, "now" included).
 */
export function memoCount(db: Db, key: string, compute: () => number): number {
  return memoValue(db, key, compute)
}

/** memoCount for any value that is not `undefined` (e.g. a search's few matching ids). */
export function memoValue<T>(db: Db, key: string, compute: () => T): T {
  const version = dataVersion(db)
  let memo = memos.get(db)
  if (!memo || memo.version !== version) {
    memo = { version, values: new Map() }
    memos.set(db, memo)
  }
  const hit = memo.values.get(key)
  if (hit !== undefined) return hit as T
  const value = compute()
  if (memo.values.size >= MAX_ENTRIES) memo.values.clear()
  memo.values.set(key, value)
  return value
}

/** The sync's key/value state, stored as JSON next to the data it describes. */
import type { Db } from './open-database'
import { stmt } from './statements'

export function getState<T = unknown>(db: Db, key: string): T | undefined {
  const row = stmt(db, 'SELECT value FROM sync_state WHERE key = ?').get(key) as
    { value: string } | undefined
  return row ? (JSON.parse(row.value) as T) : undefined
}

/** Sets a value; `undefined` removes the key. */
export function setState(db: Db, key: string, value: unknown): void {
  if (value === undefined) {
    stmt(db, 'DELETE FROM sync_state WHERE key = ?').run(key)
    return
  }
  stmt(
    db,
    'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value))
}

/** Whether the file has its sync state yet (a new file, before its first migration, has not). */
export function hasSyncState(db: Db): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sync_state'").get() !==
    undefined
  )
}

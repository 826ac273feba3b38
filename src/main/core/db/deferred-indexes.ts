/**
 * The tickets table's secondary indexes, left out while a first sync fills an empty cache and
 * built after it. Kept up to date row by row they were most of a first sync's database time
 * (20,000 tickets: 7.7 s with them, 2.9 s without, and 0.1 s to build all eleven from the full
 * table: docs/measurements.md, "Cache writes"). Their definitions are stored in the sync state
 * in the same transaction that drops them, so a crash before they are built again loses nothing:
 * opening the file builds them before anything else reads it (restoreDeferredIndexes).
 */
import type { Db } from './open-database'
import { getState, hasSyncState, setState } from './state-store'

const KEY = 'deferredIndexes'

export interface DeferredIndex {
  name: string
  sql: string
}

function deferred(db: Db): DeferredIndex[] {
  return getState<DeferredIndex[]>(db, KEY) ?? []
}

/**
 * Drops the tickets' secondary indexes when the table is empty (a first sync, or after the cache
 * was cleared or rebuilt), keeping their definitions; returns how many. A cache that holds
 * tickets keeps them: its queue is in use, and a sync rewrites only what changed.
 */
export function deferTicketIndexes(db: Db): number {
  return db.transaction(() => {
    if (db.prepare('SELECT 1 FROM tickets LIMIT 1').get() !== undefined) return 0
    const indexes = db
      .prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets' AND sql IS NOT NULL ORDER BY name",
      )
      .all() as DeferredIndex[]
    if (indexes.length === 0) return 0
    for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`)
    setState(db, KEY, [...deferred(db), ...indexes])
    return indexes.length
  })()
}

/** Whether some deferred index is still to be built. */
export function hasDeferredIndexes(db: Db): boolean {
  return deferred(db).length > 0
}

/** Builds the next deferred index (one sorted pass over the table); true while more remain. */
export function buildNextDeferredIndex(db: Db): boolean {
  return db.transaction(() => {
    const [next, ...rest] = deferred(db)
    if (!next) return false
    const exists = db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?")
      .get(next.name)
    if (!exists) db.exec(next.sql)
    setState(db, KEY, rest.length > 0 ? rest : undefined)
    return rest.length > 0
  })()
}

/**
 * On open, before the migrations: the indexes a first sync had left out when it stopped (a crash,
 * the app killed) are built again, in the schema version that dropped them. Returns how many.
 */
export function restoreDeferredIndexes(db: Db): number {
  if (!hasSyncState(db)) return 0
  let built = 0
  while (hasDeferredIndexes(db)) {
    buildNextDeferredIndex(db)
    built += 1
  }
  return built
}

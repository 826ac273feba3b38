/**
 * Making the search index whole again. A damaged page of the index (on a plain file: a bad disk,
 * a stray write) does not fail a search: the words on it are simply not found, so it outlives
 * every sync that leaves those tickets unchanged. FTS5's own check finds it; the index is then
 * rebuilt from the stored tickets (contentless: there is no other copy of its words).
 */
import { bumpDataVersion } from './data-version'
import type { Db } from './open-database'
import { rebuildSearchIndex } from './search-index'
import { isCorruption } from './sqlite-errors'

/** FTS5's integrity check of the index's structure (~1 s of CPU at 100,000 tickets). */
export function searchIndexIsWhole(db: Db): boolean {
  try {
    db.exec(`INSERT INTO ticket_search (ticket_search) VALUES ('integrity-check')`)
    return true
  } catch (error) {
    if (isCorruption(error)) return false
    throw error
  }
}

/**
 * Rebuilds the index when `rebuild` says so (it may hold words of records that were damaged) or
 * its check finds damage, in one transaction; returns whether it did.
 */
export function repairSearchIndex(db: Db, options: { rebuild?: boolean } = {}): boolean {
  if (!options.rebuild && searchIndexIsWhole(db)) return false
  bumpDataVersion(db)
  db.transaction(() => rebuildSearchIndex(db))()
  return true
}

/**
 * The query planner's statistics. Without them SQLite guesses that `status IN (0, 1)` is
 * selective and sorts half the tickets instead of walking a sort index. ANALYZE is bounded by
 * the connection's analysis_limit (open-database.ts: a sample of each index), milliseconds even
 * at 100k tickets.
 */
import type { Db } from './open-database'

export function refreshPlannerStats(db: Db): void {
  db.exec('ANALYZE')
}

export function hasPlannerStats(db: Db): boolean {
  return (
    db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'")
      .get() !== undefined
  )
}

/** The indexes of the tickets table: refreshed one at a time after a bulk sync. */
export function statsTargets(db: Db): string[] {
  return (
    db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets'")
      .pluck()
      .all() as string[]
  ).sort()
}

/** A sampled ANALYZE of one index (a name from statsTargets). */
export function analyzeOne(db: Db, index: string): void {
  if (!/^[a-z_][a-z0-9_]*$/i.test(index)) return
  db.exec(`ANALYZE "${index}"`)
}

/**
 * The query planner's statistics. Without them SQLite guesses that `status IN (0, 1)` is
 * selective and sorts half the tickets instead of walking a sort index. A bounded ANALYZE
 * (analysis_limit: a sample of each index) takes milliseconds even at 100k tickets.
 */
import type { Db } from './open-database'

export function refreshPlannerStats(db: Db): void {
  db.pragma('analysis_limit = 400')
  db.exec('ANALYZE')
}

export function hasPlannerStats(db: Db): boolean {
  return (
    db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'")
      .get() !== undefined
  )
}

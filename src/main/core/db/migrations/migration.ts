import type { Db } from '../open-database'

/** One schema step. `version` is the file's number and becomes `PRAGMA user_version`. */
export interface Migration {
  version: number
  name: string
  up(db: Db): void
  /**
   * VACUUM once the migrations have committed (it cannot run inside their transaction): for a
   * migration that rewrites most of the file, whose freed pages would otherwise stay in it.
   */
  vacuumAfter?: boolean
}

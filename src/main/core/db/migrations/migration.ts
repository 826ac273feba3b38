import type { Db } from '../open-database'

/** One schema step. `version` is the file's number and becomes `PRAGMA user_version`. */
export interface Migration {
  version: number
  name: string
  up(db: Db): void
}

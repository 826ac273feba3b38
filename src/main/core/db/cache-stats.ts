/** Sizes and counts for the CLI's status command and the benchmark. */
import { statSync } from 'node:fs'
import type { Db } from './open-database'
import { schemaVersion } from './run-migrations'
import { getState } from './state-store'
import { stmt } from './statements'

export interface CacheStats {
  tickets: number
  contacts: number
  employees: number
  interactions: number
  schemaVersion: number
  /** The database file plus its write-ahead log. */
  fileBytes: number
  walBytes: number
  /** The `lastSyncAt` sync-state value, when the sync has recorded one. */
  lastSyncAt: string | null
  /** Only with `{ detailed: true }`: it reads every page of the index (slow on a large file). */
  searchIndexBytes?: number
}

const SEARCH_TABLES = [
  'ticket_search_data',
  'ticket_search_idx',
  'ticket_search_docsize',
  'ticket_search_config',
  'ticket_search_content',
]

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

function countOf(db: Db, table: string): number {
  return (stmt(db, `SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
}

export function cacheStats(db: Db, options: { detailed?: boolean } = {}): CacheStats {
  const walBytes = db.memory ? 0 : fileSize(db.name + '-wal')
  const lastSyncAt = getState<unknown>(db, 'lastSyncAt')
  const stats: CacheStats = {
    tickets: countOf(db, 'tickets'),
    contacts: countOf(db, 'contacts'),
    employees: countOf(db, 'employees'),
    interactions: countOf(db, 'interactions'),
    schemaVersion: schemaVersion(db),
    fileBytes: db.memory ? 0 : fileSize(db.name) + walBytes,
    walBytes,
    lastSyncAt: typeof lastSyncAt === 'string' ? lastSyncAt : null,
  }
  if (options.detailed) stats.searchIndexBytes = searchIndexBytes(db)
  return stats
}

/** Bytes of the pages the search index occupies (dbstat, one b-tree at a time). */
export function searchIndexBytes(db: Db): number {
  let total = 0
  const get = stmt(db, 'SELECT coalesce(sum(pgsize), 0) AS n FROM dbstat WHERE name = ?')
  for (const name of SEARCH_TABLES) total += (get.get(name) as { n: number }).n
  return total
}

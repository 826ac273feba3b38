/**
 * Search planning for the queue: how a text search narrows the rows a page or a count reads.
 *
 * A text search first counts its matches in the search index (cheap). Few matches: read them and
 * sort (FTS first). Many: walk the sort index and keep rows whose id is in the match set, which
 * stops after one page instead of sorting thousands (60 ms vs 2 ms: docs/measurements.md, "Text
 * search"). A common word may instead test each walked ticket against the index (probe plan).
 */
import type { TicketFilters } from '../../../shared/domain/queue'
import { memoCount, memoValue } from './data-version'
import type { Db } from './open-database'
import { stmt } from './statements'
import { identityMatch, type SearchSet } from './ticket-search'
import { searchSet, type SqlPart } from './ticket-where'

/** Up to this many matches, a search reads its matches and sorts them; above, walks an index. */
export const FTS_FIRST_MAX = 2000
/**
 * A search matching a large share of the tickets (a common word) has its page found by walking
 * the sort index and testing each ticket against the index (about 40 us each) when that takes
 * at most this many tests, instead of first collecting all its matches (tens of thousands).
 */
const PROBE_MAX = 150

/** Every ticket in the cache (kept until the tickets change). */
export function allTickets(db: Db): number {
  const sql = 'SELECT count(*) AS n FROM tickets'
  return memoCount(db, sql, () => (stmt(db, sql).get() as { n: number }).n)
}

/** The FROM clause: plain, or driven by the search matches, or filtered by them. */
export interface Source {
  from: string
  params: unknown[]
  /** A condition to AND into the WHERE clause (walk plan). */
  where: SqlPart | null
  /** Counting always reads the matches and looks each up by id: cheaper than testing them all. */
  countFrom: string
  countParams: unknown[]
  /** The number of search matches (every one a cached ticket), or null with no search. */
  matches: number | null
  /** The statement that counted them (for traces). */
  matchCount: SqlPart | null
  /** Tests one ticket against the search (probe plan), when the search is a MATCH alone. */
  probe: SqlPart | null
  /** The search, or null with none. */
  set: SearchSet | null
}
/** Whether any ticket's contact has this national id token: one lookup in the index. */
function identityExists(db: Db, token: string): boolean {
  const sql = 'SELECT 1 FROM ticket_search WHERE ticket_search MATCH ? LIMIT 1'
  return stmt(db, sql).get(identityMatch(token)) !== undefined
}

export function searchSource(db: Db, filters: TicketFilters): Source {
  const set = searchSet(filters, (token) => identityExists(db, token))
  if (!set) {
    return {
      from: 'tickets',
      params: [],
      where: null,
      countFrom: 'tickets',
      countParams: [],
      matches: null,
      matchCount: null,
      probe: null,
      set: null,
    }
  }
  const countSql = `SELECT count(*) AS n FROM (${set.sql})`
  const key = JSON.stringify([set.sql, set.params])
  // Up to FTS_FIRST_MAX matches are read once, as a list of ids: the count is its length, and
  // the page and the counts read the list instead of evaluating the search again.
  const few = memoValue(db, `ids:${key}`, () => {
    const sql = `SELECT rid FROM (${set.sql}) LIMIT ${FTS_FIRST_MAX + 1}`
    const ids = stmt(db, sql)
      .pluck()
      .all(...set.params) as number[]
    return ids.length <= FTS_FIRST_MAX ? JSON.stringify(ids) : ''
  })
  const matches =
    few !== ''
      ? memoCount(db, `n:${key}`, () => (JSON.parse(few) as number[]).length)
      : memoCount(
          db,
          countSql + JSON.stringify(set.params),
          () => (stmt(db, countSql).get(...set.params) as { n: number }).n,
        )
  const driven =
    few !== ''
      ? '(SELECT value AS rid FROM json_each(?)) AS m CROSS JOIN tickets ON tickets.id = m.rid'
      : `(${set.sql}) AS m CROSS JOIN tickets ON tickets.id = m.rid`
  const drivenParams = few !== '' ? [few] : set.params
  const common = {
    countFrom: driven,
    countParams: drivenParams,
    matches,
    matchCount: { sql: countSql, params: set.params },
    set,
    probe:
      set.ticketIds.length === 0
        ? {
            sql: 'EXISTS (SELECT 1 FROM ticket_search WHERE ticket_search MATCH ? AND rowid = tickets.id)',
            params: [set.match],
          }
        : null,
  }
  if (few !== '') {
    return { from: driven, params: drivenParams, where: null, ...common }
  }
  // Unary + keeps the planner from driving the loop by the (large) match set.
  return {
    from: 'tickets',
    params: [],
    where: { sql: `+id IN (${set.sql})`, params: set.params },
    ...common,
  }
}

/**
 * The probe plan instead of the walk when a page of `offset + limit` rows is expected to test at
 * most PROBE_MAX tickets against the index.
 */
export function withCheapestProbe(db: Db, source: Source, offset: number, limit: number): Source {
  if (!source.probe || source.matches === null || !source.where) return source
  const expectedTests = ((offset + limit) * allTickets(db)) / Math.max(1, source.matches)
  return expectedTests <= PROBE_MAX ? { ...source, where: source.probe } : source
}

/** Receives each statement a query runs (for EXPLAIN QUERY PLAN in tests and diagnostics). */
export type Trace = (sql: string, params: unknown[]) => void

/** The number of tickets in `source` that meet `where` (view and filters, not the search). */
export function count(db: Db, source: Source, where: SqlPart, trace?: Trace): number {
  if (
    source.matches !== null &&
    source.matchCount &&
    where.params.length === 0 &&
    where.sql === '1'
  ) {
    trace?.(source.matchCount.sql, source.matchCount.params)
    return source.matches
  }
  const sql = `SELECT count(*) AS n FROM ${source.countFrom} WHERE ${where.sql}`
  const params = [...source.countParams, ...where.params]
  trace?.(sql, params)
  return memoCount(
    db,
    sql + JSON.stringify(params),
    () => (stmt(db, sql).get(...params) as { n: number }).n,
  )
}

/** The query plan of every statement a queue query runs (diagnostics and plan tests). */
export function explainQuery(db: Db, run: (trace: Trace) => void): { sql: string; plan: string }[] {
  const out: { sql: string; plan: string }[] = []
  run((sql, params) => {
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]
    out.push({ sql, plan: rows.map((r) => r.detail).join(' | ') })
  })
  return out
}

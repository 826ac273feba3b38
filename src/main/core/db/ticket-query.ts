/**
 * The queue read from the cache: one page of rows plus the total, and the built-in views' counts.
 *
 * Plans, chosen so a page or a count stays a few milliseconds at 100k tickets:
 * - every sort column has an index ending (id, status, handler_id), so a page walks it in order
 *   and skips rows for an offset without reading the table;
 * - the default order (due tickets first, overdue on top, then priority, then newest) depends on
 *   "now", so it is two index-ordered parts: the due tickets (few) and the rest;
 * - a text search first counts its matches in the search index (cheap). Few matches: read them
 *   and sort (FTS first). Many: walk the sort index and keep rows whose id is in the match set,
 *   which stops after one page instead of sorting thousands (60 ms vs 2 ms: docs/measurements.md,
 *   "Text search");
 * - blanks sort last in either direction: a column with blank values is two index-ordered
 *   parts, the values and then the blanks (by id), as the default order is two parts;
 * - a ticket id typed in the search comes first (when it meets the rest), then the others.
 */
import type {
  TicketFilters,
  TicketPage,
  TicketQuery,
  TicketRow,
  ViewCounts,
} from '../../../shared/domain/queue'
import { isDone } from '../../../shared/domain/codes'
import { viewSort, type SortColumn } from '../../../shared/domain/queue'
import { memoCount, memoValue } from './data-version'
import type { Db } from './open-database'
import { rowMatch, type MatchSource } from './search-highlight'
import { stmt } from './statements'
import { identityMatch, type SearchSet } from './ticket-search'
import {
  DONE_SQL,
  OPEN_SQL,
  dueLimit,
  filterParts,
  joinParts,
  searchSet,
  viewPart,
  type QueryContext,
  type SqlPart,
} from './ticket-where'

/** Up to this many matches, a search reads its matches and sorts them; above, walks an index. */
export const FTS_FIRST_MAX = 2000
/**
 * A search matching a large share of the tickets (a common word) has its page found by walking
 * the sort index and testing each ticket against the index (about 40 us each) when that takes
 * at most this many tests, instead of first collecting all its matches (tens of thousands).
 */
const PROBE_MAX = 150
/**
 * A page of at most SORT_FIRST_MAX rows that are under 1/SORT_FIRST_SHARE of all tickets reads
 * them all and sorts them (found through whatever index fits, e.g. the handler's for 'mine'):
 * walking a sort index would pass dozens of other tickets for each of its rows.
 */
export const SORT_FIRST_MAX = 2000
const SORT_FIRST_SHARE = 20

function allTickets(db: Db): number {
  const sql = 'SELECT count(*) AS n FROM tickets'
  return memoCount(db, sql, () => (stmt(db, sql).get() as { n: number }).n)
}

const ROW_COLUMNS = `tickets.id AS id, subject, status, priority, due_at AS dueAt, category_name AS categoryName,
  sub_category_name AS subCategoryName, contact_id AS contactId, contact_name AS contactName,
  handler_id AS handlerId, handler_name AS handlerName, created_at AS createdAt,
  updated_at AS updatedAt`

/** The rows of a JSON array of ids, in the array's order. */
const ROWS_BY_IDS = `SELECT ${ROW_COLUMNS}
  FROM json_each(?) AS j CROSS JOIN tickets ON tickets.id = j.value ORDER BY j.key`

const SORT_KEYS: Record<Exclude<SortColumn, 'default'>, readonly string[]> = {
  id: ['id'],
  subject: ['subject', 'id'],
  status: ['status', 'id'],
  priority: ['priority', 'id'],
  due_at: ['due_at', 'id'],
  category: ['category_name', 'sub_category_name', 'id'],
  contact: ['contact_name', 'id'],
  handler: ['handler_name', 'id'],
  created_at: ['created_at', 'id'],
  updated_at: ['updated_at', 'id'],
}

type Direction = 'asc' | 'desc'

/** The FROM clause: plain, or driven by the search matches, or filtered by them. */
interface Source {
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

/** Receives each statement a query runs (for EXPLAIN QUERY PLAN in tests and diagnostics). */
export type Trace = (sql: string, params: unknown[]) => void

/** The number of tickets in `source` that meet `where` (view and filters, not the search). */
function count(db: Db, source: Source, where: SqlPart, trace?: Trace): number {
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

/** One ORDER BY term; every order ends with id, so it is total and can be walked backwards. */
interface OrderTerm {
  expr: string
  dir: Direction
}

function orderSql(order: readonly OrderTerm[], sortFirst: boolean): string {
  // A unary + keeps the planner from walking an index for the order (read the matches, sort).
  return order.map((t) => `${sortFirst ? '+' : ''}${t.expr} ${t.dir.toUpperCase()}`).join(', ')
}

/**
 * One page of `total` rows in `order`. A page past the middle is read from the other end (the
 * order reversed, the rows turned back), so no page skips more than half the rows.
 */
function rows(
  db: Db,
  source: Source,
  where: SqlPart,
  order: readonly OrderTerm[],
  offset: number,
  limit: number,
  total: number,
  trace?: Trace,
): TicketRow[] {
  if (limit <= 0 || offset >= total) return []
  const sortFirst = total <= SORT_FIRST_MAX && total * SORT_FIRST_SHARE <= allTickets(db)
  const fromEnd = total - offset - limit
  if (fromEnd < offset && !sortFirst) {
    const reversed = order.map((t) => ({ expr: t.expr, dir: flip(t.dir) }))
    const got = rows(
      db,
      source,
      where,
      reversed,
      Math.max(0, fromEnd),
      Math.min(limit, total - offset),
      total,
      trace,
    )
    return got.reverse()
  }
  // The page's ids first, from the index alone where it covers the order and the filters (a
  // partial sort, e.g. the default order's due part, then never reads the rows it skips), then
  // the rows of just those ids, in that order.
  // A status filter keeps a large share of the rows: walking the (covering) sort index and
  // testing status is cheaper than reading the status index and sorting what it finds.
  const filter = sortFirst ? where.sql : where.sql.replace(/(^|[^+\w])status IN/g, '$1+status IN')
  const sql = `SELECT tickets.id AS id FROM ${source.from} WHERE ${filter} ORDER BY ${orderSql(order, sortFirst)} LIMIT ? OFFSET ?`
  const params = [...source.params, ...where.params, limit, offset]
  trace?.(sql, params)
  const ids = stmt(db, sql)
    .pluck()
    .all(...params) as number[]
  if (ids.length === 0) return []
  return stmt(db, ROWS_BY_IDS).all(JSON.stringify(ids)) as TicketRow[]
}

function orderBy(keys: readonly string[], direction: Direction): OrderTerm[] {
  return keys.map((expr) => ({ expr, dir: direction }))
}

function flip(direction: Direction): Direction {
  return direction === 'asc' ? 'desc' : 'asc'
}

/** One index-ordered stretch of the page order, and how many rows it holds. */
interface Part {
  where: SqlPart
  order: OrderTerm[]
  count: number
}

/** The page `offset, limit` of the parts one after the other. */
function pageOfParts(
  db: Db,
  source: Source,
  parts: readonly Part[],
  offset: number,
  limit: number,
  trace?: Trace,
): TicketRow[] {
  const page: TicketRow[] = []
  let start = offset
  for (const part of parts) {
    if (page.length >= limit) break
    if (start >= part.count) {
      start -= part.count
      continue
    }
    const take = Math.min(limit - page.length, part.count - start)
    page.push(...rows(db, source, part.where, part.order, start, take, part.count, trace))
    start = 0
  }
  return page
}

/** Whether any ticket has no value in `column` (by its index; kept until the tickets change). */
function hasBlanks(db: Db, column: string): boolean {
  const sql = `SELECT EXISTS (SELECT 1 FROM tickets WHERE ${column} IS NULL) AS n`
  return memoCount(db, sql, () => (stmt(db, sql).get() as { n: number }).n) === 1
}

/** Typed ticket ids that meet the view, the filters and the other words: they come first. */
function pinnedIds(db: Db, source: Source, base: SqlPart, trace?: Trace): number[] {
  const out: number[] = []
  for (const typed of source.set?.ticketIds ?? []) {
    const search = typed.others
      ? ' AND EXISTS (SELECT 1 FROM ticket_search WHERE ticket_search MATCH ? AND rowid = tickets.id)'
      : ''
    const sql = `SELECT tickets.id FROM tickets WHERE tickets.id = ? AND (${base.sql})${search}`
    const params = [typed.id, ...base.params, ...(typed.others ? [typed.others] : [])]
    trace?.(sql, params)
    if (stmt(db, sql).get(...params)) out.push(typed.id)
  }
  return out
}

/** How many of the pinned tickets meet `part` (to take them out of that part's count). */
function pinnedIn(db: Db, pinned: readonly number[], part: SqlPart): number {
  if (pinned.length === 0) return 0
  const sql = `SELECT count(*) AS n FROM tickets WHERE tickets.id IN (${pinned.map(() => '?').join(', ')}) AND (${part.sql})`
  return (stmt(db, sql).get(...pinned, ...part.params) as { n: number }).n
}

// The contact is a snapshot reference in the stored ticket (ticket-doc.ts).
const MATCH_SOURCE = `SELECT j.value AS id, json_extract(t.json, '$.content') AS content,
  json_extract(c.json, '$.membership_no') AS membershipNo,
  json_extract(c.json, '$.identity_no') AS identityNo
  FROM json_each(?) AS j CROSS JOIN ticket_json AS t ON t.id = j.value
  LEFT JOIN snapshots AS c ON c.id = json_extract(t.json, '$.contact')`

/** Each row's `match`: which words it matched where (see search-highlight.ts). */
function withMatches(db: Db, page: TicketRow[], set: SearchSet): TicketRow[] {
  if (page.length === 0) return page
  const extra = new Map<number, Omit<MatchSource, 'subject' | 'contactName'>>()
  for (const r of stmt(db, MATCH_SOURCE).all(JSON.stringify(page.map((p) => p.id))) as {
    id: number
    content: unknown
    membershipNo: unknown
    identityNo: unknown
  }[]) {
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
    extra.set(r.id, {
      id: r.id,
      content: str(r.content),
      membershipNo: str(r.membershipNo),
      identityNo: str(r.identityNo),
    })
  }
  const words = set.words.map((w) => w.text)
  const ids = set.ticketIds.map((t) => t.id)
  return page.map((row) => {
    const more = extra.get(row.id)
    const match = rowMatch(
      {
        id: row.id,
        subject: row.subject,
        contactName: row.contactName,
        content: more?.content ?? null,
        membershipNo: more?.membershipNo ?? null,
        identityNo: more?.identityNo ?? null,
      },
      words,
      ids,
    )
    return { ...row, match }
  })
}

export function queryTickets(
  db: Db,
  query: TicketQuery,
  ctx: QueryContext,
  trace?: Trace,
): TicketPage {
  const view = query.view ?? 'all'
  const filters = query.filters ?? {}
  const sort = viewSort(view, query.sort ?? { column: 'default', direction: 'asc' })
  const offset = Math.max(0, query.offset ?? 0)
  const limit = Math.max(0, query.limit ?? 50)
  let source = searchSource(db, filters)
  if (source.probe && source.matches !== null && source.where) {
    const expectedTests = ((offset + limit) * allTickets(db)) / Math.max(1, source.matches)
    if (expectedTests <= PROBE_MAX) source = { ...source, where: source.probe }
  }
  const base = joinParts([viewPart(view, ctx), ...filterParts(filters)])
  const total = count(db, source, base, trace)
  const pinned = total > 0 ? pinnedIds(db, source, base, trace) : []
  const exclude =
    pinned.length > 0
      ? { sql: `tickets.id NOT IN (${pinned.map(() => '?').join(', ')})`, params: pinned }
      : null
  const where = joinParts([source.where, base, exclude])
  const rest = total - pinned.length
  const parts: Part[] = []
  if (sort.column !== 'default') {
    const keys = SORT_KEYS[sort.column]
    const [key, ...after] = keys
    if (sort.column === 'id' || key === undefined || !hasBlanks(db, key)) {
      parts.push({ where, order: orderBy(keys, sort.direction), count: rest })
    } else {
      const blank = { sql: `${key} IS NULL`, params: [] }
      const blanks =
        count(db, source, joinParts([base, blank]), trace) - pinnedIn(db, pinned, blank)
      parts.push(
        {
          where: joinParts([where, { sql: `${key} IS NOT NULL`, params: [] }]),
          order: orderBy(keys, sort.direction),
          count: rest - blanks,
        },
        { where: joinParts([where, blank]), order: orderBy(after, sort.direction), count: blanks },
      )
    }
  } else {
    const dueCondition = { sql: `+${OPEN_SQL} AND due_at <= ?`, params: [dueLimit(ctx)] }
    // Resolved and closed tickets are never "due": skip a count that would scan the due index.
    const onlyDone =
      view === 'done' || (filters.statuses?.length ? filters.statuses.every(isDone) : false)
    const dueCount = onlyDone
      ? 0
      : count(db, source, joinParts([base, dueCondition]), trace) -
        pinnedIn(db, pinned, dueCondition)
    const due: Part = {
      where: joinParts([where, dueCondition]),
      order: [
        { expr: 'due_at', dir: sort.direction },
        { expr: 'priority', dir: flip(sort.direction) },
        { expr: 'id', dir: flip(sort.direction) },
      ],
      count: dueCount,
    }
    const others: Part = {
      where: joinParts([
        where,
        { sql: `(${dueCondition.sql}) IS NOT 1`, params: dueCondition.params },
      ]),
      order: [
        { expr: 'priority', dir: flip(sort.direction) },
        { expr: 'id', dir: flip(sort.direction) },
      ],
      count: rest - dueCount,
    }
    parts.push(...(sort.direction === 'asc' ? [due, others] : [others, due]))
  }
  const first = pinned.slice(offset, offset + limit)
  let page: TicketRow[] = first.length
    ? (stmt(db, ROWS_BY_IDS).all(JSON.stringify(first)) as TicketRow[])
    : []
  page.push(
    ...pageOfParts(
      db,
      source,
      parts,
      Math.max(0, offset - pinned.length),
      limit - page.length,
      trace,
    ),
  )
  if (source.set) page = withMatches(db, page, source.set)
  const result: TicketPage = { rows: page, total, offset }
  if (source.set) {
    result.search = { words: source.set.words.map((w) => w.text), pinnedIds: pinned }
  }
  return result
}

/**
 * Each view's own count with no filter: every one a range of an index (open and done of the
 * status index, 'mine' and 'unassigned' of the handler index, 'due' of the due index), a few
 * milliseconds together, where one pass computing all six reads 100k index entries.
 */
function viewCountParts(ctx: QueryContext): Record<keyof ViewCounts, SqlPart | null> {
  return {
    mine:
      ctx.meId === null
        ? { sql: '0', params: [] }
        : { sql: `${OPEN_SQL} AND handler_id = ?`, params: [ctx.meId] },
    unassigned: { sql: `${OPEN_SQL} AND handler_id IS NULL`, params: [] },
    open: { sql: OPEN_SQL, params: [] },
    due: { sql: `+${OPEN_SQL} AND due_at <= ?`, params: [dueLimit(ctx)] },
    done: { sql: DONE_SQL, params: [] },
    all: null,
  }
}

/**
 * Counts of all six built-in views under the same filters. Kept until the tickets change (see
 * data-version.ts), so the screens may ask after every page. With no filter, each view is
 * counted from its own index range; with filters, in one pass over the status index (which holds
 * handler_id and due_at too), never the table.
 */
export function countViews(
  db: Db,
  filters: TicketFilters,
  ctx: QueryContext,
  trace?: Trace,
): ViewCounts {
  const source = searchSource(db, filters)
  const base = joinParts(filterParts(filters))
  if (source.matches === null && base.sql === '1') {
    const parts = viewCountParts(ctx)
    const one = (view: keyof ViewCounts): number => {
      const part = parts[view]
      const sql = `SELECT count(*) AS n FROM tickets${part ? ` WHERE ${part.sql}` : ''}`
      const params = part?.params ?? []
      trace?.(sql, params)
      return memoCount(
        db,
        sql + JSON.stringify(params),
        () => (stmt(db, sql).get(...params) as { n: number }).n,
      )
    }
    return {
      mine: one('mine'),
      unassigned: one('unassigned'),
      open: one('open'),
      due: one('due'),
      done: one('done'),
      all: one('all'),
    }
  }
  const sql = `SELECT count(*) AS total,
      coalesce(sum(${OPEN_SQL}), 0) AS open,
      coalesce(sum(${DONE_SQL}), 0) AS done,
      coalesce(sum(${OPEN_SQL} AND handler_id IS NULL), 0) AS unassigned,
      coalesce(sum(${OPEN_SQL} AND handler_id = ?), 0) AS mine,
      coalesce(sum(${OPEN_SQL} AND due_at <= ?), 0) AS due
    FROM ${source.countFrom} WHERE ${base.sql}`
  const params = [ctx.meId, dueLimit(ctx), ...source.countParams, ...base.params]
  trace?.(sql, params)
  const key = sql + JSON.stringify(params)
  let computed: Record<string, number> | null = null
  const get = (view: keyof ViewCounts): number =>
    memoCount(db, `${view}:${key}`, () => {
      computed ??= stmt(db, sql).get(...params) as Record<string, number>
      return computed[view === 'all' ? 'total' : view] ?? 0
    })
  return {
    mine: get('mine'),
    unassigned: get('unassigned'),
    open: get('open'),
    due: get('due'),
    done: get('done'),
    all: get('all'),
  }
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

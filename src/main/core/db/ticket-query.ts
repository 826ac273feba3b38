/**
 * The queue read from the cache: one page of rows plus the total (page planning; the search's
 * part in query-source.ts, the rows' highlights in query-matches.ts, the views' counts in
 * view-counts.ts).
 *
 * Plans, chosen so a page stays a few milliseconds at 100k tickets:
 * - every sort column has an index ending (id, status, handler_id), so a page walks it in order
 *   and skips rows for an offset without reading the table;
 * - the default order (due tickets first, overdue on top, then priority, then newest) depends on
 *   "now", so it is two index-ordered parts: the due tickets (few) and the rest;
 * - blanks sort last in either direction: a column with blank values is two index-ordered
 *   parts, the values and then the blanks (by id), as the default order is two parts;
 * - a ticket id typed in the search comes first (when it meets the rest), then the others.
 */
import type { TicketPage, TicketQuery, TicketRow } from '../../../shared/domain/queue'
import { isDone } from '../../../shared/domain/codes'
import { DEFAULT_SORT, viewSort, type SortColumn } from '../../../shared/domain/queue'
import { memoCount } from './data-version'
import type { Db } from './open-database'
import { withMatches } from './query-matches'
import {
  allTickets,
  count,
  searchSource,
  withCheapestProbe,
  type Source,
  type Trace,
} from './query-source'
import { stmt } from './statements'
import type { QueryContext } from '../../../shared/domain/views'
import { filterParts, joinParts, viewPart, type SqlPart } from './ticket-where'

/**
 * A page of at most SORT_FIRST_MAX rows that are under 1/SORT_FIRST_SHARE of all tickets reads
 * them all and sorts them (found through whatever index fits, e.g. the handler's for 'mine'):
 * walking a sort index would pass dozens of other tickets for each of its rows.
 */
export const SORT_FIRST_MAX = 2000
const SORT_FIRST_SHARE = 20

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

export function queryTickets(
  db: Db,
  query: TicketQuery,
  ctx: QueryContext,
  trace?: Trace,
): TicketPage {
  const view = query.view ?? 'all'
  const filters = query.filters ?? {}
  const sort = viewSort(view, query.sort ?? DEFAULT_SORT)
  const offset = Math.max(0, query.offset ?? 0)
  const limit = Math.max(0, query.limit ?? 50)
  const source = withCheapestProbe(db, searchSource(db, filters), offset, limit)
  const base = joinParts([viewPart(view, ctx, 'walk'), ...filterParts(filters)])
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
    // The due part is the 'due' view's tickets, as its count finds them (the due index).
    const dueCondition = viewPart('due', ctx, 'range') ?? { sql: '1', params: [] }
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

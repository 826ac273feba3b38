/**
 * The built-in views' counts under the queue's filters, for the side bar and the view tabs.
 */
import type { TicketFilters, ViewCounts } from '../../../shared/domain/queue'
import { memoCount } from './data-version'
import type { Db } from './open-database'
import { searchSource, type Trace } from './query-source'
import { stmt } from './statements'
import {
  DONE_SQL,
  OPEN_SQL,
  dueLimit,
  filterParts,
  joinParts,
  type QueryContext,
  type SqlPart,
} from './ticket-where'

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

/**
 * The built-in views' counts under the queue's filters, for the side bar and the view tabs.
 */
import { BUILTIN_VIEWS, type TicketFilters, type ViewCounts } from '../../../shared/domain/queue'
import type { QueryContext } from '../../../shared/domain/views'
import { memoCount } from './data-version'
import type { Db } from './open-database'
import { searchSource, type Trace } from './query-source'
import { stmt } from './statements'
import { filterParts, joinParts, viewPart } from './ticket-where'

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
  const memo = (sql: string, params: unknown[]): number => {
    trace?.(sql, params)
    return memoCount(
      db,
      sql + JSON.stringify(params),
      () => (stmt(db, sql).get(...params) as { n: number }).n,
    )
  }
  if (source.matches === null && base.sql === '1') {
    const counts = {} as ViewCounts
    for (const view of BUILTIN_VIEWS) {
      const part = viewPart(view, ctx, 'range')
      const sql = `SELECT count(*) AS n FROM tickets${part ? ` WHERE ${part.sql}` : ''}`
      counts[view] = memo(sql, part?.params ?? [])
    }
    return counts
  }
  const sums = BUILTIN_VIEWS.map((view) => ({ view, part: viewPart(view, ctx, 'plain') }))
  const columns = sums.map(({ view, part }) =>
    part ? `coalesce(sum(${part.sql}), 0) AS "${view}"` : `count(*) AS "${view}"`,
  )
  const sql = `SELECT ${columns.join(',\n      ')}
    FROM ${source.countFrom} WHERE ${base.sql}`
  const params = [
    ...sums.flatMap(({ part }) => part?.params ?? []),
    ...source.countParams,
    ...base.params,
  ]
  trace?.(sql, params)
  const key = sql + JSON.stringify(params)
  let computed: Record<string, number> | null = null
  const counts = {} as ViewCounts
  for (const view of BUILTIN_VIEWS) {
    counts[view] = memoCount(db, `${view}:${key}`, () => {
      computed ??= stmt(db, sql).get(...params) as Record<string, number>
      return computed[view] ?? 0
    })
  }
  return counts
}

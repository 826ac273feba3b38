/**
 * The team overview's numbers, counted in SQLite over the hot `tickets` table so the whole screen
 * is a handful of indexed GROUP BYs. Dates are compared as the API sends them (server wall-clock
 * text), never through the PC's time zone.
 */
import type { Db } from '../db/open-database'
import { addSeconds } from '../../../shared/domain/server-time'
import { DONE_STATUSES, OPEN_STATUSES } from '../../../shared/domain/codes'
import { statusIn } from '../db/ticket-where'

const OPEN_SQL = statusIn(OPEN_STATUSES)
const DONE_SQL = statusIn(DONE_STATUSES)

/** Whose tickets: the agent's own, a set of handlers (the agent's group), or all. */
export type OverviewScope =
  | { kind: 'me'; meId: number | null }
  | { kind: 'group'; handlerIds: readonly number[] }
  | { kind: 'everyone' }

export interface OverviewQuery {
  scope: OverviewScope
  /** Now as server wall-clock time (`YYYY-MM-DD HH:MM:SS`). */
  now: string
  /** Days the per-day charts cover, ending today. */
  days: 7 | 30 | 90
}

export interface CountRow<K> {
  key: K
  count: number
}

export interface Overview {
  openByStatusPriority: { status: number | null; priority: number | null; count: number }[]
  overdue: number
  dueToday: number
  openByHandler: { handlerId: number | null; name: string | null; count: number }[]
  openByCategory: { categoryId: number | null; name: string | null; count: number }[]
  /** Per day (`YYYY-MM-DD`), oldest first, every day of the range present. */
  perDay: { day: string; created: number; resolved: number }[]
}

function scopeSql(scope: OverviewScope): { sql: string; params: unknown[] } {
  if (scope.kind === 'everyone') return { sql: '1', params: [] }
  if (scope.kind === 'me') {
    // With no known employee id, 'me' holds nothing rather than everything.
    return scope.meId === null
      ? { sql: '0', params: [] }
      : { sql: 'handler_id = ?', params: [scope.meId] }
  }
  if (scope.handlerIds.length === 0) return { sql: '0', params: [] }
  return {
    sql: `handler_id IN (${scope.handlerIds.map(() => '?').join(', ')})`,
    params: [...scope.handlerIds],
  }
}

/** The days of the range, oldest first, as `YYYY-MM-DD`. */
export function rangeDays(now: string, days: number): string[] {
  const out: string[] = []
  const today = `${now.slice(0, 10)} 00:00:00`
  for (let i = days - 1; i >= 0; i--) out.push(addSeconds(today, -i * 86400).slice(0, 10))
  return out
}

/**
 * "Resolved" per day counts done tickets by their last change: the API keeps no resolution time,
 * and a resolved ticket is rarely edited again.
 */
export function computeOverview(db: Db, q: OverviewQuery): Overview {
  const scope = scopeSql(q.scope)
  const where = `(${scope.sql})`
  const all = <T>(sql: string, params: unknown[] = []): T[] =>
    db.prepare(sql).all(...scope.params, ...params) as T[]
  const endOfToday = `${q.now.slice(0, 10)} 23:59:59`
  const days = rangeDays(q.now, q.days)
  const from = `${days[0]} 00:00:00`

  const openByStatusPriority = all<{
    status: number | null
    priority: number | null
    count: number
  }>(
    `SELECT status, priority, COUNT(*) AS count FROM tickets WHERE ${where} AND ${OPEN_SQL}
     GROUP BY status, priority ORDER BY status, priority`,
  )
  // The due bounds come first here, so the scope's parameters follow them.
  const dueRow = db
    .prepare(
      `SELECT COALESCE(SUM(due_at < ?), 0) AS overdue,
              COALESCE(SUM(due_at >= ? AND due_at <= ?), 0) AS dueToday
       FROM tickets WHERE ${OPEN_SQL} AND due_at IS NOT NULL AND ${where}`,
    )
    .get(q.now, q.now, endOfToday, ...scope.params) as { overdue: number; dueToday: number }
  const openByHandler = all<{ handlerId: number | null; name: string | null; count: number }>(
    `SELECT handler_id AS handlerId, MAX(handler_name) AS name, COUNT(*) AS count FROM tickets
     WHERE ${where} AND ${OPEN_SQL} GROUP BY handler_id ORDER BY count DESC, handler_id`,
  )
  const openByCategory = all<{ categoryId: number | null; name: string | null; count: number }>(
    `SELECT category_id AS categoryId, MAX(category_name) AS name, COUNT(*) AS count FROM tickets
     WHERE ${where} AND ${OPEN_SQL} GROUP BY category_id ORDER BY count DESC, category_id`,
  )
  const created = all<{ day: string; n: number }>(
    `SELECT substr(created_at, 1, 10) AS day, COUNT(*) AS n FROM tickets
     WHERE ${where} AND created_at >= ? AND created_at <= ? GROUP BY day`,
    [from, endOfToday],
  )
  const resolved = all<{ day: string; n: number }>(
    `SELECT substr(updated_at, 1, 10) AS day, COUNT(*) AS n FROM tickets
     WHERE ${where} AND ${DONE_SQL} AND updated_at >= ? AND updated_at <= ? GROUP BY day`,
    [from, endOfToday],
  )
  const createdBy = new Map(created.map((r) => [r.day, r.n]))
  const resolvedBy = new Map(resolved.map((r) => [r.day, r.n]))
  return {
    openByStatusPriority,
    overdue: dueRow.overdue,
    dueToday: dueRow.dueToday,
    openByHandler,
    openByCategory,
    perDay: days.map((day) => ({
      day,
      created: createdBy.get(day) ?? 0,
      resolved: resolvedBy.get(day) ?? 0,
    })),
  }
}

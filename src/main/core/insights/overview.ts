/**
 * The team overview's numbers. Status, priority, handler and category of the open tickets, and
 * created / resolved per day, come from the tallies the cache keeps as tickets change
 * (migration 0090: a few hundred rows instead of every open ticket); overdue and due today,
 * which depend on the moment asked, from the tickets themselves. Dates are compared as the API
 * sends them (server wall-clock text), never through the PC's time zone.
 */
import type { Db } from '../db/open-database'
import { addSeconds } from '../../../shared/domain/server-time'
import { OPEN_STATUSES } from '../../../shared/domain/codes'
import type { OverviewData, OverviewDays } from '../../../shared/domain/overview'
import { statusIn } from '../db/ticket-where'

const OPEN_SQL = statusIn(OPEN_STATUSES)

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
  days: OverviewDays
}

export type Overview = Omit<OverviewData, 'asOf' | 'scope' | 'handlerIds' | 'days' | 'groupName'>

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

/** A tally's -1 ("none") back to null. */
const key = (v: number): number | null => (v === -1 ? null : v)

function sumBy<K>(rows: readonly { n: number }[], keyOf: (r: never) => K): Map<K, number> {
  const out = new Map<K, number>()
  for (const r of rows) {
    const k = keyOf(r as never)
    out.set(k, (out.get(k) ?? 0) + r.n)
  }
  return out
}

/**
 * Every chart's numbers in one call. "Resolved" per day counts done tickets by their last change:
 * the API keeps no resolution time, and a resolved ticket is rarely edited again.
 */
export function computeOverview(db: Db, q: OverviewQuery): Overview {
  const scope = scopeSql(q.scope)
  const endOfToday = `${q.now.slice(0, 10)} 23:59:59`
  const days = rangeDays(q.now, q.days)

  const open = db
    .prepare(
      `SELECT status, priority, handler_id AS handlerId, category_id AS categoryId, n
       FROM overview_open WHERE n > 0 AND (${scope.sql})`,
    )
    .all(...scope.params) as {
    status: number
    priority: number
    handlerId: number
    categoryId: number
    n: number
  }[]
  const byStatusPriority = sumBy(open, (r: (typeof open)[number]) => `${r.status}/${r.priority}`)
  const byHandler = sumBy(open, (r: (typeof open)[number]) => r.handlerId)
  const byCategory = sumBy(open, (r: (typeof open)[number]) => r.categoryId)
  const names = (table: 'employees' | 'categories', ids: number[]): Map<number, string | null> => {
    const known = ids.filter((id) => id !== -1)
    if (known.length === 0) return new Map()
    const rows = db
      .prepare(`SELECT id, name FROM ${table} WHERE id IN (${known.map(() => '?').join(', ')})`)
      .all(...known) as { id: number; name: string | null }[]
    return new Map(rows.map((r) => [r.id, r.name]))
  }
  const handlerNames = names('employees', [...byHandler.keys()])
  const categoryNames = names('categories', [...byCategory.keys()])
  const byCount = (
    a: { count: number; id: number | null },
    b: { count: number; id: number | null },
  ) => b.count - a.count || (a.id ?? -1) - (b.id ?? -1)

  // The due bounds come first here, so the scope's parameters follow them.
  const dueRow = db
    .prepare(
      `SELECT COALESCE(SUM(due_at < ?), 0) AS overdue,
              COALESCE(SUM(due_at >= ? AND due_at <= ?), 0) AS dueToday
       FROM tickets WHERE ${OPEN_SQL} AND due_at IS NOT NULL AND (${scope.sql})`,
    )
    .get(q.now, q.now, endOfToday, ...scope.params) as { overdue: number; dueToday: number }

  const perDayRows = db
    .prepare(
      `SELECT day, SUM(created) AS created, SUM(resolved) AS resolved FROM overview_days
       WHERE day >= ? AND day <= ? AND (${scope.sql})
       GROUP BY day`,
    )
    .all(days[0], days[days.length - 1], ...scope.params) as {
    day: string
    created: number
    resolved: number
  }[]
  const perDay = new Map(perDayRows.map((r) => [r.day, r]))

  return {
    openByStatusPriority: [...byStatusPriority]
      .map(([k, count]) => {
        const [status, priority] = k.split('/').map(Number) as [number, number]
        return { status, priority: key(priority), count }
      })
      .sort((a, b) => a.status - b.status || (a.priority ?? -1) - (b.priority ?? -1)),
    overdue: dueRow.overdue,
    dueToday: dueRow.dueToday,
    openByHandler: [...byHandler]
      .map(([id, count]) => ({ id: key(id), count }))
      .sort(byCount)
      .map(({ id, count }) => ({
        handlerId: id,
        name: id === null ? null : (handlerNames.get(id) ?? null),
        count,
      })),
    openByCategory: [...byCategory]
      .map(([id, count]) => ({ id: key(id), count }))
      .sort(byCount)
      .map(({ id, count }) => ({
        categoryId: id,
        name: id === null ? null : (categoryNames.get(id) ?? null),
        count,
      })),
    perDay: days.map((day) => ({
      day,
      created: perDay.get(day)?.created ?? 0,
      resolved: perDay.get(day)?.resolved ?? 0,
    })),
  }
}

/** An employee's group (the API's `group_id`, its `group.name`) and who is in it. */
export interface EmployeeGroup {
  name: string | null
  memberIds: number[]
}

/**
 * "My group": the employees whose group is the agent's (the employee list's `group_id`, or the
 * embedded `group.id`), the agent always included; just the agent when their group is unknown.
 */
export function employeeGroup(db: Db, employeeId: number): EmployeeGroup {
  const groupId = `COALESCE(json_extract(json, '$.group_id'), json_extract(json, '$.group.id'))`
  const mine = db
    .prepare(`SELECT ${groupId} AS groupId, group_name AS name FROM employees WHERE id = ?`)
    .get(employeeId) as { groupId: number | null; name: string | null } | undefined
  if (!mine || mine.groupId === null) return { name: mine?.name ?? null, memberIds: [employeeId] }
  const ids = (
    db.prepare(`SELECT id FROM employees WHERE ${groupId} = ? ORDER BY id`).all(mine.groupId) as {
      id: number
    }[]
  ).map((r) => r.id)
  return { name: mine.name, memberIds: ids.includes(employeeId) ? ids : [employeeId, ...ids] }
}

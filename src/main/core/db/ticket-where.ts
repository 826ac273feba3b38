/**
 * Turns the queue's filters and built-in view into SQL over the hot `tickets` table. Values go in
 * as parameters; only validated integers' count shapes the SQL (one placeholder per id).
 */
import { DONE_STATUSES, OPEN_STATUSES, type TicketStatus } from '../../../shared/domain/codes'
import { addSeconds } from '../../../shared/domain/server-time'
import {
  FILTERS,
  filterByKey,
  filterValues,
  isFilterSet,
  type FilterDescriptor,
  type FilterField,
} from '../../../shared/domain/filters'
import type { BuiltinView, TicketFilters } from '../../../shared/domain/queue'
import { searchSetFor, type IdentityProbe, type SearchSet } from './ticket-search'

export type { SearchSet } from './ticket-search'

export interface QueryContext {
  /** The agent's employee id; with none, the 'mine' view is empty. */
  meId: number | null
  /** Now as the server's wall-clock time (`YYYY-MM-DD HH:MM:SS`), see serverNow(). */
  now: string
}

export interface SqlPart {
  sql: string
  params: unknown[]
}

/** `status IN (...)` with the codes inline: constants, and the planner's statistics see them. */
function statusIn(statuses: readonly TicketStatus[]): string {
  return `status IN (${statuses.join(', ')})`
}

export const OPEN_SQL = statusIn(OPEN_STATUSES)
export const DONE_SQL = statusIn(DONE_STATUSES)
/**
 * The views test status with a unary + so the planner never drives a page from the status index
 * (half the tickets are open: sorting them all is what the sort indexes are there to avoid); it
 * walks the sort index and checks status inside it instead.
 */
const VIEW_OPEN_SQL = `+${OPEN_SQL}`
const VIEW_DONE_SQL = `+${DONE_SQL}`

/** The end of the 'due' window: due within 24 hours, or overdue. */
export function dueLimit(ctx: QueryContext): string {
  return addSeconds(ctx.now, 24 * 60 * 60)
}

/** Text search as a set of ticket ids (see ticket-search.ts), or null for no search. */
export function searchSet(
  filters: TicketFilters,
  identityExists?: IdentityProbe,
): SearchSet | null {
  return searchSetFor(filters.search, identityExists)
}

function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ')
}

/** One filter of the table as a condition, or null when `filters` does not set it. */
function filterPart(d: FilterDescriptor, filters: TicketFilters): SqlPart | null {
  const column = d.column
  if (column === null || !isFilterSet(filters, d)) return null
  switch (d.kind) {
    case 'codes':
    case 'ids': {
      const values = filterValues(filters, d)
      // A `missing` filter naming this one as anyOf joins it: "these handlers or none".
      const orMissing = FILTERS.some(
        (m) => m.kind === 'missing' && m.anyOf === d.key && isFilterSet(filters, m),
      )
      const sql = `${column} IN (${placeholders(values)})`
      return { sql: orMissing ? `(${sql} OR ${column} IS NULL)` : sql, params: values }
    }
    case 'missing': {
      const partner = d.anyOf === null ? null : filterByKey(d.anyOf)
      if (partner && isFilterSet(filters, partner)) return null // said by the partner's part
      return { sql: `${column} IS NULL`, params: [] }
    }
    case 'id':
      return { sql: `${column} = ?`, params: [filters[d.fields[0] as FilterField]] }
    case 'range': {
      const bounds = d.fields.map((field, i) => ({ op: i === 0 ? '>=' : '<=', v: filters[field] }))
      const set = bounds.filter((b) => b.v !== undefined)
      return {
        sql: set.map((b) => `${column} ${b.op} ?`).join(' AND '),
        params: set.map((b) => b.v),
      }
    }
    case 'text':
      return null // text search is a set of ids: searchSet()
  }
}

/** The filters other than text search, each as one AND-ed condition (from the FILTERS table). */
export function filterParts(filters: TicketFilters): SqlPart[] {
  return FILTERS.map((d) => filterPart(d, filters)).filter((p): p is SqlPart => p !== null)
}

/** The built-in view's condition, or null for 'all'. */
export function viewPart(view: BuiltinView, ctx: QueryContext): SqlPart | null {
  switch (view) {
    case 'mine':
      if (ctx.meId === null) return { sql: '0', params: [] }
      return { sql: `${VIEW_OPEN_SQL} AND handler_id = ?`, params: [ctx.meId] }
    case 'unassigned':
      // Unary +: the handler index would find them, but they are too many to sort per page.
      return { sql: `${VIEW_OPEN_SQL} AND +handler_id IS NULL`, params: [] }
    case 'open':
      return { sql: VIEW_OPEN_SQL, params: [] }
    case 'due':
      return { sql: `${VIEW_OPEN_SQL} AND due_at <= ?`, params: [dueLimit(ctx)] }
    case 'done':
      return { sql: VIEW_DONE_SQL, params: [] }
    case 'all':
      return null
  }
}

export function joinParts(parts: readonly (SqlPart | null)[]): SqlPart {
  const present = parts.filter((p): p is SqlPart => p !== null)
  if (present.length === 0) return { sql: '1', params: [] }
  return {
    sql: present.map((p) => `(${p.sql})`).join(' AND '),
    params: present.flatMap((p) => p.params),
  }
}

/**
 * Turns the queue's filters and built-in view into SQL over the hot `tickets` table. Values go in
 * as parameters; only validated integers' count shapes the SQL (one placeholder per id).
 */
import type { TicketStatus } from '../../../shared/domain/codes'
import {
  FILTERS,
  filterByKey,
  filterValues,
  isFilterSet,
  type FilterDescriptor,
  type FilterField,
} from '../../../shared/domain/filters'
import type { BuiltinView, TicketFilters } from '../../../shared/domain/queue'
import { VIEWS, dueBefore, type QueryContext, type ViewTerm } from '../../../shared/domain/views'
import { searchSetFor, type IdentityProbe, type SearchSet } from './ticket-search'

export type { SearchSet } from './ticket-search'

export interface SqlPart {
  sql: string
  params: unknown[]
}

/** `status IN (...)` with the codes inline: constants, and the planner's statistics see them. */
export function statusIn(statuses: readonly TicketStatus[]): string {
  return `status IN (${statuses.join(', ')})`
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

/**
 * How a view's SQL guides the planner (the conditions are the same in each):
 * - `walk`, for a page: status and "no handler" are tested with a unary + so the planner never
 *   drives a page from the status or handler index (half the tickets are open: sorting them all
 *   is what the sort indexes are there to avoid); it walks the sort index and tests them inside;
 * - `range`, for a count with no filter: each view is a range of one index (status's, the
 *   handler's, or for 'due' the due index, with status tested inside it), a few milliseconds
 *   together where one pass computing all of them reads every index entry;
 * - `plain`, for counts in one pass over rows already narrowed by filters.
 */
export type ViewPlan = 'walk' | 'range' | 'plain'

function termPart(term: ViewTerm, ctx: QueryContext, hintStatus: boolean, walk: boolean): SqlPart {
  switch (term.kind) {
    case 'status':
      return { sql: `${hintStatus ? '+' : ''}${statusIn(term.statuses)}`, params: [] }
    case 'handler':
      if (term.handler === 'none') {
        // Unary + on a page: the handler index would find them, but they are too many to sort.
        return { sql: `${walk ? '+' : ''}handler_id IS NULL`, params: [] }
      }
      return ctx.meId === null
        ? { sql: '0', params: [] }
        : { sql: 'handler_id = ?', params: [ctx.meId] }
    case 'dueWithin':
      return { sql: 'due_at <= ?', params: [dueBefore(term, ctx)] }
  }
}

/** The built-in view's condition (from the VIEWS table), or null for 'all'. */
export function viewPart(view: BuiltinView, ctx: QueryContext, plan: ViewPlan): SqlPart | null {
  const terms = VIEWS[view]
  if (terms.length === 0) return null
  const walk = plan === 'walk'
  const hintStatus = walk || (plan === 'range' && terms.some((t) => t.kind === 'dueWithin'))
  const parts = terms.map((t) => termPart(t, ctx, hintStatus, walk))
  // A view that cannot match (mine, with no agent known) is a constant: nothing is read.
  if (parts.some((p) => p.sql === '0')) return { sql: '0', params: [] }
  return { sql: parts.map((p) => p.sql).join(' AND '), params: parts.flatMap((p) => p.params) }
}

export function joinParts(parts: readonly (SqlPart | null)[]): SqlPart {
  const present = parts.filter((p): p is SqlPart => p !== null)
  if (present.length === 0) return { sql: '1', params: [] }
  return {
    sql: present.map((p) => `(${p.sql})`).join(' AND '),
    params: present.flatMap((p) => p.params),
  }
}

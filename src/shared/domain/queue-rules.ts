/**
 * The queue's rules that need no schema (sort columns, relative date ranges): the first page
 * uses them before zod is loaded.
 */
import { addSeconds } from './server-time'

export const SORT_COLUMNS = [
  'default', // due first (overdue on top), then priority, then newest
  'id',
  'subject',
  'status',
  'priority',
  'due_at',
  'category',
  'contact',
  'handler',
  'created_at',
  'updated_at',
] as const
export type SortColumn = (typeof SORT_COLUMNS)[number]

/**
 * The direction of a column's first click: the way agents look at it (urgent first, due soonest
 * first, newest first; names and text A to Z). A second click reverses it. Blank values (no due
 * date, no contact...) sort last in either direction.
 */
export const FIRST_SORT_DIRECTION: Record<SortColumn, 'asc' | 'desc'> = {
  default: 'asc',
  id: 'desc',
  subject: 'asc',
  status: 'asc',
  priority: 'desc', // 3 is urgent
  due_at: 'asc',
  category: 'asc',
  contact: 'asc',
  handler: 'asc',
  created_at: 'desc',
  updated_at: 'desc',
}

/** A queue's order: a column and its direction (the schema's `TicketSort` has this shape). */
export interface SortOrder {
  column: SortColumn
  direction: 'asc' | 'desc'
}

/** The queue's own order (due first, then urgent), where a view has none of its own. */
export const DEFAULT_SORT: Readonly<SortOrder> = Object.freeze({
  column: 'default',
  direction: 'asc',
})

/**
 * A click on a column's header: the way agents look at it first (FIRST_SORT_DIRECTION), then
 * reversed, then back to the default order.
 */
export function nextSort(current: SortOrder, column: SortColumn): SortOrder {
  const first = FIRST_SORT_DIRECTION[column]
  if (current.column !== column) return { column, direction: first }
  if (current.direction === first) return { column, direction: first === 'asc' ? 'desc' : 'asc' }
  return { ...DEFAULT_SORT }
}

/** The date filters a relative range sets (a part of the queue's filters). */
export interface RangeFilters {
  dueFrom?: string
  dueTo?: string
  createdFrom?: string
  createdTo?: string
}

/** Date ranges a saved view keeps relative: worked out in server time each time it is used. */
export const RELATIVE_RANGES = ['dueToday', 'dueNext24h', 'createdToday', 'createdLast7d'] as const
export type RelativeRange = (typeof RELATIVE_RANGES)[number]

/**
 * The absolute filters a relative range stands for at `now` (server wall-clock time,
 * `YYYY-MM-DD HH:MM:SS`): today is midnight to 23:59:59 of the server's date.
 */
export function resolveRelativeRange(range: RelativeRange, now: string): RangeFilters {
  const today = now.slice(0, 10)
  const startOfDay = `${today} 00:00:00`
  const endOfDay = `${today} 23:59:59`
  switch (range) {
    case 'dueToday':
      return { dueFrom: startOfDay, dueTo: endOfDay }
    case 'dueNext24h':
      return { dueFrom: now, dueTo: addSeconds(now, 24 * 3600) }
    case 'createdToday':
      return { createdFrom: startOfDay, createdTo: endOfDay }
    case 'createdLast7d':
      return { createdFrom: addSeconds(now, -7 * 24 * 3600), createdTo: now }
  }
}

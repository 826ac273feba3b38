/** The queue as the screens ask for it: built-in views, filters, sort and a page of rows. */
import { z } from 'zod'
import { API_DATETIME_RE } from './api-schemas'
import { OUTBOX_STATES } from './outbox'
import { BUILTIN_VIEWS, type BuiltinView } from './builtin-views'
import { DEFAULT_SORT, RELATIVE_RANGES, SORT_COLUMNS } from './queue-rules'

export * from './builtin-views'
export * from './queue-rules'

const ids = z.array(z.number().int()).max(500)
const dateTime = z.string().max(19).regex(API_DATETIME_RE, 'expected YYYY-MM-DD HH:MM:SS')

/** Every filter of the API's ticket search, plus priority and category / sub-category. */
export const ticketFiltersSchema = z.strictObject({
  search: z.string().max(200).optional(),
  statuses: z.array(z.number().int().min(0).max(3)).max(4).optional(),
  priorities: z.array(z.number().int().min(0).max(3)).max(4).optional(),
  handlerIds: ids.optional(),
  /** Tickets with no handler. Combined with handlerIds as "any of". */
  unassigned: z.boolean().optional(),
  createrIds: ids.optional(),
  sponsorId: z.number().int().optional(),
  terminationCodeIds: ids.optional(),
  contactId: z.number().int().optional(),
  categoryId: z.number().int().optional(),
  /** Tickets with no category. Combined with categoryId as "either". */
  uncategorized: z.boolean().optional(),
  subCategoryId: z.number().int().optional(),
  dueFrom: dateTime.optional(),
  dueTo: dateTime.optional(),
  createdFrom: dateTime.optional(),
  createdTo: dateTime.optional(),
  updatedFrom: dateTime.optional(),
  updatedTo: dateTime.optional(),
})
export type TicketFilters = z.infer<typeof ticketFiltersSchema>

export const ticketSortSchema = z.strictObject({
  column: z.enum(SORT_COLUMNS),
  direction: z.enum(['asc', 'desc']),
})
export type TicketSort = z.infer<typeof ticketSortSchema>

/**
 * A view's own default order, where it is not the queue's (due first, then urgent): resolved and
 * closed tickets are looked up to follow up a recent resolution, so the last changed come first
 * (the API keeps no separate resolution time; a resolution is the ticket's last change).
 */
const VIEW_DEFAULT_SORT: Partial<Record<BuiltinView, TicketSort>> = {
  done: { column: 'updated_at', direction: 'desc' },
}

/** The order a view is read in: its own default order when asked for 'default', else `sort`. */
export function viewSort(view: BuiltinView, sort: TicketSort): TicketSort {
  return sort.column === 'default' ? (VIEW_DEFAULT_SORT[view] ?? sort) : sort
}

export const ticketQuerySchema = z.strictObject({
  view: z.enum(BUILTIN_VIEWS).default('all'),
  filters: ticketFiltersSchema.default({}),
  sort: ticketSortSchema.default({ ...DEFAULT_SORT }),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50),
})
export type TicketQuery = z.input<typeof ticketQuerySchema>

/** Where a search word was found in a ticket (a row's `match`). */
export const SEARCH_MATCH_FIELDS = [
  'id',
  'subject',
  'content',
  'contactName',
  'membershipNo',
  'identityNo',
] as const
export type SearchMatchField = (typeof SEARCH_MATCH_FIELDS)[number]

/** `[start, end)` in UTF-16 code units of the text it belongs to. */
export const textRangeSchema = z.tuple([z.number().int().min(0), z.number().int().min(0)])
export type TextRange = z.infer<typeof textRangeSchema>

/** Why a row matched the search: for highlighting; never the national id itself. */
export const rowMatchSchema = z.object({
  /** Every field in which some search word was found (the ticket id when a word was its id). */
  fields: z.array(z.enum(SEARCH_MATCH_FIELDS)),
  /** Ranges of the row's subject and contact name to highlight. */
  subject: z.array(textRangeSchema),
  contactName: z.array(textRangeSchema),
  /** A short piece of the content around its first match, and the ranges in it, or null. */
  excerpt: z.object({ text: z.string(), ranges: z.array(textRangeSchema) }).nullable(),
  /** The contact's membership number when a word was found in it, with its ranges. */
  membershipNo: z.object({ text: z.string(), ranges: z.array(textRangeSchema) }).nullable(),
})
export type RowMatch = z.infer<typeof rowMatchSchema>

/** One queue row: the columns the table shows, nothing more (the whole ticket stays in main). */
export const ticketRowSchema = z.strictObject({
  id: z.number().int(),
  subject: z.string().nullable(),
  status: z.number().int().nullable(),
  priority: z.number().int().nullable(),
  dueAt: z.string().nullable(),
  categoryName: z.string().nullable(),
  subCategoryName: z.string().nullable(),
  contactId: z.number().int().nullable(),
  contactName: z.string().nullable(),
  handlerId: z.number().int().nullable(),
  handlerName: z.string().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  /**
   * A ticket created here that the server does not have yet: the outbox entry that creates it.
   * Its `id` is then `-outboxId` (server ids are positive), its values are as typed.
   */
  outboxId: z.number().int().positive().optional(),
  /** An edit of this ticket waits in the outbox (its values are already laid over the row). */
  pending: z.enum(OUTBOX_STATES).nullable().optional(),
  /** A delete of this ticket waits in the outbox: the row stays listed until the server has it. */
  deleting: z.boolean().optional(),
  /** With a search: why this row matched. */
  match: rowMatchSchema.optional(),
})
export type TicketRow = z.infer<typeof ticketRowSchema>

export const ticketPageSchema = z.strictObject({
  rows: z.array(ticketRowSchema),
  total: z.number().int(),
  offset: z.number().int(),
  /** With a search: its words as matched (normalised), and the typed ticket ids put first. */
  search: z.object({ words: z.array(z.string()), pinnedIds: z.array(z.number().int()) }).optional(),
})
export type TicketPage = z.infer<typeof ticketPageSchema>

export const viewCountsSchema = z.record(z.enum(BUILTIN_VIEWS), z.number().int())
export type ViewCounts = z.infer<typeof viewCountsSchema>

/** A saved custom view: a named combination of built-in view, filters and sort. */
export const savedViewSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(60),
  view: z.enum(BUILTIN_VIEWS),
  filters: ticketFiltersSchema,
  sort: ticketSortSchema,
  /** A date range kept relative (today, next 24 hours, last 7 days) instead of fixed dates. */
  relative: z.enum(RELATIVE_RANGES).optional(),
})
export type SavedView = z.infer<typeof savedViewSchema>

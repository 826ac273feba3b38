/** The queue as the screens ask for it: built-in views, filters, sort and a page of rows. */
import { z } from 'zod'
import { API_DATETIME_RE } from './api-schemas'

export const BUILTIN_VIEWS = [
  'mine', // mine, pending or in progress
  'unassigned', // open and no handler
  'open', // pending or in progress
  'due', // open, due within 24 hours or overdue
  'done', // resolved or closed
  'all',
] as const
export type BuiltinView = (typeof BUILTIN_VIEWS)[number]

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
  subCategoryId: z.number().int().optional(),
  dueFrom: dateTime.optional(),
  dueTo: dateTime.optional(),
  createdFrom: dateTime.optional(),
  createdTo: dateTime.optional(),
})
export type TicketFilters = z.infer<typeof ticketFiltersSchema>

export const ticketSortSchema = z.strictObject({
  column: z.enum(SORT_COLUMNS),
  direction: z.enum(['asc', 'desc']),
})
export type TicketSort = z.infer<typeof ticketSortSchema>

export const ticketQuerySchema = z.strictObject({
  view: z.enum(BUILTIN_VIEWS).default('all'),
  filters: ticketFiltersSchema.default({}),
  sort: ticketSortSchema.default({ column: 'default', direction: 'asc' }),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50),
})
export type TicketQuery = z.input<typeof ticketQuerySchema>

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
})
export type TicketRow = z.infer<typeof ticketRowSchema>

export const ticketPageSchema = z.strictObject({
  rows: z.array(ticketRowSchema),
  total: z.number().int(),
  offset: z.number().int(),
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
})
export type SavedView = z.infer<typeof savedViewSchema>

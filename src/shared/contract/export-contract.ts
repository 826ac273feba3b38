/**
 * The contract's part for exporting the queue: what the agent asks for (the queue's question,
 * a format, columns, whether national ids go out unmasked), the progress the core reports and
 * the result. The columns are one table, read by the core's writer and the export dialog.
 */
import { z } from 'zod'
import { BUILTIN_VIEWS, DEFAULT_SORT, ticketFiltersSchema, ticketSortSchema } from '../domain/queue'
import { LANGUAGES } from './choices'
import type { TicketTexts } from './ticket-texts'

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/**
 * Every column an export can have, in the order they are written: first the queue's own, then
 * created, then those read from the whole ticket (from `creater` on).
 */
export const EXPORT_COLUMNS = [
  'id',
  'subject',
  'status',
  'priority',
  'due_at',
  'category',
  'sub_category',
  'contact',
  'handler',
  'updated_at',
  'created_at',
  'creater',
  'termination_code',
  'status_memo',
  'content',
  'sponsor',
  'membership_no',
  'identity_no',
] as const
export type ExportColumn = (typeof EXPORT_COLUMNS)[number]

/** The queue's own columns (its category column split in two), the first ten: the default. */
export const QUEUE_EXPORT_COLUMNS: readonly ExportColumn[] = EXPORT_COLUMNS.slice(0, 10)

/** Each column's header: the ticket field's one label (ticket-texts.ts). */
export const EXPORT_HEADER_KEYS: Record<ExportColumn, keyof TicketTexts['field']> = {
  id: 'id',
  subject: 'subject',
  status: 'status',
  priority: 'priority',
  due_at: 'due_at',
  category: 'category_id',
  sub_category: 'sub_category_id',
  contact: 'contact_id',
  handler: 'handler_id',
  updated_at: 'updated_at',
  created_at: 'created_at',
  creater: 'creater_id',
  termination_code: 'termination_code_id',
  status_memo: 'status_memo',
  content: 'content',
  sponsor: 'sponsor_id',
  membership_no: 'membership_no',
  identity_no: 'identity_no',
}

/** Picked by the screen, so it can follow progress and cancel before the answer comes. */
export const exportIdSchema = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected 8-64 of A-Z a-z 0-9 _ -')

export const exportRequestSchema = z.strictObject({
  id: exportIdSchema,
  view: z.enum(BUILTIN_VIEWS).default('all'),
  filters: ticketFiltersSchema.default({}),
  sort: ticketSortSchema.default({ ...DEFAULT_SORT }),
  format: z.enum(EXPORT_FORMATS),
  /** In the order given; each at most once. */
  columns: z
    .array(z.enum(EXPORT_COLUMNS))
    .min(1)
    .max(EXPORT_COLUMNS.length)
    .refine((c) => new Set(c).size === c.length, 'each column at most once'),
  /** The agent ticked "include national ids": written to the log (without the ids). */
  includeNationalIds: z.boolean().default(false),
  /** Headers and labels in the agent's language. */
  language: z.enum(LANGUAGES).default('zh-TW'),
})
export type ExportRequest = z.input<typeof exportRequestSchema>
export type ParsedExportRequest = z.output<typeof exportRequestSchema>

export const exportResultSchema = z.strictObject({
  id: exportIdSchema,
  state: z.enum(['done', 'cancelled']),
  rows: z.number().int(),
  /** The name to save or download it as (tickets-YYYYMMDD-HHMMSS.csv, server time). */
  fileName: z.string().max(200),
  /** The desktop shell saved it here (the system's save dialog); absent: the host downloads it. */
  savedTo: z.string().max(4096).optional(),
})
export type ExportResult = z.infer<typeof exportResultSchema>

export const exportProgressSchema = z.strictObject({
  id: exportIdSchema,
  done: z.number().int(),
  total: z.number().int(),
})
export type ExportProgress = z.infer<typeof exportProgressSchema>

export const EXPORT_MIME: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/** tickets-20261204-143000.csv: the server's wall-clock time, as every date in the app. */
export function exportFileName(format: ExportFormat, serverNow: string): string {
  return `tickets-${serverNow.replace(/[-:]/g, '').replace(' ', '-')}.${format}`
}

/** The worksheet's name in an XLSX file. */
export const EXPORT_SHEET_NAME: Record<(typeof LANGUAGES)[number], string> = {
  'zh-TW': '工單',
  en: 'Tickets',
}

/**
 * Bulk work from the queue: one set of changes (a macro's: status with its status detail,
 * priority, category with its sub-category, handler, and a sentence appended to the content or
 * the status memo) for up to BULK_LIMIT tickets, each sent as its own edit through the outbox,
 * with its own conflict check and offline rules, and one outcome per ticket.
 */
import { z } from 'zod'
import { appErrorSchema } from './errors'
import { writeResultSchema } from './outbox'
import { BULK_LIMIT } from './bulk-rules'

export * from './bulk-rules'

/** The longest sentence a change appends (the status memo's own limit is 5,000). */
export const APPEND_MAX = 2000

const code = z.number().int().min(0).max(3)
const ref = z.number().int().positive()
const appended = z.string().trim().min(1).max(APPEND_MAX)

/**
 * Every field a change may set, in the order they are shown. The appended sentences may hold
 * template variables, filled for each ticket from that ticket when the edit is made.
 */
export const changeShape = {
  status: code.optional(),
  /** The status detail; only with a status (a detail belongs to one status). */
  termination_code_id: ref.nullable().optional(),
  priority: code.optional(),
  category_id: ref.nullable().optional(),
  /** The sub-category; only with its category (a sub-category belongs to one category). */
  sub_category_id: ref.nullable().optional(),
  handler_id: ref.nullable().optional(),
  append_content: appended.optional(),
  append_status_memo: appended.optional(),
}
export const CHANGE_FIELDS = Object.keys(changeShape) as (keyof typeof changeShape)[]
export type ChangeField = (typeof CHANGE_FIELDS)[number]

type ChangeLike = Partial<Record<ChangeField, unknown>>
/** The pairing rules every change obeys, bulk or macro. */
export function refineChange<T extends z.ZodType<ChangeLike>>(schema: T) {
  return schema
    .refine(
      (c) => Object.values(c).some((v) => v !== undefined),
      'a change sets at least one field',
    )
    .refine(
      (c) => c.termination_code_id === undefined || c.status !== undefined,
      'a status detail is set together with its status',
    )
    .refine(
      (c) => c.sub_category_id === undefined || c.category_id !== undefined,
      'a sub-category is set together with its category',
    )
    .refine(
      (c) =>
        c.sub_category_id === undefined || c.sub_category_id === null || c.category_id !== null,
      'a sub-category needs a category',
    )
}

export const bulkChangeSchema = refineChange(z.strictObject(changeShape))
export type BulkChange = z.infer<typeof bulkChangeSchema>

export const bulkUpdateInputSchema = z.strictObject({
  ids: z
    .array(z.number().int().positive())
    .min(1)
    .max(BULK_LIMIT)
    .refine((ids) => new Set(ids).size === ids.length, 'each ticket once'),
  changes: bulkChangeSchema,
})

/** One ticket's outcome: the write's result, or why it could not even be queued. */
export const bulkOutcomeSchema = z.strictObject({
  ticketId: z.number().int(),
  subject: z.string().nullable(),
  result: writeResultSchema.nullable(),
  error: appErrorSchema.nullable(),
})
export type BulkOutcome = z.infer<typeof bulkOutcomeSchema>

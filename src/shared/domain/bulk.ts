/**
 * Bulk work from the queue: one change (status with its status detail, priority, or handler)
 * for up to BULK_LIMIT tickets, each sent as its own edit through the outbox, with its own
 * conflict check and offline rules, and one outcome per ticket.
 */
import { z } from 'zod'
import { appErrorSchema } from './errors'
import { writeResultSchema } from './outbox'
import { BULK_LIMIT } from './bulk-rules'

export * from './bulk-rules'

export const bulkChangeSchema = z
  .strictObject({
    status: z.number().int().min(0).max(3).optional(),
    /** The status detail; only with a status (a detail belongs to one status). */
    termination_code_id: z.number().int().positive().nullable().optional(),
    priority: z.number().int().min(0).max(3).optional(),
    handler_id: z.number().int().positive().nullable().optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'a bulk change sets one field')
  .refine(
    (c) => c.termination_code_id === undefined || c.status !== undefined,
    'a status detail is set together with its status',
  )
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

/**
 * The contract's schemas of what the reads return beside tickets: people as the pickers offer
 * them, the lookup lists, a cached ticket, notices and alerts. Imported through contract.ts.
 */
import { z } from 'zod'
import {
  categoryRefSchema,
  sponsorSchema,
  terminationCodeSchema,
  ticketSchema,
} from '../domain/api-schemas'
import { OUTBOX_STATES } from '../domain/outbox'

export const employeeSummarySchema = z.strictObject({
  id: z.number().int(),
  name: z.string().nullable(),
  employeeNo: z.string().nullable(),
  groupName: z.string().nullable(),
})
export type EmployeeSummary = z.infer<typeof employeeSummarySchema>

/** A contact as a picker or the caller lookup offers it: the national id only masked. */
export const contactSummarySchema = z.strictObject({
  id: z.number().int(),
  name: z.string().nullable(),
  membershipNo: z.string().nullable(),
  /** e.g. `B219****09`; the full number never leaves the core in a suggestion. */
  maskedIdentityNo: z.string().nullable(),
})
export type ContactSummary = z.infer<typeof contactSummarySchema>

export const lookupsSchema = z.strictObject({
  categories: z.array(categoryRefSchema.extend({ children: z.array(categoryRefSchema) })),
  terminationCodes: z.array(terminationCodeSchema),
  sponsors: z.array(sponsorSchema),
  employees: z.array(employeeSummarySchema),
})
export type Lookups = z.infer<typeof lookupsSchema>

export const cachedTicketSchema = z.strictObject({
  /** The server's copy with the agent's edits that still wait laid over it. */
  ticket: ticketSchema,
  /** When the cache last received this ticket from the server (ISO instant). */
  syncedAt: z.string().nullable(),
  /** Edits of this ticket wait in the outbox: the most urgent state, and whether one deletes it. */
  pending: z
    .strictObject({ state: z.enum(OUTBOX_STATES), deleting: z.boolean() })
    .nullable()
    .optional(),
})

export const noticeSchema = z.strictObject({
  kind: z.enum(['cache_rebuilt', 'outbox_salvaged', 'outbox_unreadable']),
  detail: z.string().max(4096).optional(),
})
export type Notice = z.infer<typeof noticeSchema>

export const ALERT_KINDS = ['assigned', 'due_soon', 'overdue'] as const

/** Something about one of my tickets the agent should notice: raised once per event. */
export const alertSchema = z.strictObject({
  /** The event's identity (kind, ticket and the value that made it): never raised twice. */
  key: z.string(),
  kind: z.enum(ALERT_KINDS),
  ticketId: z.number().int(),
  subject: z.string().nullable(),
  priority: z.number().int().nullable(),
  dueAt: z.string().nullable(),
  /** ISO instant. */
  raisedAt: z.string(),
})
export type Alert = z.infer<typeof alertSchema>

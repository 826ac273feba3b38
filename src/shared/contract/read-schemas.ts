/**
 * The contract's schemas of what the reads return beside tickets: people as the pickers offer
 * them, the lookup lists, a cached ticket, the drafts kept, notices and alerts. Imported through
 * contract.ts.
 */
import { z } from 'zod'
import { ALERT_KINDS } from './choices'
import {
  categoryRefSchema,
  sponsorSchema,
  terminationCodeSchema,
  ticketSchema,
} from '../domain/api-schemas'
import { draftSchema, OUTBOX_STATES } from '../domain/outbox'

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

/** A kept draft as the waiting-edits screen lists it: the draft, and what it is for. */
export const draftListedSchema = z.strictObject({
  draft: draftSchema,
  /** The ticket a `ticket:ID` draft edits, its subject as this computer last read it. */
  ticketSubject: z.string().nullable(),
  /**
   * A `ticket:ID` draft whose ticket this computer no longer has (deleted since, here or on the
   * server): nothing can be saved to it, but its text is still the agent's to read.
   */
  ticketGone: z.boolean(),
  /** The caller a `new:CONTACT` draft's ticket is for, when this computer knows them. */
  contact: contactSummarySchema.nullable(),
})
export type DraftListed = z.infer<typeof draftListedSchema>

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

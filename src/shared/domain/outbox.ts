/**
 * The outbox as the screens, the CLI and the contract see it: every create, update and delete is
 * an entry that waits on disk until the server has it. States:
 * - pending: waits to be sent (offline, the server failing, or simply next in line);
 * - sending: marked before the request went out; if the app died meanwhile, the next send first
 *   asks the server whether it arrived;
 * - conflict: someone else changed a field this edit changes; the agent chooses per field;
 * - rejected: the server refused it (422, or the ticket is gone); the agent corrects or discards.
 */
import { z } from 'zod'
import { ticketSchema, ticketUpdateSchema } from './api-schemas'
import { appErrorSchema } from './errors'
import { DRAFT_KEY_RE } from './draft-keys'

export const OUTBOX_STATES = ['pending', 'sending', 'conflict', 'rejected'] as const
export type OutboxState = (typeof OUTBOX_STATES)[number]
export const OUTBOX_KINDS = ['create', 'update', 'delete'] as const
export type OutboxKind = (typeof OUTBOX_KINDS)[number]

/** The write fields whose values are numbers (ids and codes): text typed for them is parsed. */
export const NUMERIC_WRITE_FIELDS: ReadonlySet<string> = new Set([
  'sponsor_id',
  'handler_id',
  'termination_code_id',
  'priority',
  'status',
  'sub_category_id',
  'contact_id',
  'category_id',
])

/** The fields an edit may change, as the API's PUT names them. */
export const EDITABLE_FIELDS = [
  'subject',
  'content',
  'sponsor_id',
  'handler_id',
  'termination_code_id',
  'due_at',
  'priority',
  'status',
  'status_memo',
  'sub_category_id',
  'contact_id',
  'category_id',
] as const
export type EditableField = (typeof EDITABLE_FIELDS)[number]

const fieldValue = z.union([z.string().max(65_535), z.number(), z.null()])
export type FieldValue = z.infer<typeof fieldValue>

/** What an update was based on: the server copy's updated_at and the old value of each field it changes. */
export const outboxBaseSchema = z.strictObject({
  updatedAt: z.string().max(19).nullable(),
  values: z.record(z.string().max(64), fieldValue),
})
export type OutboxBase = z.infer<typeof outboxBaseSchema>

/** One field someone else changed too: what it was, what the agent wants, what the server has. */
export const fieldConflictSchema = z.strictObject({
  base: fieldValue,
  mine: fieldValue,
  theirs: fieldValue,
})
export type FieldConflict = z.infer<typeof fieldConflictSchema>

export const outboxEntrySchema = z.strictObject({
  id: z.number().int(),
  kind: z.enum(OUTBOX_KINDS),
  /** The ticket (update, delete); for a create, null until the server has made it. */
  ticketId: z.number().int().nullable(),
  changes: ticketUpdateSchema,
  base: outboxBaseSchema.nullable(),
  state: z.enum(OUTBOX_STATES),
  attempts: z.number().int(),
  lastError: appErrorSchema.nullable(),
  conflict: z.record(z.string(), fieldConflictSchema).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * An update's or delete's ticket subject as this PC last read it from the server, so the agent
   * knows which ticket "#6" is (listed entries only; null when the cache does not hold it).
   */
  subject: z.string().nullable().optional(),
})
export type OutboxEntry = z.infer<typeof outboxEntrySchema>

/** What became of a write the moment it was asked for. */
export const writeResultSchema = z.discriminatedUnion('state', [
  z.strictObject({
    state: z.literal('applied'),
    outboxId: z.number().int(),
    ticket: ticketSchema.nullable(),
  }),
  z.strictObject({ state: z.literal('queued'), outboxId: z.number().int() }),
  z.strictObject({
    state: z.literal('conflict'),
    outboxId: z.number().int(),
    entry: outboxEntrySchema,
  }),
  z.strictObject({
    state: z.literal('rejected'),
    outboxId: z.number().int(),
    entry: outboxEntrySchema,
  }),
])
export type WriteResult = z.infer<typeof writeResultSchema>

/** The count the status bar and sign-out need. */
export const outboxSummarySchema = z.strictObject({
  waiting: z.number().int(),
  needsAttention: z.number().int(),
  /** Tickets with an update or delete waiting, for the queue's pending marks. */
  ticketIds: z.array(z.number().int()),
})
export type OutboxSummary = z.infer<typeof outboxSummarySchema>

/** A form's unsaved text's key (draft-keys.ts names them). */
export const draftKeySchema = z
  .string()
  .max(32)
  .regex(DRAFT_KEY_RE, 'a draft key is "new", "new:CONTACT_ID" or "ticket:ID"')

export const draftSchema = z.strictObject({
  key: draftKeySchema,
  /** The form's values as the form keeps them (ids, text, dates): opaque to the core. */
  values: z.record(z.string(), z.unknown()),
  /** The ticket's updated_at when the agent started typing (null for a new ticket). */
  baseUpdatedAt: z.string().nullable(),
  /**
   * What each field in `values` held when the agent started typing (null for a new ticket, and
   * for drafts kept before this was): a restored draft's save compares with these, so a field a
   * colleague changed since is a conflict the agent decides, not silently overwritten.
   */
  baseValues: z.record(z.string(), z.unknown()).nullable(),
  updatedAt: z.string(),
})
export type Draft = z.infer<typeof draftSchema>

/** Laravel trims strings and turns '' into null: compare values the way the server stores them. */
export function normalizeFieldValue(value: unknown): FieldValue {
  if (value === undefined || value === null) return null
  if (typeof value === 'string') {
    const trimmed = value.trim()
    return trimmed === '' ? null : trimmed
  }
  if (typeof value === 'number') return value
  return String(value)
}

export function sameFieldValue(a: unknown, b: unknown): boolean {
  return normalizeFieldValue(a) === normalizeFieldValue(b)
}

/**
 * The contract's part for the team hub: what the screens see of the follower, presence and a
 * ticket's history. The wire protocol between a desktop and the hub is src/shared/hub/protocol.ts;
 * these are the shapes the core hands the screens (colleagues only: this desktop is left out).
 */
import { z } from 'zod'
import { changeBySchema, historyEntrySchema, presenceSchema } from '../hub/protocol'

export const HUB_FOLLOW_STATES = ['connecting', 'snapshot', 'following', 'unreachable'] as const

/** How the cache is kept fresh: through the hub, or directly (no hub, or the hub away). */
export const hubSyncSchema = z.strictObject({
  url: z.string().max(2048),
  state: z.enum(HUB_FOLLOW_STATES),
  /** Why the hub is away (a message for the log and the tooltip), or null. */
  error: z.string().max(500).nullable(),
})
export type HubSync = z.infer<typeof hubSyncSchema>

/** Colleagues' desktops (this one left out), each with the ticket open there. */
export const colleaguesSchema = z.strictObject({
  desktops: z.array(presenceSchema.omit({ desktopId: true }).strict()),
})
export type Colleagues = z.infer<typeof colleaguesSchema>

export const hubPresenceInputSchema = z.strictObject({
  ticketId: z.number().int().positive().nullable(),
  editing: z.boolean(),
})

export const ticketHistorySchema = z.strictObject({
  ticketId: z.number().int().positive(),
  entries: z.array(historyEntrySchema),
  /** False when the hub did not answer (or none is configured) and this is what the cache kept. */
  fresh: z.boolean(),
})
export type TicketHistoryResult = z.infer<typeof ticketHistorySchema>

/** Tickets the hub's feed just changed, with who changed them when it came through a console. */
export const hubChangedSchema = z.strictObject({
  changes: z.array(
    z.strictObject({
      ticketId: z.number().int(),
      kind: z.enum(['ticket', 'deleted']),
      at: z.string().max(19),
      by: changeBySchema.nullable(),
    }),
  ),
})
export type HubChanged = z.infer<typeof hubChangedSchema>

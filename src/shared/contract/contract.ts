/**
 * The one contract between the screens and the main process: every method the screens may call
 * (name, zod input, zod result) and every event the main process pushes. The Electron IPC
 * registration, the preload bridge, the browser host and the renderer's client are all derived
 * from these two objects; adding a method is one entry here plus its handler in the core.
 */
import { z } from 'zod'
import { employeeSchema, ticketUpdateSchema, ticketWriteSchema } from '../domain/api-schemas'
import { bulkOutcomeSchema, bulkUpdateInputSchema } from '../domain/bulk'
import { appErrorSchema } from '../domain/errors'
import {
  exportIdSchema,
  exportProgressSchema,
  exportRequestSchema,
  exportResultSchema,
} from './export-contract'
import {
  colleaguesSchema,
  hubChangedSchema,
  hubPresenceInputSchema,
  ticketHistorySchema,
} from './hub-contract'
import {
  draftKeySchema,
  draftSchema,
  EDITABLE_FIELDS,
  outboxBaseSchema,
  outboxEntrySchema,
  outboxSummarySchema,
  writeResultSchema,
} from '../domain/outbox'
import {
  savedViewSchema,
  ticketFiltersSchema,
  ticketPageSchema,
  ticketQuerySchema,
  viewCountsSchema,
} from '../domain/queue'
import { MACRO_LIMIT, macroInputSchema, macroSchema } from '../domain/macros'
import { overviewInputSchema, overviewSchema } from '../domain/overview'
import {
  TEMPLATE_FILE_MAX_CHARS,
  TEMPLATE_LIMIT,
  templateInputSchema,
  templateSchema,
} from '../domain/templates'
import {
  alertSchema,
  cachedTicketSchema,
  contactSummarySchema,
  draftListedSchema,
  employeeSummarySchema,
  lookupsSchema,
  noticeSchema,
} from './read-schemas'
import { connectionInput, settingsPatchSchema, settingsSchema, shortText } from './settings-schema'
import { syncStatusSchema } from './sync-status-schema'

// The contract's schemas live beside it by subject; everything imports them from here.
export * from './read-schemas'
export {
  meSchema,
  settingsPatchSchema,
  settingsSchema,
  timeZoneSchema,
  type Settings,
} from './settings-schema'
export * from './sync-status-schema'
export * from './choices'

// Every object is strict (an unknown key is an error, not silently dropped) and every string has
// a length limit, so a confused or hostile caller cannot smuggle or balloon anything.
const empty = z.strictObject({}).default({})
const ticketId = z.strictObject({ id: z.number().int().positive() })

export const contract = {
  'app:info': {
    input: empty,
    output: z.strictObject({
      name: shortText,
      version: z.string().max(64),
      host: z.enum(['desktop', 'web']),
      platform: z.string().max(32),
    }),
  },
  /** Opens the folder with the app's log files (desktop); elsewhere says where logs go. */
  'app:openLogFolder': {
    input: empty,
    output: z.strictObject({ opened: z.boolean(), path: z.string().max(4096).nullable() }),
  },
  /** Notices raised before the screens could subscribe (e.g. a damaged cache rebuilt at start). */
  'app:notices': { input: empty, output: z.array(noticeSchema) },
  'settings:get': { input: empty, output: settingsSchema },
  'settings:update': { input: settingsPatchSchema, output: settingsSchema },
  'connection:test': {
    input: connectionInput,
    output: z.strictObject({ employees: z.number().int(), tickets: z.number().int() }),
  },
  /** Saves the address and token (token: undefined keeps the stored one, '' removes it). */
  'connection:connect': {
    input: connectionInput,
    output: settingsSchema,
  },
  /**
   * Forgets the address, token and identity, and clears the cache. Refused (`edits_waiting`)
   * while edits wait in the outbox, unless `discardEdits` says the agent confirmed dropping them.
   */
  'connection:signOut': {
    input: z.strictObject({ discardEdits: z.boolean().optional() }).default({}),
    output: settingsSchema,
  },
  /**
   * Employees with every word in their name (with or without the space), employee number or
   * extension: from the cache, or from the API while the cache knows no one yet.
   */
  'employees:search': {
    input: z.strictObject({
      search: z.string().max(100).default(''),
      limit: z.number().int().min(1).max(50).default(20),
    }),
    output: z.array(employeeSummarySchema),
  },
  'lookups:get': { input: empty, output: lookupsSchema },
  'tickets:query': { input: ticketQuerySchema, output: ticketPageSchema },
  /** The team overview's charts (總覽), counted in the cache: works offline. */
  'insights:overview': { input: overviewInputSchema, output: overviewSchema },
  'tickets:counts': {
    input: z.strictObject({ filters: ticketFiltersSchema.default({}) }),
    output: viewCountsSchema,
  },
  /** A negative id is a ticket created here and not sent yet (`-outboxId`, see ticketRowSchema). */
  'tickets:get': {
    input: z.strictObject({
      id: z
        .number()
        .int()
        .refine((n) => n !== 0, 'a ticket id is positive, or negative for one not sent yet'),
    }),
    output: cachedTicketSchema,
  },
  /** Every write goes through the outbox: applied at once, or queued, or waiting for the agent. */
  'tickets:create': { input: ticketWriteSchema, output: writeResultSchema },
  'tickets:update': {
    input: z.strictObject({
      id: z.number().int().positive(),
      changes: ticketUpdateSchema,
      /** What the agent started from (updated_at and the old value of each changed field). */
      base: outboxBaseSchema.optional(),
    }),
    output: writeResultSchema,
  },
  'tickets:delete': { input: ticketId, output: writeResultSchema },
  /**
   * One change for many tickets (the queue's bulk bar): each ticket becomes its own outbox
   * entry, based on its cached values, sent as a single edit is; one outcome per ticket, in order.
   */
  'tickets:bulkUpdate': { input: bulkUpdateInputSchema, output: z.array(bulkOutcomeSchema) },
  'outbox:list': { input: empty, output: z.array(outboxEntrySchema) },
  'outbox:summary': { input: empty, output: outboxSummarySchema },
  /** Sends what waits now (e.g. the agent pressed "send now" or is about to sign out). */
  'outbox:send': {
    input: empty,
    output: z.strictObject({
      sent: z.number().int(),
      waiting: z.number().int(),
      stoppedBy: appErrorSchema.nullable(),
    }),
  },
  /** The agent's answer to a conflict (a choice per field) or a rejection (corrected values). */
  'outbox:resolve': {
    input: z.strictObject({
      id: z.number().int().positive(),
      choices: z.partialRecord(z.enum(EDITABLE_FIELDS), z.enum(['mine', 'theirs'])).optional(),
      changes: ticketUpdateSchema.optional(),
    }),
    output: writeResultSchema,
  },
  /** Drops one waiting edit: the agent confirmed it in the screen. */
  'outbox:discard': { input: ticketId, output: z.strictObject({ removed: z.boolean() }) },
  'drafts:get': {
    input: z.strictObject({ key: draftKeySchema }),
    output: draftSchema.nullable(),
  },
  'drafts:save': {
    input: z.strictObject({
      key: draftKeySchema,
      // A form's worth of values: a long customer story fits, a runaway caller does not.
      values: z.record(z.string().max(64), z.unknown()),
      baseUpdatedAt: z.string().max(19).nullable(),
      baseValues: z.record(z.string().max(64), z.unknown()).nullable(),
    }),
    output: draftSchema,
  },
  'drafts:clear': {
    input: z.strictObject({ key: draftKeySchema }),
    output: z.strictObject({ key: z.string() }),
  },
  /** Every draft kept, the latest typed first (the waiting-edits screen; sign-out counts them). */
  'drafts:list': { input: empty, output: z.array(draftListedSchema) },
  /** The agent's text templates, in their order (their own file: offline, kept at sign-out). */
  'templates:list': { input: empty, output: z.array(templateSchema) },
  /** A new template (no id) at the end, or a template's new text. */
  'templates:save': {
    input: z.strictObject({
      id: z.number().int().positive().optional(),
      template: templateInputSchema,
    }),
    output: templateSchema,
  },
  'templates:delete': { input: ticketId, output: z.strictObject({ removed: z.boolean() }) },
  /** The agent's new order (ids first to last). */
  'templates:reorder': {
    input: z.strictObject({ ids: z.array(z.number().int().positive()).max(TEMPLATE_LIMIT) }),
    output: z.array(templateSchema),
  },
  /** Every template as the JSON file a supervisor hands to the team. */
  'templates:export': {
    input: empty,
    output: z.strictObject({ fileName: z.string(), text: z.string() }),
  },
  /** A file's templates appended, all or none: a newer format or a bad field imports nothing. */
  'templates:import': {
    input: z.strictObject({ text: z.string().max(TEMPLATE_FILE_MAX_CHARS) }),
    output: z.strictObject({ imported: z.number().int(), macros: z.number().int() }),
  },
  /** The agent's macros, in their order (kept, exported and imported with the templates). */
  'macros:list': { input: empty, output: z.array(macroSchema) },
  /** A new macro (no id) at the end, or a macro's new name and changes; checked against lookups. */
  'macros:save': {
    input: z.strictObject({
      id: z.number().int().positive().optional(),
      macro: macroInputSchema,
    }),
    output: macroSchema,
  },
  'macros:delete': { input: ticketId, output: z.strictObject({ removed: z.boolean() }) },
  'macros:reorder': {
    input: z.strictObject({ ids: z.array(z.number().int().positive()).max(MACRO_LIMIT) }),
    output: z.array(macroSchema),
  },
  /**
   * Contacts (the pickers and the queue's caller lookup) with every word in their name (with or
   * without the space) or membership number, or equal to their national id typed in full.
   */
  'contacts:search': {
    input: z.strictObject({
      search: z.string().max(100).default(''),
      limit: z.number().int().min(1).max(50).default(20),
    }),
    output: z.array(contactSummarySchema),
  },
  'employees:get': { input: ticketId, output: employeeSchema.nullable() },
  'views:list': { input: empty, output: z.array(savedViewSchema) },
  'views:save': { input: savedViewSchema, output: z.array(savedViewSchema) },
  'views:delete': {
    input: z.strictObject({ id: z.string().max(64) }),
    output: z.array(savedViewSchema),
  },
  /** Alerts raised and not opened yet, newest first. */
  'alerts:list': { input: empty, output: z.array(alertSchema) },
  /** The agent opened this ticket: its alerts stop counting. Returns the ones left. */
  'alerts:seen': {
    input: z.strictObject({ ticketId: z.number().int().positive() }),
    output: z.array(alertSchema),
  },
  'sync:status': { input: empty, output: syncStatusSchema },
  'sync:now': { input: empty, output: z.strictObject({ started: z.boolean() }) },
  'sync:cancel': { input: empty, output: z.strictObject({ cancelled: z.boolean() }) },
  /** The shell's power events: no ticket sync while the machine sleeps or the screen is locked. */
  'sync:pause': {
    input: z.strictObject({ reason: z.enum(['suspend', 'lock']) }),
    output: z.strictObject({ paused: z.boolean() }),
  },
  /** The reason is over; when none is left the sync resumes with a catch-up. */
  'sync:resume': {
    input: z.strictObject({ reason: z.enum(['suspend', 'lock']) }),
    output: z.strictObject({ paused: z.boolean() }),
  },
  /**
   * Re-reads the ticket on screen from the server (with its contact's other tickets, one
   * request) and stores it; returns the fresh copy, or null when offline or unchanged.
   */
  'tickets:refresh': { input: ticketId, output: cachedTicketSchema.nullable() },
  /** The ticket the agent has open and whether the form has unsaved changes (team hub). */
  'hub:presence': { input: hubPresenceInputSchema, output: colleaguesSchema },
  /** Colleagues' desktops as the hub last said (empty without a hub). */
  'hub:colleagues': { input: empty, output: colleaguesSchema },
  /** The ticket's history from the hub (who changed what), or what the cache kept of it. */
  'hub:history': { input: ticketId, output: ticketHistorySchema },
  /**
   * Writes the queue's question (view, filters, search, sort) to a CSV or XLSX file; answers
   * when it is complete or cancelled. The desktop shell saves it where the agent chose, the
   * browser host downloads it (GET /export/file).
   */
  'export:start': { input: exportRequestSchema, output: exportResultSchema },
  'export:cancel': {
    input: z.strictObject({ id: exportIdSchema }),
    output: z.strictObject({ cancelled: z.boolean() }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>

export const events = {
  /** Online / offline / syncing (with progress) / error, and the last sync time. */
  'sync:status': syncStatusSchema,
  /** Cached tickets changed (sync, save, delete, reset): the queue re-reads its page. */
  'tickets:changed': z.strictObject({
    reason: z.enum(['sync', 'save', 'delete', 'reset']),
    ids: z.array(z.number().int()).optional(),
  }),
  /** What waits in the outbox changed: the status bar's count, the queue's pending marks. */
  'outbox:changed': outboxSummarySchema,
  /** Something the agent should be told once, e.g. a damaged cache set aside and rebuilt. */
  'app:notice': noticeSchema,
  /** New alerts (newly assigned to me, due soon, overdue), each raised once. */
  'alerts:raised': z.strictObject({ alerts: z.array(alertSchema) }),
  /** The desktop shell's notification was clicked: the screens open this ticket. */
  'alerts:open': z.strictObject({ ticketId: z.number().int() }),
  /** Colleagues' desktops changed (team hub presence). */
  'hub:colleagues': colleaguesSchema,
  /** The hub's feed changed these tickets (a colleague's save shows "changed by … just now"). */
  'hub:changed': hubChangedSchema,
  /** An export's rows written so far, after every page. */
  'export:progress': exportProgressSchema,
} as const satisfies Record<string, z.ZodType>

export type Contract = typeof contract
export type Channel = keyof Contract
export type EventName = keyof typeof events
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

export const CHANNELS = Object.keys(contract) as Channel[]
export const EVENT_NAMES = Object.keys(events) as EventName[]

/** What every call returns across a transport: errors keep their code, fields and wait. */
export type Envelope<T> =
  { ok: true; value: T } | { ok: false; error: z.infer<typeof appErrorSchema> }

/** The handlers the core implements: one per channel, so a missing one fails to compile. */
export type Handlers = {
  [C in Channel]: (input: ParsedInputOf<C>) => Promise<OutputOf<C>> | OutputOf<C>
}

/** Names of the IPC channels, prefixed so they cannot clash with Electron's own. */
export const ipcChannel = (channel: Channel): string => `ac:${channel}`
export const ipcEvent = (event: EventName): string => `ac-event:${event}`

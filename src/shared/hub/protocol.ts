/**
 * The team hub's wire protocol, version 1: the one definition both ends validate against (the hub
 * in src/hub, the desktop's follower in the core). Every path is under HUB_PREFIX; every request
 * carries `Authorization: Bearer <the agent's vendor token>`; every error body is HubErrorBody.
 *
 * Refinements over the first sketch, kept here so both sides read them in one place:
 * - `at` is the hub's clock formatted in the vendor's server time zone (`YYYY-MM-DD HH:MM:SS`).
 * - A Change's `ticket` is the vendor's ticket JSON as the listing or `GET /ticket/{id}` returned
 *   it (unknown fields kept); `lists` is the five lookup lists as the vendor sent them.
 * - SSE: each `change` event's `id` is the cursor just after it, so `Last-Event-ID` resumes there.
 *   A `reset` event (data ResetEvent) is followed by the end of the stream.
 * - Snapshot: `begin.tickets` is the count when the read began, `end.tickets` the ticket lines
 *   sent; they differ only when a damaged stored ticket was left out (the hub fetches it again and
 *   logs it as a change after the cursor). The client checks its count against `end`.
 * - `oldestSeq` in health is the smallest cursor seq `changes` still answers without 410: a cursor
 *   `E:S` is served when `oldestSeq <= S <= head` (the changes after it are all still kept); a
 *   seq past the head (a cursor from a store restored from backup) also answers 410.
 */
import { z } from 'zod'
import {
  API_DATETIME_RE,
  categorySchema,
  employeeSchema,
  sponsorSchema,
  subCategorySchema,
  terminationCodeSchema,
  ticketSchema,
} from '../domain/api-schemas'

export const HUB_PREFIX = '/hub/v1'

/** Limits both ends know; the hub enforces them, the client stays inside them. */
export const HUB_LIMITS = {
  changesDefault: 500,
  changesMax: 1000,
  touchedMaxIds: 50,
  nameMax: 60,
  /** Largest request body the hub reads, in bytes. */
  bodyMaxBytes: 16 * 1024,
  /** A desktop sends presence on change and at least this often. */
  presenceHeartbeatMs: 5_000,
  /** The hub forgets a desktop after this long without a heartbeat. */
  presenceTtlMs: 15_000,
  /** A `: ping` comment on every open stream this often. */
  streamPingMs: 15_000,
  /** Changes and tombstones are kept at least this long. */
  retentionDays: 8,
} as const

export const HUB_ERROR_CODES = [
  'unauthorized', // 401: no token, or the vendor does not accept it
  'bad_request', // 400: the request fails its schema (message says which field)
  'too_large', // 413: body over HUB_LIMITS.bodyMaxBytes
  'rate_limited', // 429, with Retry-After in seconds
  'snapshot_required', // 410: the cursor is from another epoch or older than the oldest kept change
  'not_found', // 404
  'unavailable', // 503: the hub cannot do it now (e.g. the vendor is unreachable for a check)
] as const
export type HubErrorCode = (typeof HUB_ERROR_CODES)[number]

export const hubErrorBodySchema = z.object({
  error: z.object({ code: z.enum(HUB_ERROR_CODES), message: z.string() }),
})
export type HubErrorBody = z.infer<typeof hubErrorBodySchema>

/** `<epoch>:<seq>`: epoch is the store's random id, seq the change log's sequence number. */
const CURSOR_RE = /^([A-Za-z0-9_-]{1,64}):(0|[1-9]\d{0,14})$/
export const cursorSchema = z.string().regex(CURSOR_RE, 'a cursor is "<epoch>:<seq>"')
export interface Cursor {
  epoch: string
  seq: number
}
export function formatCursor(cursor: Cursor): string {
  return `${cursor.epoch}:${cursor.seq}`
}
/** The cursor in `text`, or null when it is not one. */
export function parseCursor(text: string): Cursor | null {
  const m = CURSOR_RE.exec(text)
  return m ? { epoch: m[1] as string, seq: Number(m[2]) } : null
}

const serverDateTime = z.string().regex(API_DATETIME_RE)
const positiveId = z.number().int().positive()

export const lookupListsSchema = z.object({
  employees: z.array(employeeSchema),
  sponsors: z.array(sponsorSchema),
  terminationCodes: z.array(terminationCodeSchema),
  categories: z.array(categorySchema),
  subCategories: z.array(subCategorySchema),
})
export type HubLookupLists = z.infer<typeof lookupListsSchema>

/** Who made a change through a console (their "who am I"; the vendor cannot say whose a token is). */
export const changeBySchema = z.strictObject({
  employeeId: positiveId,
  name: z.string().trim().min(1).max(HUB_LIMITS.nameMax),
})
export type ChangeBy = z.infer<typeof changeBySchema>

const changeBase = { seq: positiveId, at: serverDateTime, by: changeBySchema.optional() }
export const changeSchema = z.discriminatedUnion('kind', [
  z.object({ ...changeBase, kind: z.literal('ticket'), ticket: ticketSchema }),
  z.object({ ...changeBase, kind: z.literal('deleted'), id: positiveId }),
  z.object({ ...changeBase, kind: z.literal('lookups'), lists: lookupListsSchema }),
])
export type Change = z.infer<typeof changeSchema>

/** GET /changes?after=E:S&limit=N */
export const changesQuerySchema = z.object({
  after: cursorSchema,
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(HUB_LIMITS.changesMax)
    .default(HUB_LIMITS.changesDefault),
})
export const changesResponseSchema = z.object({
  cursor: cursorSchema,
  more: z.boolean(),
  changes: z.array(changeSchema),
})
export type ChangesResponse = z.infer<typeof changesResponseSchema>

/**
 * GET /snapshot?form=rows-index&schema=N: the snapshot in the cache's stored form, for a desktop
 * whose cache is empty and at schema N (the cache's migration version), its search index shipped
 * built. The hub answers in that form only when its own store is at the same N (`begin.form`
 * says which form came); otherwise the ticket form, which every desktop reads. `form=rows` was
 * the earlier stored form (the index's tokens, indexed again by the desktop): it is answered in
 * the ticket form, which the desktops that ask for it read as well; so is any form this hub does
 * not know, so that a later desktop still syncs from an earlier hub.
 */
export const SNAPSHOT_FORM_ROWS = 'rows-index'
export const snapshotQuerySchema = z.object({
  // Any other form (the earlier `rows`, a later one) is answered in the ticket form.
  form: z.string().max(40).optional(),
  schema: z.coerce.number().int().min(0).optional(),
})

/**
 * The search index's own tables (FTS5's shadow tables of `ticket_search`), shipped after every
 * ticket: blocks of the index as the hub built it for exactly the tickets sent. Their blob cells
 * (SNAPSHOT_BLOB_COLUMNS) travel as base64 text.
 */
export const SNAPSHOT_INDEX_TABLES = [
  'ticket_search_config',
  'ticket_search_idx',
  'ticket_search_data',
] as const
export const SNAPSHOT_BLOB_COLUMNS: Readonly<Record<string, string>> = {
  ticket_search_idx: 'term',
  ticket_search_data: 'block',
}

/**
 * The cache's tables a rows snapshot fills, in the order their lines come (a ticket's row before
 * the rows that refer to it, the search index last). `snapshots` rows carry no hash (the desktop
 * computes it from the JSON).
 */
export const SNAPSHOT_ROW_TABLES = [
  'snapshots',
  'employees',
  'contacts',
  'tickets',
  'ticket_json',
  'interactions',
  ...SNAPSHOT_INDEX_TABLES,
] as const
export type SnapshotRowTable = (typeof SNAPSHOT_ROW_TABLES)[number]
/** A cell of a rows line: SQLite's values as JSON has them (no blobs). */
export type SnapshotCell = string | number | null

const snapshotCount = z.number().int().min(0)
/**
 * One line of GET /snapshot (application/x-ndjson): begin, lookups, then ticket... (the ticket
 * form) or rows... (the rows form), end. A rows line's cells are checked by the desktop against
 * its own table (checkSnapshotRows), not here: a deep schema per cell was most of the check.
 */
export const snapshotLineSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('begin'),
    cursor: cursorSchema,
    tickets: snapshotCount,
    form: z.literal(SNAPSHOT_FORM_ROWS).optional(),
    schema: z.number().int().min(0).optional(),
  }),
  z.object({ type: z.literal('lookups'), lists: lookupListsSchema }),
  z.object({ type: z.literal('ticket'), ticket: ticketSchema }),
  z.object({
    type: z.literal('rows'),
    table: z.enum(SNAPSHOT_ROW_TABLES),
    columns: z.array(z.string()).min(1),
    rows: z.array(z.unknown()),
  }),
  z.object({ type: z.literal('end'), cursor: cursorSchema, tickets: snapshotCount }),
])
export type SnapshotLine = z.infer<typeof snapshotLineSchema>

/** PUT /presence, and one desktop of the presence picture. */
export const presenceSchema = z.strictObject({
  desktopId: z.uuid(),
  employeeId: positiveId.nullable(),
  name: z.string().trim().max(HUB_LIMITS.nameMax),
  ticketId: positiveId.nullable(),
  editing: z.boolean(),
})
export type Presence = z.infer<typeof presenceSchema>
export const presencePictureSchema = z.object({ desktops: z.array(presenceSchema) })
export type PresencePicture = z.infer<typeof presencePictureSchema>

/**
 * POST /touched: ids whose vendor copy the hub re-reads with its own token; `by` when the writer
 * knows who it is (a desktop's "who am I"; the CLI has none and sends only the ids).
 */
export const touchedSchema = z.strictObject({
  ids: z.array(positiveId).min(1).max(HUB_LIMITS.touchedMaxIds),
  by: changeBySchema.optional(),
})
export type Touched = z.infer<typeof touchedSchema>

/** Server-sent events of GET /stream?after=E:S[&desktopId=uuid]. */
export const HUB_STREAM_EVENTS = { change: 'change', presence: 'presence', reset: 'reset' } as const
export const resetEventSchema = z.object({ code: z.literal('snapshot_required') })
export const streamQuerySchema = z.object({
  after: cursorSchema.optional(),
  desktopId: z.uuid().optional(),
})

/** GET /history/:ticketId: the ticket's change log, oldest first; national ids never included. */
export const historyFieldSchema = z.object({
  field: z.string(),
  old: z.unknown(),
  new: z.unknown(),
})
export const historyEntrySchema = z.object({
  seq: positiveId,
  at: serverDateTime,
  by: changeBySchema.nullable(),
  kind: z.enum(['created', 'changed', 'deleted']),
  fields: z.array(historyFieldSchema),
})
export type HistoryEntry = z.infer<typeof historyEntrySchema>
export const historyResponseSchema = z.object({
  ticketId: positiveId,
  entries: z.array(historyEntrySchema),
})
export type HistoryResponse = z.infer<typeof historyResponseSchema>

export const HUB_TIERS = ['new', 'open', 'lookups', 'all'] as const
export type HubTier = (typeof HUB_TIERS)[number]
const tierHealthSchema = z.object({
  /** When the tier last finished (server time), or null before its first run. */
  lastSyncAt: serverDateTime.nullable(),
  /** Whether its last run succeeded; null before its first run. */
  ok: z.boolean().nullable(),
})
/** GET /health (authenticated like every path). */
export const healthSchema = z.object({
  vendor: z.object({ reachable: z.boolean(), lastError: z.string().nullable() }),
  tiers: z.object({
    new: tierHealthSchema,
    open: tierHealthSchema,
    lookups: tierHealthSchema,
    all: tierHealthSchema,
  }),
  desktops: z.number().int().min(0),
  head: cursorSchema,
  epoch: z.string(),
  oldestSeq: z.number().int().min(0),
  /**
   * What the hub sent the vendor since it started, by kind (additive: for benchmarks and IT):
   * the floor's reads (tiers), re-reads for desktops' writes, and token checks.
   */
  vendorTraffic: z
    .object({
      requests: z.number().int().min(0),
      bytes: z.number().int().min(0),
      rereads: z.number().int().min(0),
      tokenChecks: z.number().int().min(0),
    })
    .optional(),
})
export type HubHealth = z.infer<typeof healthSchema>

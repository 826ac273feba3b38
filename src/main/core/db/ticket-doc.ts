/**
 * The stored form of a ticket: the server's JSON with each embedded object (the creater, the
 * handler, every interaction's handler, the contact, the sponsor, the category...) replaced by
 * the id of a row in `snapshots`, which holds each distinct object once, keyed by a hash of its
 * exact JSON. A 100-ticket page embeds the same few employees dozens of times; stored whole, the
 * copies were most of each ticket's ~2.9 KB and of the file (docs/measurements.md, "Cache size").
 *
 * Exact, not approximate: a snapshot is the object's own JSON text (its key order, nulls, unknown
 * fields), so two versions of one employee are two snapshots, and reassembling puts each back in
 * its key's place. The rule that makes a number unambiguous: at the paths below, every present,
 * non-null value is stored as a snapshot id (even one that is not an object), so a number there is
 * always a reference; a null or a missing key is kept as it was.
 *
 * Of the stored objects, a contact's national id (identity_no) is only in the contact's snapshot
 * (the contacts table points at the snapshot too), so sealing it means sealing one kind of row.
 * Derived from it for the exact-match search: contacts.identity_key and the search index's
 * `ident` column (search-index.ts, people-search.ts).
 */
import { createHash } from 'node:crypto'
import type { Ticket } from '../../../shared/domain/api-schemas'
import type { Db } from './open-database'
import { stmt } from './statements'

/** Top-level keys whose values are stored as snapshots, with the kind each row is filed under. */
export const TICKET_EMBEDS = {
  creater: 'employee',
  handler: 'employee',
  contact: 'contact',
  sponsor: 'sponsor',
  sub_category: 'sub_category',
  termination_code: 'termination_code',
  category: 'category',
  campaign_queue: 'campaign_queue',
} as const

/** Keys inside each element of `interact_collections` stored as snapshots. */
export const INTERACTION_EMBEDS = { handler: 'employee' } as const

export type SnapshotKind =
  | (typeof TICKET_EMBEDS)[keyof typeof TICKET_EMBEDS]
  | (typeof INTERACTION_EMBEDS)[keyof typeof INTERACTION_EMBEDS]

const TOP = Object.entries(TICKET_EMBEDS) as [string, SnapshotKind][]
const INNER = Object.entries(INTERACTION_EMBEDS) as [string, SnapshotKind][]

/**
 * A stored ticket that cannot be read back (its JSON does not parse, or a snapshot it names is
 * missing or damaged). The record is damage, not a reason to stop: drop it and fetch the ticket
 * again. `ticketId` says which.
 */
export class DamagedRecordError extends Error {
  constructor(
    readonly ticketId: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The cached copy of ticket ${ticketId} is damaged (${detail}); ` +
        'delete it and fetch the ticket again',
      options,
    )
    this.name = 'DamagedRecordError'
  }
}

export function isDamagedRecord(error: unknown): error is DamagedRecordError {
  return error instanceof DamagedRecordError
}

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Snapshot ids by JSON text, for one write: a page names the same few objects again and again. */
export type SnapshotMemo = Map<string, number>

/** The id of the snapshot holding exactly `json`, adding it if new (repairing a damaged copy). */
export function internSnapshot(
  db: Db,
  kind: SnapshotKind,
  json: string,
  memo?: SnapshotMemo,
): number {
  const known = memo?.get(json)
  if (known !== undefined) return known
  const hash = createHash('sha256').update(json).digest()
  const row = stmt(db, 'SELECT id, json FROM snapshots WHERE hash = ?').get(hash) as
    { id: number; json: string } | undefined
  let id: number
  if (row) {
    id = row.id
    // Same hash, other text: the stored copy was damaged. The hash says what it must hold.
    if (row.json !== json) stmt(db, 'UPDATE snapshots SET json = ? WHERE id = ?').run(json, id)
  } else {
    id = Number(
      stmt(db, 'INSERT INTO snapshots (hash, kind, json) VALUES (?, ?, ?)').run(hash, kind, json)
        .lastInsertRowid,
    )
  }
  memo?.set(json, id)
  return id
}

function ref(db: Db, kind: SnapshotKind, value: unknown, memo: SnapshotMemo): number {
  return internSnapshot(db, kind, JSON.stringify(value), memo)
}

/** The ticket's stored JSON: the server's, each embedded object replaced by its snapshot id. */
export function packTicket(db: Db, ticket: Ticket, memo: SnapshotMemo = new Map()): string {
  // A shallow copy keeps every key in its place; only the embedded values are swapped.
  const out: Json = { ...ticket }
  for (const [key, kind] of TOP) {
    const value = out[key]
    if (value !== null && value !== undefined) out[key] = ref(db, kind, value, memo)
  }
  const items = out['interact_collections']
  if (Array.isArray(items)) {
    out['interact_collections'] = items.map((item: unknown) => {
      if (!isObject(item)) return item
      let copy: Json | null = null
      for (const [key, kind] of INNER) {
        const value = item[key]
        if (value === null || value === undefined) continue
        copy ??= { ...item }
        copy[key] = ref(db, kind, value, memo)
      }
      return copy ?? item
    })
  }
  return JSON.stringify(out)
}

/** Reads snapshot texts by id; throws for one that is missing (the caller names the ticket). */
export type SnapshotSource = (id: number) => string | undefined

export function snapshotSource(db: Db): SnapshotSource {
  // Prepared on first use: a cache still in the old form has no snapshots table yet.
  let get: ReturnType<typeof stmt> | null = null
  return (id) => {
    get ??= stmt(db, 'SELECT json FROM snapshots WHERE id = ?').pluck()
    return get.get(id) as string | undefined
  }
}

function resolve(
  id: number | undefined,
  ref: number,
  source: SnapshotSource,
  where: string,
): unknown {
  const json = source(ref)
  if (json === undefined) {
    throw new DamagedRecordError(id ?? NaN, `snapshot ${ref} of ${where} is missing`)
  }
  try {
    return JSON.parse(json) as unknown
  } catch (cause) {
    throw new DamagedRecordError(id ?? NaN, `snapshot ${ref} of ${where} does not parse`, {
      cause,
    })
  }
}

/**
 * The stored JSON parsed, embedded objects still references (its own fields are all there).
 * `id`, when known, is checked against the record's own.
 */
export function parseStored(stored: string, id?: number): Json {
  let doc: unknown
  try {
    doc = JSON.parse(stored)
  } catch (cause) {
    throw new DamagedRecordError(id ?? NaN, 'its JSON does not parse', { cause })
  }
  if (!isObject(doc) || (id !== undefined && doc['id'] !== id)) {
    throw new DamagedRecordError(id ?? NaN, 'not a ticket object')
  }
  return doc
}

/**
 * The ticket exactly as the server sent it, from its stored JSON and the snapshots it names;
 * `keys` limits which top-level embedded objects are resolved (the others stay references).
 * Also reads the form before migration 80 (whole objects in place): only a number at an
 * embedded path is a reference, since packing turns every other value there into one.
 */
export function unpackTicket(
  id: number | undefined,
  stored: string,
  source: SnapshotSource,
  keys?: readonly string[],
): Ticket {
  const doc = parseStored(stored, id)
  for (const [key] of TOP) {
    const value = doc[key]
    if (typeof value === 'number' && (!keys || keys.includes(key))) {
      doc[key] = resolve(id, value, source, key)
    }
  }
  const items = doc['interact_collections']
  if (!keys && Array.isArray(items)) {
    items.forEach((item: unknown, i) => {
      if (!isObject(item)) return
      for (const [key] of INNER) {
        const value = item[key]
        if (typeof value === 'number') {
          item[key] = resolve(id, value, source, `interact_collections[${i}].${key}`)
        }
      }
    })
  }
  return doc as Ticket
}

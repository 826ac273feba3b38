/**
 * The feed's answers built from the change log and the cache: changes after a cursor, a ticket's
 * history, and the snapshot (read in one transaction on its own connection, so it is pinned at
 * one seq while it streams).
 */
import type { Db } from '../main/core/db/open-database'
import { memoSource } from '../main/core/db/snapshot-rows'
import { openDatabase } from '../main/core/db/open-database'
import {
  isDamagedRecord,
  snapshotSource,
  unpackTicket,
  type SnapshotSource,
} from '../main/core/db/ticket-doc'
import type { Ticket } from '../shared/domain/api-schemas'
import { NATIONAL_ID_FIELDS } from '../shared/domain/personal-data'
import { serverNow } from '../shared/domain/server-time'
import {
  formatCursor,
  type Change,
  type ChangesResponse,
  type HistoryEntry,
  type HistoryResponse,
  type HubLookupLists,
  type SnapshotLine,
} from '../shared/hub/protocol'
import {
  changesAfter,
  changesOfTicket,
  epochOf,
  headSeq,
  isBaselineCreation,
  prunedThrough,
  type ChangeRow,
} from './change-log'

/** A stored UTC time as the vendor's server time. */
export function atServerTime(utc: string, timeZone: string): string {
  return serverNow(timeZone, new Date(utc.replace(' ', 'T') + 'Z'))
}

function byOf(row: ChangeRow): { employeeId: number; name: string } | null {
  return row.by_id !== null && row.by_name !== null
    ? { employeeId: row.by_id, name: row.by_name }
    : null
}

export function toChange(row: ChangeRow, source: SnapshotSource, timeZone: string): Change {
  const base = { seq: row.seq, at: atServerTime(row.at, timeZone) }
  const by = byOf(row)
  const withBy = by ? { ...base, by } : base
  if (row.kind === 'lookups') {
    return { ...withBy, kind: 'lookups', lists: JSON.parse(row.json ?? '{}') as HubLookupLists }
  }
  if (row.kind === 'deleted' || row.json === null) {
    return { ...withBy, kind: 'deleted', id: row.ticket_id ?? 0 }
  }
  return {
    ...withBy,
    kind: 'ticket',
    ticket: unpackTicket(row.ticket_id ?? undefined, row.json, source),
  }
}

/** Whether `seq` of this store's epoch can be followed: neither pruned past nor from the future. */
export function cursorServable(db: Db, epoch: string, seq: number): boolean {
  return epoch === epochOf(db) && seq >= prunedThrough(db) && seq <= headSeq(db)
}

/** The changes after `seq` (the caller has checked the cursor). */
export function readChanges(db: Db, seq: number, limit: number, timeZone: string): ChangesResponse {
  const rows = changesAfter(db, seq, limit + 1)
  const page = rows.slice(0, limit)
  const source = snapshotSource(db)
  const last = page.at(-1)?.seq ?? seq
  return {
    cursor: formatCursor({ epoch: epochOf(db), seq: last }),
    more: rows.length > limit,
    changes: page.map((row) => toChange(row, source, timeZone)),
  }
}

function isScalar(value: unknown): boolean {
  return value === null || value === undefined || typeof value !== 'object'
}

/** Fields left out of history: noise (every change moves updated_at) and personal data. */
const NOT_HISTORY = new Set(['updated_at', ...NATIONAL_ID_FIELDS])

/**
 * The vendor's scalar fields that differ (embedded objects and lists are left out: their ids are
 * fields of their own, and the contact's object holds a national id).
 */
export function changedFields(before: Ticket | null, after: Ticket | null): HistoryEntry['fields'] {
  if (!after) return []
  const old = (before ?? {}) as Record<string, unknown>
  const now = after as Record<string, unknown>
  const keys = new Set([...Object.keys(old), ...Object.keys(now)])
  const fields: HistoryEntry['fields'] = []
  for (const key of keys) {
    if (NOT_HISTORY.has(key) || key === 'id') continue
    const a = old[key] ?? null
    const b = now[key] ?? null
    if (!isScalar(a) || !isScalar(b) || a === b) continue
    fields.push({ field: key, old: a, new: b })
  }
  return fields
}

export function readHistory(db: Db, ticketId: number, timeZone: string): HistoryResponse {
  const source = snapshotSource(db)
  let previous: Ticket | null = null
  const entries: HistoryEntry[] = []
  for (const row of changesOfTicket(db, ticketId)) {
    const before = previous
    const ticket = row.json === null ? null : unpackTicket(ticketId, row.json, source)
    const baseline = row.kind === 'created' && isBaselineCreation(db, row.seq, ticket?.created_at)
    previous = ticket
    if (baseline) continue
    entries.push({
      seq: row.seq,
      at: atServerTime(row.at, timeZone),
      by: byOf(row),
      kind: row.kind === 'lookups' ? 'changed' : row.kind,
      fields: changedFields(before, ticket),
    })
  }
  return { ticketId, entries }
}

/** Tickets per read and per chunk written (~1.5 MB of JSON). */
const SNAPSHOT_BATCH = 500

export function lookupsIn(db: Db): HubLookupLists {
  const all = (sql: string): unknown[] =>
    (db.prepare(sql).all() as { json: string }[]).map((r) => JSON.parse(r.json) as unknown)
  return {
    employees: all('SELECT json FROM employees WHERE from_list = 1 ORDER BY position'),
    sponsors: all('SELECT json FROM sponsors ORDER BY position'),
    terminationCodes: all('SELECT json FROM termination_codes ORDER BY position'),
    categories: all('SELECT json FROM categories ORDER BY position'),
    subCategories: all('SELECT json FROM sub_categories ORDER BY position'),
  } as HubLookupLists
}

/**
 * The snapshot as chunks of newline-ended JSON lines (begin, lookups, one per ticket, end), read
 * in one transaction on a connection of its own, closed at the end or when the consumer stops.
 */
export async function* snapshotChunks(
  path: string,
  key: Buffer | null,
): AsyncGenerator<string, void, undefined> {
  const db = openDatabase(path, { key, readonly: true })
  try {
    db.exec('BEGIN')
    const epoch = epochOf(db)
    const cursor = formatCursor({ epoch, seq: headSeq(db) })
    const count = (db.prepare('SELECT COUNT(*) AS n FROM ticket_json').get() as { n: number }).n
    const line = (value: SnapshotLine): string => JSON.stringify(value) + '\n'
    yield (
      line({ type: 'begin', cursor, tickets: count }) +
      line({ type: 'lookups', lists: lookupsIn(db) })
    )
    const source = memoSource(db)
    const batch = db.prepare('SELECT id, json FROM ticket_json WHERE id > ? ORDER BY id LIMIT ?')
    let last = Number.MIN_SAFE_INTEGER
    let sent = 0
    for (;;) {
      const rows = batch.all(last, SNAPSHOT_BATCH) as { id: number; json: string }[]
      if (rows.length === 0) break
      let chunk = ''
      for (const row of rows) {
        last = row.id
        let ticket: Ticket
        try {
          ticket = unpackTicket(row.id, row.json, source)
        } catch (error) {
          // Damage is left out (the next sweep stores the ticket again and logs it as a change).
          if (isDamagedRecord(error)) continue
          throw error
        }
        sent += 1
        chunk += line({ type: 'ticket', ticket })
      }
      yield chunk
    }
    yield line({ type: 'end', cursor, tickets: sent })
    db.exec('COMMIT')
  } finally {
    db.close()
  }
}

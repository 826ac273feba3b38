/** Reads single tickets and the id lists the sync needs for change and deletion detection. */
import type { Ticket } from '../../../shared/domain/api-schemas'
import type { Db } from './open-database'
import { stmt } from './statements'
import {
  DamagedRecordError,
  snapshotSource,
  TICKET_EMBEDS,
  unpackTicket,
  type SnapshotSource,
} from './ticket-doc'

export interface CachedTicket {
  ticket: Ticket
  syncedAt: string | null
}

/**
 * The ticket exactly as the server sent it (every field, unknown ones too), reassembled from its
 * stored JSON and snapshots. Throws DamagedRecordError (ticket-doc.ts) for a record that cannot
 * be read back: the caller drops it and fetches the ticket again.
 */
export function getTicket(db: Db, id: number): CachedTicket | null {
  const row = stmt(db, 'SELECT json, synced_at FROM ticket_json WHERE id = ?').get(id) as
    { json: string; synced_at: string | null } | undefined
  if (!row) return null
  const ticket: Ticket = unpackTicket(id, row.json, snapshotSource(db))
  return { ticket, syncedAt: row.synced_at }
}

/** A ticket's embedded objects by name (creater, contact, sponsor...). */
export type TicketEmbed = keyof typeof TICKET_EMBEDS

/**
 * Many tickets at once, each with only the embedded objects `embeds` names (the others, and the
 * interactions, left out): for reading a few fields of thousands of tickets (the export), one
 * statement, each snapshot read and parsed once however many tickets share it. A record that
 * cannot be read back is left out and passed to `onDamaged`.
 */
export function getTickets(
  db: Db,
  ids: readonly number[],
  embeds: readonly TicketEmbed[],
  onDamaged: (id: number) => void,
): Map<number, Ticket> {
  const rows = stmt(
    db,
    'SELECT t.id AS id, t.json AS json FROM json_each(?) AS j CROSS JOIN ticket_json AS t ON t.id = j.value',
  ).all(JSON.stringify(ids)) as { id: number; json: string }[]
  const read = snapshotSource(db)
  const seen = new Map<number, string | undefined>()
  const source: SnapshotSource = (ref) => {
    if (!seen.has(ref)) seen.set(ref, read(ref))
    return seen.get(ref)
  }
  const out = new Map<number, Ticket>()
  for (const row of rows) {
    try {
      const ticket = unpackTicket(row.id, row.json, source, embeds)
      for (const key of Object.keys(TICKET_EMBEDS) as TicketEmbed[])
        if (!embeds.includes(key)) delete ticket[key]
      delete ticket.interact_collections
      out.set(row.id, ticket)
    } catch (error) {
      if (!(error instanceof DamagedRecordError)) throw error
      onDamaged(row.id)
    }
  }
  return out
}

/**
 * Ids of cached tickets in the hot tier: one of `statuses`, or created at or after
 * `createdSince` (server time).
 */
export function hotTicketIds(db: Db, statuses: readonly number[], createdSince: string): number[] {
  const inList = statuses.length > 0 ? `status IN (${statuses.map(() => '?').join(', ')}) OR ` : ''
  return stmt(db, `SELECT id FROM tickets WHERE ${inList}created_at >= ? ORDER BY id`)
    .pluck()
    .all(...statuses, createdSince) as number[]
}

export function allTicketIds(db: Db): number[] {
  return stmt(db, 'SELECT id FROM tickets ORDER BY id').pluck().all() as number[]
}

export function ticketCount(db: Db): number {
  return stmt(db, 'SELECT count(*) FROM tickets').pluck().get() as number
}

/** updated_at of each cached ticket among `ids` (absent ids are not in the map). */
export function ticketUpdatedAt(db: Db, ids: readonly number[]): Map<number, string | null> {
  const out = new Map<number, string | null>()
  const get = stmt(db, 'SELECT updated_at FROM tickets WHERE id = ?')
  for (const id of ids) {
    const row = get.get(id) as { updated_at: string | null } | undefined
    if (row) out.set(id, row.updated_at)
  }
  return out
}

/**
 * Ids of cached tickets handled by `handlerId` with one of `statuses`, in the queue's default
 * order (due soonest first, then highest priority, then newest), so a caller that takes only the
 * first few takes the most urgent.
 */
export function ticketIdsFor(db: Db, handlerId: number, statuses: readonly number[]): number[] {
  if (statuses.length === 0) return []
  const sql =
    `SELECT id FROM tickets WHERE handler_id = ? AND status IN (${statuses.map(() => '?').join(', ')}) ` +
    'ORDER BY due_at IS NULL, due_at, priority DESC, id DESC'
  return stmt(db, sql)
    .pluck()
    .all(handlerId, ...statuses) as number[]
}

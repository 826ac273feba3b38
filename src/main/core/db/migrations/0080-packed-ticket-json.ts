import type { Db } from '../open-database'
import { internSnapshot, packTicket, type SnapshotMemo } from '../ticket-doc'
import type { Ticket } from '../../../../shared/domain/api-schemas'
import type { Migration } from './migration'

/** Rows per batch: bounded memory, and the connection cannot write while a statement iterates. */
const BATCH = 500

/**
 * Each embedded object stored once (ticket-doc.ts): `snapshots`, keyed by a hash of the exact
 * JSON; each ticket's stored JSON packed to reference it (~2.9 KB to ~1 KB a ticket, one row per
 * database page to three or four); contacts point at their snapshot instead of a copy; the
 * interactions table loses its copy of each record, which the ticket's JSON holds and nothing
 * read. A stored ticket whose JSON does not parse is left as it is: reading it reports the damage
 * (DamagedRecordError) and the sync fetches it again. The old copies' pages are given back by a
 * VACUUM after the upgrade (100,000 tickets: 770 MB during it, 271 MB after; the VACUUM took
 * 6.7 s and the conversion 6.4 s of CPU, docs/measurements.md, "Cache size").
 */
function packTickets(db: Db): void {
  // Into a new table, in id order: packed rows updated in place would keep one page each (a
  // b-tree does not merge pages that shrink), and the file would not get any smaller inside.
  db.exec(`
    CREATE TABLE ticket_json_packed (
      id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
      synced_at TEXT,
      json TEXT NOT NULL
    );
  `)
  const batch = db.prepare(
    'SELECT id, synced_at, json FROM ticket_json WHERE id > ? ORDER BY id LIMIT ?',
  )
  const insert = db.prepare('INSERT INTO ticket_json_packed (id, synced_at, json) VALUES (?, ?, ?)')
  const memo: SnapshotMemo = new Map()
  let last = Number.MIN_SAFE_INTEGER
  for (;;) {
    const rows = batch.all(last, BATCH) as { id: number; synced_at: string | null; json: string }[]
    if (rows.length === 0) break
    for (const row of rows) {
      last = row.id
      let ticket: Ticket | null = null
      try {
        ticket = JSON.parse(row.json) as Ticket
      } catch {
        // Damaged: kept as it is (see above).
      }
      const json = ticket ? packTicket(db, ticket, memo) : row.json
      insert.run(row.id, row.synced_at, json)
    }
    if (memo.size > 10_000) memo.clear()
  }
  db.exec('DROP TABLE ticket_json; ALTER TABLE ticket_json_packed RENAME TO ticket_json;')
}

function pointContactsAtSnapshots(db: Db): void {
  // No foreign key: checking it cost more than the rest of the contact's write (measured), and
  // snapshots are never deleted.
  db.exec('ALTER TABLE contacts ADD COLUMN snapshot_id INTEGER')
  const batch = db.prepare('SELECT id, json FROM contacts WHERE id > ? ORDER BY id LIMIT ?')
  const update = db.prepare('UPDATE contacts SET snapshot_id = ? WHERE id = ?')
  let last = Number.MIN_SAFE_INTEGER
  for (;;) {
    const rows = batch.all(last, BATCH) as { id: number; json: string }[]
    if (rows.length === 0) break
    for (const row of rows) {
      last = row.id
      update.run(internSnapshot(db, 'contact', row.json), row.id)
    }
  }
  db.exec('ALTER TABLE contacts DROP COLUMN json')
}

export const packedTicketJson: Migration = {
  version: 80,
  name: 'packed-ticket-json',
  vacuumAfter: true,
  up(db) {
    db.exec(`
      CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        -- sha256 of json: the same object embedded in many tickets is one row.
        hash BLOB NOT NULL UNIQUE,
        -- employee, contact, sponsor, sub_category, termination_code, category, campaign_queue
        kind TEXT NOT NULL,
        json TEXT NOT NULL
      );
    `)
    packTickets(db)
    pointContactsAtSnapshots(db)
    db.exec('ALTER TABLE interactions DROP COLUMN json')
  },
}

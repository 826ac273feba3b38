/**
 * The hub's change log, in the cache's own file: every stored change of a ticket (created,
 * changed, deleted) is numbered by SQLite triggers on the cache's tables, so its sequence number
 * is assigned in the very transaction that wrote it, whatever part of the core wrote it. A
 * re-read that changes nothing stores nothing (the cache skips it, and the update trigger fires
 * only when the stored JSON differs). Lookup list changes are numbered by recordLookups, inside
 * the transaction that replaced the lists.
 *
 * `seq` is AUTOINCREMENT: strictly increasing and never reused, also after pruning. `at` is
 * stored in UTC (SQLite's clock) and given out in the vendor's server time.
 */
import { randomBytes } from 'node:crypto'
import type { Db } from '../main/core/db/open-database'
import type { ChangeBy, HubLookupLists } from '../shared/hub/protocol'

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS hub_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS hub_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'changed', 'deleted', 'lookups')),
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    by_id INTEGER,
    by_name TEXT,
    -- the ticket as the cache stores it (packed, ticket-doc.ts), or the lookup lists; null: deleted
    json TEXT
  );
  CREATE INDEX IF NOT EXISTS hub_changes_by_ticket
    ON hub_changes (ticket_id, seq) WHERE ticket_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS hub_changes_by_at ON hub_changes (at);
  -- Who a write in progress is for (a desktop's "touched"); read by the triggers, emptied in the
  -- same transaction.
  CREATE TABLE IF NOT EXISTS hub_attribution (
    ticket_id INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL,
    name TEXT NOT NULL
  );
  CREATE TRIGGER IF NOT EXISTS hub_ticket_created AFTER INSERT ON ticket_json BEGIN
    INSERT INTO hub_changes (ticket_id, kind, by_id, by_name, json)
    VALUES (new.id, 'created',
      (SELECT employee_id FROM hub_attribution WHERE ticket_id = new.id),
      (SELECT name FROM hub_attribution WHERE ticket_id = new.id),
      new.json);
  END;
  CREATE TRIGGER IF NOT EXISTS hub_ticket_changed AFTER UPDATE OF json ON ticket_json
  WHEN old.json IS NOT new.json BEGIN
    INSERT INTO hub_changes (ticket_id, kind, by_id, by_name, json)
    VALUES (new.id, 'changed',
      (SELECT employee_id FROM hub_attribution WHERE ticket_id = new.id),
      (SELECT name FROM hub_attribution WHERE ticket_id = new.id),
      new.json);
  END;
  CREATE TRIGGER IF NOT EXISTS hub_ticket_deleted AFTER DELETE ON tickets BEGIN
    INSERT INTO hub_changes (ticket_id, kind, by_id, by_name, json)
    VALUES (old.id, 'deleted',
      (SELECT employee_id FROM hub_attribution WHERE ticket_id = old.id),
      (SELECT name FROM hub_attribution WHERE ticket_id = old.id),
      NULL);
  END;
`

export type ChangeKind = 'created' | 'changed' | 'deleted' | 'lookups'

export interface ChangeRow {
  seq: number
  ticket_id: number | null
  kind: ChangeKind
  /** UTC `YYYY-MM-DD HH:MM:SS`. */
  at: string
  by_id: number | null
  by_name: string | null
  json: string | null
}

/**
 * Adds the log's tables and triggers to a cache connection (idempotent). A new file gets a new
 * random epoch: cursors from any other store are refused by it.
 */
export function installChangeLog(db: Db, startedAt: string): void {
  db.exec(SCHEMA)
  db.prepare('INSERT OR IGNORE INTO hub_meta (key, value) VALUES (?, ?)').run(
    'epoch',
    randomBytes(9).toString('base64url'),
  )
  db.prepare('INSERT OR IGNORE INTO hub_meta (key, value) VALUES (?, ?)').run('pruned_through', '0')
  // When this store first ran (server time): a ticket created later is news, not baseline.
  db.prepare('INSERT OR IGNORE INTO hub_meta (key, value) VALUES (?, ?)').run(
    'started_at',
    startedAt,
  )
  // Attribution left by a crash mid-write would name the next writer of that ticket: cleared.
  db.exec('DELETE FROM hub_attribution')
}

function meta(db: Db, key: string): string {
  const row = db.prepare('SELECT value FROM hub_meta WHERE key = ?').get(key) as
    { value: string } | undefined
  if (!row) throw new Error(`the hub's store has no ${key}: was installChangeLog run?`)
  return row.value
}

export function epochOf(db: Db): string {
  return meta(db, 'epoch')
}

/** The last seq given out (0 before the first change). */
export function headSeq(db: Db): number {
  const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'hub_changes'").get() as
    { seq: number } | undefined
  return row?.seq ?? 0
}

/**
 * Records, once, that the first complete read of the vendor ended at the head: the tickets it
 * inserted are the baseline the history starts from, not tickets "created outside the console".
 */
export function markBaseline(db: Db): void {
  db.prepare("INSERT OR IGNORE INTO hub_meta (key, value) VALUES ('baseline_through', ?)").run(
    String(headSeq(db)),
  )
}

/**
 * Whether a logged creation is only the first read's baseline: logged before that read ended
 * (or while it still runs) for a ticket created before the store first ran.
 */
export function isBaselineCreation(
  db: Db,
  seq: number,
  createdAt: string | null | undefined,
): boolean {
  const row = db.prepare("SELECT value FROM hub_meta WHERE key = 'baseline_through'").get() as
    { value: string } | undefined
  if (row && seq > Number(row.value)) return false
  return createdAt == null || createdAt < meta(db, 'started_at')
}

/** The highest seq pruned: a cursor below it has missed changes that are no longer kept. */
export function prunedThrough(db: Db): number {
  return Number(meta(db, 'pruned_through'))
}

/** Up to `limit` changes after `seq`, oldest first. */
export function changesAfter(db: Db, seq: number, limit: number): ChangeRow[] {
  return db
    .prepare('SELECT * FROM hub_changes WHERE seq > ? ORDER BY seq LIMIT ?')
    .all(seq, limit) as ChangeRow[]
}

/** A ticket's kept changes, oldest first. */
export function changesOfTicket(db: Db, ticketId: number): ChangeRow[] {
  return db
    .prepare('SELECT * FROM hub_changes WHERE ticket_id = ? ORDER BY seq')
    .all(ticketId) as ChangeRow[]
}

/**
 * Runs `write` with the tickets' changes attributed to `by` (null: to nobody), all in one
 * transaction.
 */
export function withAttribution<T>(db: Db, ids: number[], by: ChangeBy | null, write: () => T): T {
  return db.transaction(() => {
    if (!by) return write()
    const add = db.prepare(
      'INSERT OR REPLACE INTO hub_attribution (ticket_id, employee_id, name) VALUES (?, ?, ?)',
    )
    for (const id of ids) add.run(id, by.employeeId, by.name)
    try {
      return write()
    } finally {
      db.exec('DELETE FROM hub_attribution')
    }
  })()
}

/** The last lookup lists logged, as JSON text, or null. */
function lastLookupsJson(db: Db): string | null {
  const row = db.prepare("SELECT value FROM hub_meta WHERE key = 'lookups'").get() as
    { value: string } | undefined
  return row?.value ?? null
}

/**
 * Replaces the lookup lists through `replace` and, when they differ from the last logged, logs
 * them, in one transaction.
 */
export function replaceLookupsLogged(db: Db, lists: HubLookupLists, replace: () => void): boolean {
  return db.transaction(() => {
    replace()
    const json = JSON.stringify(lists)
    if (json === lastLookupsJson(db)) return false
    db.prepare("INSERT INTO hub_changes (kind, json) VALUES ('lookups', ?)").run(json)
    // Kept outside the log: pruning the last lookups change must not make the same lists new.
    db.prepare("INSERT OR REPLACE INTO hub_meta (key, value) VALUES ('lookups', ?)").run(json)
    return true
  })()
}

/**
 * Drops changes older than `keepDays` (tombstones too); a cursor below the highest dropped seq
 * then answers snapshot_required. Returns how many were dropped.
 */
export function pruneChanges(db: Db, keepDays: number): number {
  return db.transaction(() => {
    const cutoff = `-${Math.max(1, Math.trunc(keepDays))} days`
    const top = db
      .prepare(
        "SELECT MAX(seq) AS seq FROM hub_changes WHERE at < strftime('%Y-%m-%d %H:%M:%S', 'now', ?)",
      )
      .get(cutoff) as { seq: number | null }
    if (top.seq === null) return 0
    const dropped = db.prepare('DELETE FROM hub_changes WHERE seq <= ?').run(top.seq).changes
    db.prepare("UPDATE hub_meta SET value = ? WHERE key = 'pruned_through'").run(
      String(Math.max(prunedThrough(db), top.seq)),
    )
    return dropped
  })()
}

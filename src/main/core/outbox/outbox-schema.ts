/**
 * The outbox file's layout: its tables (numbered migrations) and the marker file beside it that
 * says nothing waits. The store (outbox-store.ts) and opening with salvage (open-outbox.ts) read it.
 */
import type { Migration } from '../db/migrations/migration'

export const OUTBOX_MIGRATIONS: readonly Migration[] = [
  {
    version: 10,
    name: 'create-outbox',
    up: (db) =>
      db.exec(`
        CREATE TABLE outbox (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          kind TEXT NOT NULL CHECK (kind IN ('create', 'update', 'delete')),
          ticket_id INTEGER,
          changes TEXT NOT NULL DEFAULT '{}',
          base TEXT,
          state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'sending', 'conflict', 'rejected')),
          attempts INTEGER NOT NULL DEFAULT 0,
          -- 1 once a request may have reached the server and its answer is not known: the next
          -- send asks the server first (create: look it up; delete: read by id; update: re-read).
          in_doubt INTEGER NOT NULL DEFAULT 0,
          -- create: the highest ticket id known before the first POST; ours must be above it.
          floor_id INTEGER,
          last_error TEXT,
          conflict TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX outbox_ticket ON outbox(ticket_id);
        CREATE TABLE outbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- Tickets our own creates made: a later look-up never takes one of them for another create.
        CREATE TABLE created_tickets (ticket_id INTEGER PRIMARY KEY, outbox_id INTEGER NOT NULL);
        CREATE TABLE drafts (
          key TEXT PRIMARY KEY,
          ticket_values TEXT NOT NULL,
          base_updated_at TEXT,
          updated_at TEXT NOT NULL
        );
      `),
  },
  {
    version: 11,
    name: 'outbox-sent-at',
    // When the last request that may have reached the server started: a create is looked up
    // again over a window after it before it may be posted again (a late commit).
    up: (db) => db.exec('ALTER TABLE outbox ADD COLUMN sent_at TEXT'),
  },
  {
    version: 12,
    name: 'draft-base-values',
    // What the drafted fields held when the agent began (JSON): a restored draft's save then
    // meets a colleague's later change of the same field as a conflict. Older drafts have none.
    up: (db) => db.exec('ALTER TABLE drafts ADD COLUMN base_values TEXT'),
  },
]

/**
 * `<outbox>.empty`: present only while the outbox is known to hold no waiting edit. It is what
 * lets a lost key be replaced without asking when nothing waits (the encrypted file cannot say),
 * and never otherwise: it is removed inside the write transaction of every enqueue, and written
 * inside the transaction that found the outbox empty, so two processes cannot leave it wrong.
 */
export function emptyMarkerPath(outboxPath: string): string {
  return `${outboxPath}.empty`
}

/** The outbox file's tables, for reading back what a damaged file still holds. */
export const OUTBOX_TABLES = ['outbox', 'outbox_meta', 'created_tickets', 'drafts'] as const
export type OutboxTable = (typeof OUTBOX_TABLES)[number]

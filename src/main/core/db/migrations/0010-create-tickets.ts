import type { Migration } from './migration'

/**
 * The queue's hot columns in a narrow row, and the ticket as the server sent it in a separate
 * table: a 2 KB JSON copy in the hot row makes every scan ~3.3x slower (docs/measurements.md, "Writes").
 *
 * Each sort index ends with (id, status, handler_id, due_at): the sort's tie-break, then what
 * the built-in views filter on, so walking a sort index to a deep page never reads the table.
 * Indexes are few on purpose: each costs every page the sync writes.
 */
export const createTickets: Migration = {
  version: 10,
  name: 'create-tickets',
  up(db) {
    db.exec(`
      CREATE TABLE tickets (
        id INTEGER PRIMARY KEY,
        status INTEGER,
        priority INTEGER,
        due_at TEXT,
        handler_id INTEGER,
        creater_id INTEGER,
        sponsor_id INTEGER,
        termination_code_id INTEGER,
        contact_id INTEGER,
        category_id INTEGER,
        sub_category_id INTEGER,
        created_at TEXT,
        updated_at TEXT,
        subject TEXT,
        category_name TEXT,
        sub_category_name TEXT,
        contact_name TEXT,
        handler_name TEXT
      );
      CREATE TABLE ticket_json (
        id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
        synced_at TEXT,
        json TEXT NOT NULL
      );

      -- The built-in views (status, mine, unassigned, due) and their counts, and the status sort.
      CREATE INDEX tickets_by_status ON tickets(status, id, handler_id, due_at);
      -- The other sorts. The default order walks the due index (its first part, due tickets, which
      -- ties on due_at are broken by priority) and then the priority index.
      CREATE INDEX tickets_by_priority ON tickets(priority, id, status, handler_id, due_at);
      CREATE INDEX tickets_by_due ON tickets(due_at, id, status, handler_id, priority);
      CREATE INDEX tickets_by_subject ON tickets(subject, id, status, handler_id, due_at);
      CREATE INDEX tickets_by_category
        ON tickets(category_name, sub_category_name, id, status, handler_id, due_at);
      CREATE INDEX tickets_by_contact ON tickets(contact_name, id, status, handler_id, due_at);
      CREATE INDEX tickets_by_handler ON tickets(handler_name, id, status, handler_id, due_at);
      CREATE INDEX tickets_by_created ON tickets(created_at, id, status, handler_id, due_at);
      CREATE INDEX tickets_by_updated ON tickets(updated_at, id, status, handler_id, due_at);
      -- A contact's other tickets. The other id filters (sponsor, creater, category...) each
      -- match a large share of tickets, so a sort walk finds a page quickly without an index,
      -- and each index adds to every page the sync writes.
      CREATE INDEX tickets_contact ON tickets(contact_id);
    `)
  },
}

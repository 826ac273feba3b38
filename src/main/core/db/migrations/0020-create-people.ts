import type { Migration } from './migration'

/**
 * Employees (the /employee list, plus any seen embedded in a ticket), and the contacts and
 * interaction records that tickets embed: the API has no endpoint for contacts.
 */
export const createPeople: Migration = {
  version: 20,
  name: 'create-people',
  up(db) {
    db.exec(`
      CREATE TABLE employees (
        id INTEGER PRIMARY KEY,
        -- 1: in the last /employee list (authoritative); 0: only seen inside a ticket.
        from_list INTEGER NOT NULL DEFAULT 0,
        position INTEGER,
        name TEXT,
        employee_no TEXT,
        group_name TEXT,
        json TEXT NOT NULL
      );
      CREATE INDEX employees_list ON employees(from_list, position);

      CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        name TEXT,
        membership_no TEXT,
        json TEXT NOT NULL
      );

      CREATE TABLE interactions (
        seq INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
        interaction_id INTEGER NOT NULL,
        contact_id INTEGER,
        handler_id INTEGER,
        first_enter_queue_at TEXT,
        json TEXT NOT NULL
      );
      CREATE INDEX interactions_ticket ON interactions(ticket_id);
    `)
  },
}

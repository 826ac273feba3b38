import type { Migration } from './migration'

/** Lookup lists, each kept in the server's order (`position`) and replaced whole on every sync. */
export const createLookups: Migration = {
  version: 30,
  name: 'create-lookups',
  up(db) {
    db.exec(`
      CREATE TABLE categories (
        id INTEGER PRIMARY KEY,
        position INTEGER NOT NULL,
        name TEXT,
        json TEXT NOT NULL
      );
      CREATE TABLE sub_categories (
        id INTEGER PRIMARY KEY,
        position INTEGER NOT NULL,
        category_id INTEGER,
        name TEXT,
        json TEXT NOT NULL
      );
      CREATE TABLE termination_codes (
        id INTEGER PRIMARY KEY,
        position INTEGER NOT NULL,
        status INTEGER,
        name TEXT,
        json TEXT NOT NULL
      );
      CREATE TABLE sponsors (
        id INTEGER PRIMARY KEY,
        position INTEGER NOT NULL,
        name TEXT,
        json TEXT NOT NULL
      );
    `)
  },
}

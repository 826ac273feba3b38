import type { Migration } from './migration'

/** The sync engine's key/value state (JSON values), in the same file so both commit together. */
export const createSyncState: Migration = {
  version: 40,
  name: 'create-sync-state',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `)
  },
}

import type { Db } from '../open-database'
import { indexText, storedText } from '../ticket-writer'
import type { Migration } from './migration'

/**
 * The search index gains a third column, the ASCII word suffixes (see ../search-text.ts), which
 * answer English words and numbers by one selective prefix query instead of a long phrase of
 * common letter pairs. `columnsize=0`: nothing reads the per-row sizes (no ranking), so they are
 * not written. An existing index is rebuilt from the stored JSON.
 */
function rebuildSearch(db: Db): void {
  db.exec(`
    DROP TABLE IF EXISTS ticket_search;
    CREATE VIRTUAL TABLE ticket_search USING fts5(
      subject,
      content,
      words,
      content = '',
      columnsize = 0,
      tokenize = 'unicode61 remove_diacritics 0'
    );
  `)
  // In batches: the connection cannot write while a statement is still iterating.
  const batch = db.prepare('SELECT id, json FROM ticket_json WHERE id > ? ORDER BY id LIMIT 500')
  let last = Number.MIN_SAFE_INTEGER
  for (;;) {
    const rows = batch.all(last) as { id: number; json: string }[]
    if (rows.length === 0) break
    for (const row of rows) {
      const text = storedText(row.json)
      indexText(db, row.id, text.subject, text.content)
      last = row.id
    }
  }
}

export const searchWordsAndHandlerIndex: Migration = {
  version: 60,
  name: 'search-words-and-handler-index',
  up(db) {
    rebuildSearch(db)
    // The 'mine' view (and the sync's "tickets of this handler"): a few per cent of the tickets,
    // found by the handler and sorted, instead of walking a sort index past all the others.
    db.exec('CREATE INDEX tickets_by_handler_id ON tickets(handler_id, status)')
  },
}

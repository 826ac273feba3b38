import type { Migration } from './migration'

/**
 * The character-pair search index (see ../search-text.ts). Contentless: the token text is
 * several times the size of the text, and the original is in ticket_json anyway. Rows are
 * removed with FTS5's 'delete' command given the old token text, recomputed from that JSON.
 */
export const createTicketSearch: Migration = {
  version: 50,
  name: 'create-ticket-search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE ticket_search USING fts5(
        subject,
        content,
        content = '',
        tokenize = 'unicode61 remove_diacritics 0'
      );
    `)
  },
}

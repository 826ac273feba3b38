/**
 * The queue search's index (`ticket_search`, see search-text.ts for the tokens): what of a ticket
 * is searched, and writing and removing its entry. One row per ticket, rowid = ticket id:
 * - subject, content: character pairs of each text;
 * - contact: character pairs of the contact's name as written (`楊 美玲`), the name without its
 *   spaces (`楊美玲`) and the membership number; each text ends with its own end marker, so no
 *   phrase runs from one into the next;
 * - words: the ASCII word suffixes of all of the above;
 * - ident: one token, the contact's identityKey() (a national id matches only typed in full).
 * Contentless: removing a row needs its exact tokens, recomputed from the stored JSON.
 */
import { nameWithoutSpaces } from '../../../shared/domain/people'
import {
  identityKey,
  searchDoc,
  searchedTexts,
  type SearchDoc,
} from '../../../shared/domain/search'
import type { Db } from './open-database'
import { identityToken, searchTokens, wordTokens } from './search-text'
import { stmt } from './statements'
import { isDamagedRecord, snapshotSource, unpackTicket } from './ticket-doc'

/**
 * The searched fields of a stored ticket, in either stored form (the server's JSON before
 * migration 80, packed after it: the contact is then a snapshot reference, ticket-doc.ts).
 * Throws DamagedRecordError for a record that cannot be read.
 */
export function storedSearchDoc(db: Db, json: string, id?: number): SearchDoc {
  return searchDoc(unpackTicket(id, json, snapshotSource(db), ['contact']))
}

export function sameSearchDoc(a: SearchDoc, b: SearchDoc): boolean {
  return (
    a.subject === b.subject &&
    a.content === b.content &&
    a.contactName === b.contactName &&
    a.membershipNo === b.membershipNo &&
    identityKey(a.identityNo) === identityKey(b.identityNo)
  )
}

/** The index's token columns for one ticket, in SEARCH_COLUMNS order. */
export function searchTokenColumns(doc: SearchDoc): [string, string, string, string, string] {
  const joined = nameWithoutSpaces(doc.contactName)
  const contact = [doc.contactName, joined, doc.membershipNo]
    .map(searchTokens)
    .filter((t) => t !== '')
    .join(' ')
  return [
    searchTokens(doc.subject),
    searchTokens(doc.content),
    contact,
    wordTokens(...searchedTexts(doc)),
    identityToken(identityKey(doc.identityNo)),
  ]
}

export const SEARCH_COLUMNS = ['subject', 'content', 'contact', 'words', 'ident'] as const

const INSERT = `INSERT INTO ticket_search (rowid, ${SEARCH_COLUMNS.join(', ')})
  VALUES (?, ?, ?, ?, ?, ?)`
const DELETE = `INSERT INTO ticket_search (ticket_search, rowid, ${SEARCH_COLUMNS.join(', ')})
  VALUES ('delete', ?, ?, ?, ?, ?, ?)`

export function indexTicket(db: Db, id: number, doc: SearchDoc): void {
  stmt(db, INSERT).run(id, ...searchTokenColumns(doc))
}

/** Indexes a ticket's tokens as computed before: [id, ...SEARCH_COLUMNS]. */
export function indexTokenRow(db: Db, row: readonly unknown[]): void {
  stmt(db, INSERT).run(row)
}

export function unindexTicket(db: Db, id: number, doc: SearchDoc): void {
  stmt(db, DELETE).run(id, ...searchTokenColumns(doc))
}

/** (Re)creates the index in the current layout and fills it from the stored tickets. */
export function rebuildSearchIndex(db: Db): void {
  db.exec(`
    DROP TABLE IF EXISTS ticket_search;
    CREATE VIRTUAL TABLE ticket_search USING fts5(
      ${SEARCH_COLUMNS.join(', ')},
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
      last = row.id
      let doc: SearchDoc
      try {
        doc = storedSearchDoc(db, row.json, row.id)
      } catch (error) {
        // Damage is not indexed: reading the ticket drops it, and the sync's write indexes it.
        if (isDamagedRecord(error)) continue
        throw error
      }
      indexTicket(db, row.id, doc)
    }
  }
}

/**
 * The queue search as a set of ticket ids. What was typed is normalised (normaliseSearch) and
 * split at white space (half- or full-width) into words; a ticket matches when every word, in
 * any order, occurs in its subject, content, contact's name (with or without the space),
 * contact's membership number, or equals the contact's national id (identityKey); a word that
 * is a ticket id (`3450`, `#3450`) also matches that ticket, which the queue then puts first.
 *
 * All the words are one FTS5 query (`w1 AND w2 ...`, each word an OR over its columns), so FTS5
 * intersects the words' lists itself. A typed ticket id adds that one ticket when it meets the
 * other words (looked up by rowid).
 */
import { identityKey, parseTicketId, searchWords } from '../../../shared/domain/search'
import { identityToken, searchMatch, wordMatch } from './search-text'

/** One typed word and how the index finds it. */
export interface SearchWord {
  /** The word, normalised. */
  text: string
  /** FTS5 expression for "this word is in the ticket's text, contact or national id". */
  match: string
  /** The ticket id this word may be, or null. */
  ticketId: number | null
}

/** A ticket id typed as a word, and what else that ticket must match to be a result. */
export interface TypedTicketId {
  id: number
  /** The other words as one MATCH expression (null: it was the only word). */
  others: string | null
}

/** Text search as a set of ticket ids. */
export interface SearchSet {
  /** SELECT of matching ticket ids (`rid`). */
  sql: string
  params: unknown[]
  /** Every word as one MATCH expression (all of them found in the index). */
  match: string
  /** Ticket ids typed as words, in the order typed. */
  ticketIds: TypedTicketId[]
  words: SearchWord[]
}

/** Whether some ticket's contact has this identity token (see searchSetFor). */
export type IdentityProbe = (token: string) => boolean

/** The MATCH expression of one national id token. */
export function identityMatch(token: string): string {
  return `ident : "${token}"`
}

/**
 * One word's expression. Its pairs need no column filter: only text is made of pairs (the word
 * column's suffixes are 3+ letters, the ident token starts with the end marker).
 */
export function searchWord(text: string, identityExists: IdentityProbe = () => true): SearchWord {
  const textMatch = wordMatch(text) ?? (searchMatch(text) as string)
  const token = identityToken(identityKey(text))
  const match =
    token !== '' && identityExists(token) ? `(${textMatch} OR ${identityMatch(token)})` : textMatch
  return { text, match, ticketId: parseTicketId(text) }
}

function allOf(words: readonly SearchWord[]): string | null {
  if (words.length === 0) return null
  return words.map((w) => (words.length > 1 ? `(${w.match})` : w.match)).join(' AND ')
}

/**
 * The search set for what was typed, or null when it has no words. `identityExists` tells
 * whether any ticket has a national id equal to a word (one index lookup): a word that is no
 * one's id then needs no "or the national id" branch, which would cost every search.
 */
export function searchSetFor(
  input: string | null | undefined,
  identityExists?: IdentityProbe,
): SearchSet | null {
  const words = searchWords(input).map((w) => searchWord(w, identityExists))
  const match = allOf(words)
  if (match === null) return null
  const parts = ['SELECT rowid AS rid FROM ticket_search WHERE ticket_search MATCH ?']
  const params: unknown[] = [match]
  const ticketIds: TypedTicketId[] = []
  for (const word of words) {
    const id = word.ticketId
    if (id === null || ticketIds.some((t) => t.id === id)) continue
    // The words that this id does not answer must still match the ticket.
    const others = allOf(words.filter((w) => w.ticketId !== id))
    ticketIds.push({ id, others })
    if (others === null) {
      // Only an id that is cached: the match count is then the number of tickets found.
      parts.push('SELECT id AS rid FROM tickets WHERE id = ?')
      params.push(id)
    } else {
      // CAST: a number is bound as a REAL, and FTS5 ignores a rowid constraint that is not an
      // INTEGER (returning every match).
      parts.push(
        'SELECT rowid AS rid FROM ticket_search WHERE ticket_search MATCH ? AND rowid = CAST(? AS INTEGER)',
      )
      params.push(others, id)
    }
  }
  return { sql: parts.join(' UNION '), params, match, ticketIds, words }
}

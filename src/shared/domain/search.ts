/**
 * The queue search's rules, in one place for every side that applies them: the cache's search
 * index (main/core/db), the tickets created offline and not cached yet (the outbox's local rows)
 * and the command palette's "a typed ticket id".
 *
 * What was typed is normalised and split at white space into words; a ticket matches when every
 * word, in any order, occurs in its subject, content, contact's name (with or without the space),
 * or contact's membership number, or equals the contact's national id (identityKey); a word that
 * is a ticket id (`3450`, `#3450`) also matches that ticket.
 */
import type { Ticket } from './api-schemas'
import { nameWithoutSpaces, personName } from './people'

/**
 * The one normalisation of searched text and typed terms: NFKC (full-width `ＲＥＦＵＮＤ`, `３４５０`
 * and `＃` become ASCII; the ideographic space a space), then lower case.
 */
export function normaliseSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

/** Splits input into its normalised words: runs of anything but white space (any width). */
export function searchWords(input: string | null | undefined): string[] {
  if (!input) return []
  return [
    ...new Set(
      normaliseSearch(input)
        .split(/\s+/)
        .filter((w) => w !== ''),
    ),
  ]
}

/** The ticket id typed as `3450` or `#3450` (any width, spaces around), or null. */
export function parseTicketId(typed: string): number | null {
  const m = /^#?\s*(\d{1,15})$/.exec(normaliseSearch(typed).trim())
  if (!m) return null
  const id = Number(m[1])
  return id > 0 ? id : null
}

/**
 * The one key a national id is matched by, typed in full (exact, case-insensitive). Everything
 * that stores or compares a national id for search goes through this function, so that a keyed
 * hash can replace it and no clear national id stays in the search columns.
 */
export function identityKey(identityNo: string | null | undefined): string | null {
  if (!identityNo) return null
  const key = normaliseSearch(identityNo).replace(/\s+/g, '')
  return key === '' ? null : key
}

/** The searched fields of one ticket, as the server sent them. */
export interface SearchDoc {
  subject: string | null
  content: string | null
  contactName: string | null
  membershipNo: string | null
  identityNo: string | null
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

export function searchDoc(ticket: Ticket): SearchDoc {
  const contact = ticket.contact ?? null
  return {
    subject: text(ticket.subject),
    content: text(ticket.content),
    contactName: personName(contact),
    membershipNo: text(contact?.membership_no),
    identityNo: text(contact?.identity_no),
  }
}

/** The texts a word is looked for in, each on its own (a word never runs from one into the next). */
export function searchedTexts(doc: SearchDoc): (string | null)[] {
  return [
    doc.subject,
    doc.content,
    doc.contactName,
    nameWithoutSpaces(doc.contactName),
    doc.membershipNo,
  ]
}

/** Whether a ticket (with its id and searched fields) matches what was typed. */
export function ticketMatchesSearch(
  ticket: { id: number; doc: SearchDoc },
  input: string | null | undefined,
): boolean {
  const texts = searchedTexts(ticket.doc)
    .filter((t): t is string => t !== null)
    .map(normaliseSearch)
  const identity = identityKey(ticket.doc.identityNo)
  return searchWords(input).every(
    (word) =>
      texts.some((t) => t.includes(word)) ||
      (identity !== null && identityKey(word) === identity) ||
      parseTicketId(word) === ticket.id,
  )
}

/**
 * Writes tickets into the cache: the hot row, the JSON as sent (packed: embedded objects as
 * snapshot references, ticket-doc.ts), the search index, and the contacts, interactions and
 * employees a ticket embeds. One transaction per call (nested in the cache's, which adds the
 * sync's state); the sync writes one API page (100 tickets) per call (upsertTicketsInChunks),
 * ~10 ms of the core's thread each.
 */
import type { Employee, Interaction, Ticket } from '../../../shared/domain/api-schemas'
import { bumpDataVersion } from './data-version'
import { personName } from '../../../shared/domain/people'
import { searchDoc, type SearchDoc } from '../../../shared/domain/search'
import type { Db } from './open-database'
import { contactIdentityKey, contactSearchKey, employeeSearchKey } from './people-search'
import { indexTicket, sameSearchDoc, storedSearchDoc, unindexTicket } from './search-index'
import { searchTokens, wordTokens } from './search-text'
import { stmt } from './statements'
import { internSnapshot, isDamagedRecord, packTicket, type SnapshotMemo } from './ticket-doc'
import { TICKET_COLUMN_NAMES, ticketColumns, type TicketColumns } from './ticket-columns'

export interface UpsertResult {
  inserted: number
  updated: number
  unchanged: number
  insertedIds: number[]
  updatedIds: number[]
}

export interface WriteOptions {
  /** Keep the search index up to date (default true; the benchmark measures without it). */
  search?: boolean
  /**
   * Told of each stored copy found damaged (DamagedRecordError) while it is replaced or removed
   * (the write goes on); the cache notes it for the sync to fetch again.
   */
  onDamaged?: (id: number) => void
}

const COLS = TICKET_COLUMN_NAMES.join(', ')
const INSERT_TICKET = `INSERT INTO tickets (${COLS}) VALUES (${TICKET_COLUMN_NAMES.map((c) => '@' + c).join(', ')})`
const UPDATE_TICKET = `UPDATE tickets SET ${TICKET_COLUMN_NAMES.filter((c) => c !== 'id')
  .map((c) => `${c} = @${c}`)
  .join(', ')} WHERE id = @id`
const SEARCH_INSERT =
  'INSERT INTO ticket_search (rowid, subject, content, words) VALUES (?, ?, ?, ?)'

/**
 * Adds a ticket's text to the search index in the layout of migration 0060 (subject, content,
 * words), which calls it; migration 0070 replaced that layout (the cache writes search-index.ts's).
 */
export function indexText(
  db: Db,
  id: number,
  subject: string | null,
  content: string | null,
): void {
  stmt(db, SEARCH_INSERT).run(
    id,
    searchTokens(subject),
    searchTokens(content),
    wordTokens(subject, content),
  )
}

interface StoredTicket {
  updated_at: string | null
  json: string
}

/**
 * Subject and content of a stored ticket's JSON (for migration 0060). A damaged copy has none:
 * it is not indexed, and the next write of the ticket (the sync's sweep) indexes it again.
 */
export function storedText(json: string): { subject: string | null; content: string | null } {
  let old: Ticket
  try {
    old = JSON.parse(json) as Ticket
  } catch {
    return { subject: null, content: null }
  }
  return {
    subject: typeof old.subject === 'string' ? old.subject : null,
    content: typeof old.content === 'string' ? old.content : null,
  }
}

/**
 * What a stored ticket has in the search index, to take it out; null when the record is damaged
 * (told to `onDamaged`; its old tokens are unknown: they stay in the index until the ticket is
 * deleted, and can only make a search list this ticket when it no longer matches).
 */
function oldSearchDoc(db: Db, id: number, json: string, options: WriteOptions): SearchDoc | null {
  try {
    return storedSearchDoc(db, json, id)
  } catch (error) {
    if (!isDamagedRecord(error)) throw error
    options.onDamaged?.(id)
    return null
  }
}

/** Names missing from the embedded objects come from the lookup lists, when they are known. */
function fillNames(db: Db, cols: TicketColumns): void {
  if (cols.handler_name === null && cols.handler_id !== null) {
    const row = stmt(db, 'SELECT name FROM employees WHERE id = ?').get(cols.handler_id) as
      { name: string | null } | undefined
    cols.handler_name = row?.name ?? null
  }
  if (cols.category_name === null && cols.category_id !== null) {
    const row = stmt(db, 'SELECT name FROM categories WHERE id = ?').get(cols.category_id) as
      { name: string | null } | undefined
    cols.category_name = row?.name ?? null
  }
  if (cols.sub_category_name === null && cols.sub_category_id !== null) {
    const row = stmt(db, 'SELECT name FROM sub_categories WHERE id = ?').get(
      cols.sub_category_id,
    ) as { name: string | null } | undefined
    cols.sub_category_name = row?.name ?? null
  }
}

function groupName(employee: Employee): string | null {
  return typeof employee.group?.name === 'string' ? employee.group.name : null
}

/** An employee seen inside a ticket; never overwrites one from the /employee list. */
function upsertEmbeddedEmployee(db: Db, employee: Employee, seen: Set<number>): void {
  if (seen.has(employee.id)) return
  seen.add(employee.id)
  const employeeNo = typeof employee.employee_no === 'string' ? employee.employee_no : null
  stmt(
    db,
    `INSERT INTO employees (id, from_list, name, employee_no, group_name, search_key, json)
     VALUES (?, 0, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, employee_no = excluded.employee_no,
       group_name = excluded.group_name, search_key = excluded.search_key, json = excluded.json
     WHERE employees.from_list = 0 AND employees.json IS NOT excluded.json`,
  ).run(
    employee.id,
    personName(employee),
    employeeNo,
    groupName(employee),
    employeeSearchKey(employee),
    JSON.stringify(employee),
  )
}

function writeEmbedded(
  db: Db,
  ticket: Ticket,
  replace: boolean,
  seen: Set<number>,
  memo: SnapshotMemo,
): void {
  const contact = ticket.contact
  if (contact && typeof contact.id === 'number') {
    // The ticket's own snapshot of the contact (packTicket made it; the memo has its id).
    const snapshot = internSnapshot(db, 'contact', JSON.stringify(contact), memo)
    stmt(
      db,
      `INSERT INTO contacts (id, name, membership_no, search_key, identity_key, snapshot_id)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name,
         membership_no = excluded.membership_no, search_key = excluded.search_key,
         identity_key = excluded.identity_key, snapshot_id = excluded.snapshot_id
       WHERE contacts.snapshot_id IS NOT excluded.snapshot_id`,
    ).run(
      contact.id,
      personName(contact),
      typeof contact.membership_no === 'string' ? contact.membership_no : null,
      contactSearchKey(contact),
      contactIdentityKey(contact),
      snapshot,
    )
  }
  if (ticket.creater) upsertEmbeddedEmployee(db, ticket.creater, seen)
  if (ticket.handler) upsertEmbeddedEmployee(db, ticket.handler, seen)
  if (replace) stmt(db, 'DELETE FROM interactions WHERE ticket_id = ?').run(ticket.id)
  const interactions: Interaction[] = Array.isArray(ticket.interact_collections)
    ? ticket.interact_collections
    : []
  for (const item of interactions) {
    if (item.handler) upsertEmbeddedEmployee(db, item.handler, seen)
    // The record itself is in the ticket's stored JSON; this row is for finding it.
    stmt(
      db,
      `INSERT INTO interactions
         (ticket_id, interaction_id, contact_id, handler_id, first_enter_queue_at)
       VALUES (?, ?, ?, ?, ?)`,
    ).run(
      ticket.id,
      item.id,
      typeof item.contact_id === 'number' ? item.contact_id : null,
      typeof item.handler_id === 'number' ? item.handler_id : (item.handler?.id ?? null),
      typeof item.first_enter_queue_at === 'string' ? item.first_enter_queue_at : null,
    )
  }
}

/**
 * Inserts new tickets and updates changed ones. A ticket whose updated_at has not moved and
 * whose stored JSON would be identical is skipped without writing anything. A damaged stored
 * copy is simply replaced.
 */
export function upsertTickets(
  db: Db,
  tickets: readonly Ticket[],
  syncedAt: string,
  options: WriteOptions = {},
): UpsertResult {
  const search = options.search ?? true
  const result: UpsertResult = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    insertedIds: [],
    updatedIds: [],
  }
  bumpDataVersion(db)
  db.transaction(() => {
    const seenEmployees = new Set<number>()
    const memo: SnapshotMemo = new Map()
    const getStored = stmt(
      db,
      'SELECT t.updated_at, j.json FROM tickets t JOIN ticket_json j ON j.id = t.id WHERE t.id = ?',
    )
    for (const ticket of tickets) {
      const json = packTicket(db, ticket, memo)
      const cols = ticketColumns(ticket)
      const stored = getStored.get(ticket.id) as StoredTicket | undefined
      if (stored && stored.updated_at === cols.updated_at && stored.json === json) {
        result.unchanged++
        continue
      }
      fillNames(db, cols)
      const doc = searchDoc(ticket)
      if (stored) {
        // Read before it is overwritten: its search entry to take out, or damage to report.
        const old = oldSearchDoc(db, ticket.id, stored.json, options)
        stmt(db, UPDATE_TICKET).run(cols)
        stmt(db, 'UPDATE ticket_json SET synced_at = ?, json = ? WHERE id = ?').run(
          syncedAt,
          json,
          ticket.id,
        )
        if (search) {
          if (!old || !sameSearchDoc(old, doc)) {
            if (old) unindexTicket(db, ticket.id, old)
            indexTicket(db, ticket.id, doc)
          }
        }
        writeEmbedded(db, ticket, true, seenEmployees, memo)
        result.updated++
        result.updatedIds.push(ticket.id)
      } else {
        stmt(db, INSERT_TICKET).run(cols)
        stmt(db, 'INSERT INTO ticket_json (id, synced_at, json) VALUES (?, ?, ?)').run(
          ticket.id,
          syncedAt,
          json,
        )
        if (search) {
          indexTicket(db, ticket.id, doc)
        }
        writeEmbedded(db, ticket, false, seenEmployees, memo)
        result.inserted++
        result.insertedIds.push(ticket.id)
      }
    }
  })()
  return result
}

/** Removes tickets (and their search entries and interactions); returns how many were cached. */
export function deleteTickets(db: Db, ids: readonly number[], options: WriteOptions = {}): number {
  const search = options.search ?? true
  let deleted = 0
  bumpDataVersion(db)
  db.transaction(() => {
    const getJson = stmt(db, 'SELECT json FROM ticket_json WHERE id = ?')
    for (const id of ids) {
      const stored = getJson.get(id) as { json: string } | undefined
      const old = stored ? oldSearchDoc(db, id, stored.json, options) : null
      if (old && search) unindexTicket(db, id, old)
      deleted += stmt(db, 'DELETE FROM tickets WHERE id = ?').run(id).changes
    }
  })()
  return deleted
}

/**
 * The benchmark's baseline: the cache's writer as it was before migration 80 (each ticket's JSON
 * stored whole, contacts and interactions with their own JSON copies), writing into a file
 * migrated only to version 70. Kept here, not in src, so `npm run bench` can measure the old
 * layout beside the new one in the same run. Not used by the app.
 */
import type { Employee, Interaction, Ticket } from '../../src/shared/domain/api-schemas'
import { bumpDataVersion } from '../../src/main/core/db/data-version'
import type { Db } from '../../src/main/core/db/open-database'
import {
  contactIdentityKey,
  contactSearchKey,
  employeeSearchKey,
} from '../../src/main/core/db/people-search'
import {
  indexTicket,
  sameSearchDoc,
  storedSearchDoc,
  unindexTicket,
} from '../../src/main/core/db/search-index'
import { stmt } from '../../src/main/core/db/statements'
import { personName } from '../../src/shared/domain/people'
import { searchDoc } from '../../src/shared/domain/search'
import {
  TICKET_COLUMN_NAMES,
  ticketColumns,
  type TicketColumns,
} from '../../src/main/core/db/ticket-columns'
import type { UpsertResult } from '../../src/main/core'

export interface WriteOptions {
  /** Keep the search index up to date (default true; the benchmark measures without it). */
  search?: boolean
}

const COLS = TICKET_COLUMN_NAMES.join(', ')
const INSERT_TICKET = `INSERT INTO tickets (${COLS}) VALUES (${TICKET_COLUMN_NAMES.map((c) => '@' + c).join(', ')})`
const UPDATE_TICKET = `UPDATE tickets SET ${TICKET_COLUMN_NAMES.filter((c) => c !== 'id')
  .map((c) => `${c} = @${c}`)
  .join(', ')} WHERE id = @id`
interface StoredTicket {
  updated_at: string | null
  json: string
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

function writeEmbedded(db: Db, ticket: Ticket, replace: boolean, seen: Set<number>): void {
  const contact = ticket.contact
  if (contact && typeof contact.id === 'number') {
    stmt(
      db,
      `INSERT INTO contacts (id, name, membership_no, search_key, identity_key, json)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name,
         membership_no = excluded.membership_no, search_key = excluded.search_key,
         identity_key = excluded.identity_key, json = excluded.json
       WHERE contacts.json IS NOT excluded.json`,
    ).run(
      contact.id,
      personName(contact),
      typeof contact.membership_no === 'string' ? contact.membership_no : null,
      contactSearchKey(contact),
      contactIdentityKey(contact),
      JSON.stringify(contact),
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
    stmt(
      db,
      `INSERT INTO interactions
         (ticket_id, interaction_id, contact_id, handler_id, first_enter_queue_at, json)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      ticket.id,
      item.id,
      typeof item.contact_id === 'number' ? item.contact_id : null,
      typeof item.handler_id === 'number' ? item.handler_id : (item.handler?.id ?? null),
      typeof item.first_enter_queue_at === 'string' ? item.first_enter_queue_at : null,
      JSON.stringify(item),
    )
  }
}

/**
 * Inserts new tickets and updates changed ones. A ticket whose updated_at has not moved and
 * whose JSON is identical is skipped without writing anything.
 */
export function upsertTicketsLegacy(
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
    const getStored = stmt(
      db,
      'SELECT t.updated_at, j.json FROM tickets t JOIN ticket_json j ON j.id = t.id WHERE t.id = ?',
    )
    for (const ticket of tickets) {
      const json = JSON.stringify(ticket)
      const cols = ticketColumns(ticket)
      const stored = getStored.get(ticket.id) as StoredTicket | undefined
      if (stored && stored.updated_at === cols.updated_at && stored.json === json) {
        result.unchanged++
        continue
      }
      fillNames(db, cols)
      const doc = searchDoc(ticket)
      if (stored) {
        stmt(db, UPDATE_TICKET).run(cols)
        stmt(db, 'UPDATE ticket_json SET synced_at = ?, json = ? WHERE id = ?').run(
          syncedAt,
          json,
          ticket.id,
        )
        if (search) {
          const old = storedSearchDoc(db, stored.json)
          if (!sameSearchDoc(old, doc)) {
            unindexTicket(db, ticket.id, old)
            indexTicket(db, ticket.id, doc)
          }
        }
        writeEmbedded(db, ticket, true, seenEmployees)
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
        writeEmbedded(db, ticket, false, seenEmployees)
        result.inserted++
        result.insertedIds.push(ticket.id)
      }
    }
  })()
  return result
}

/** Removes tickets (and their search entries and interactions); returns how many were cached. */
export function deleteTicketsLegacy(
  db: Db,
  ids: readonly number[],
  options: WriteOptions = {},
): number {
  const search = options.search ?? true
  let deleted = 0
  bumpDataVersion(db)
  db.transaction(() => {
    const getJson = stmt(db, 'SELECT json FROM ticket_json WHERE id = ?')
    for (const id of ids) {
      const stored = getJson.get(id) as { json: string } | undefined
      if (stored && search) unindexTicket(db, id, storedSearchDoc(db, stored.json))
      deleted += stmt(db, 'DELETE FROM tickets WHERE id = ?').run(id).changes
    }
  })()
  return deleted
}

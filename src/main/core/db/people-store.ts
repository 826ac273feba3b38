/** Employees and contacts: search by name or number, and one record as the server sent it. */
import type { Contact, Employee } from '../../../shared/domain/api-schemas'
import type { EmployeeSummary } from '../../../shared/contract/contract'
import type { Db } from './open-database'
import { peopleWhere } from './people-search'
import { stmt } from './statements'

export { containsPattern } from './people-search'

/**
 * Employees with every word of `search` in their name (with or without the space), employee
 * number or extension (see people-search.ts). Listed employees first, then those only seen in
 * tickets; both by name.
 */
export function searchEmployees(db: Db, search: string, limit: number): EmployeeSummary[] {
  const where = peopleWhere(search, false)
  return stmt(
    db,
    `SELECT id, name, employee_no AS employeeNo, group_name AS groupName FROM employees
     WHERE ${where.sql} ORDER BY from_list DESC, name, id LIMIT ?`,
  ).all(...where.params, limit) as EmployeeSummary[]
}

export function getEmployee(db: Db, id: number): Employee | null {
  const row = stmt(db, 'SELECT json FROM employees WHERE id = ?').get(id) as
    { json: string } | undefined
  return row ? (JSON.parse(row.json) as Employee) : null
}

/**
 * Contacts with every word of `search` in their name (with or without the space) or membership
 * number, or equal to their national id; by name.
 */
export function searchContacts(db: Db, search: string, limit: number): Contact[] {
  const where = peopleWhere(search, true)
  const rows = stmt(
    db,
    `SELECT s.json FROM contacts c JOIN snapshots s ON s.id = c.snapshot_id
     WHERE ${where.sql} ORDER BY c.name, c.id LIMIT ?`,
  ).all(...where.params, limit) as { json: string }[]
  return rows.map((r) => JSON.parse(r.json) as Contact)
}

export function getContact(db: Db, id: number): Contact | null {
  // The contact as last seen in a ticket: that ticket's snapshot of it (ticket-doc.ts).
  const row = stmt(
    db,
    'SELECT s.json FROM contacts c JOIN snapshots s ON s.id = c.snapshot_id WHERE c.id = ?',
  ).get(id) as { json: string } | undefined
  return row ? (JSON.parse(row.json) as Contact) : null
}

/** Employees and contacts: search by name or number, and one record as the server sent it. */
import type { Contact, Employee } from '../../../shared/domain/api-schemas'
import type { EmployeeSummary } from '../../../shared/contract/contract'
import type { Db } from './open-database'
import { stmt } from './statements'

/** A LIKE pattern that matches `search` literally anywhere (case-insensitive for ASCII). */
export function containsPattern(search: string): string {
  return '%' + search.replace(/[\\%_]/g, (c) => '\\' + c) + '%'
}

/** Listed employees first, then those only seen in tickets; both by name. */
export function searchEmployees(db: Db, search: string, limit: number): EmployeeSummary[] {
  const pattern = containsPattern(search.trim())
  return stmt(
    db,
    `SELECT id, name, employee_no AS employeeNo, group_name AS groupName FROM employees
     WHERE name LIKE ? ESCAPE '\\' OR employee_no LIKE ? ESCAPE '\\'
     ORDER BY from_list DESC, name, id LIMIT ?`,
  ).all(pattern, pattern, limit) as EmployeeSummary[]
}

export function getEmployee(db: Db, id: number): Employee | null {
  const row = stmt(db, 'SELECT json FROM employees WHERE id = ?').get(id) as
    { json: string } | undefined
  return row ? (JSON.parse(row.json) as Employee) : null
}

export function searchContacts(db: Db, search: string, limit: number): Contact[] {
  const pattern = containsPattern(search.trim())
  const rows = stmt(
    db,
    `SELECT s.json FROM contacts c JOIN snapshots s ON s.id = c.snapshot_id
     WHERE c.name LIKE ? ESCAPE '\\' OR c.membership_no LIKE ? ESCAPE '\\'
     ORDER BY c.name, c.id LIMIT ?`,
  ).all(pattern, pattern, limit) as { json: string }[]
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

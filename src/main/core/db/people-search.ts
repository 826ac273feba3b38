/**
 * What the contact and employee pickers (and the caller lookup) match a search against: one
 * normalised `search_key` per person, its fields joined by a line break (no search word holds
 * white space, so a word's LIKE over the key is "in any of the fields"), and for contacts the
 * national id's identityKey() in its own column, matched only whole.
 */
import type { Contact, Employee } from '../../../shared/domain/api-schemas'
import type { Db } from './open-database'
import { nameWithoutSpaces } from '../../../shared/domain/people'
import { identityKey, normaliseSearch, searchWords } from '../../../shared/domain/search'
import { personName } from '../../../shared/domain/people'

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

function joinKey(fields: (string | null)[]): string {
  return fields
    .filter((f): f is string => f !== null)
    .map(normaliseSearch)
    .join('\n')
}

/** A contact by name (with or without the space), membership number. */
export function contactSearchKey(contact: Contact): string {
  const name = personName(contact)
  return joinKey([name, nameWithoutSpaces(name), text(contact.membership_no)])
}

export function contactIdentityKey(contact: Contact): string | null {
  return identityKey(text(contact.identity_no))
}

/** An employee by name (with or without the space), employee number and extension. */
export function employeeSearchKey(employee: Employee): string {
  const name = personName(employee)
  return joinKey([
    name,
    nameWithoutSpaces(name),
    text(employee.employee_no),
    text(employee.extension?.extension),
  ])
}

/** A LIKE pattern that matches `search` literally anywhere (case-insensitive for ASCII). */
export function containsPattern(word: string): string {
  return '%' + word.replace(/[\\%_]/g, (c) => '\\' + c) + '%'
}

export interface PeopleWhere {
  sql: string
  params: unknown[]
  /** The search's words (normalised); empty: no search. */
  words: string[]
}

/**
 * Every word in the search key (or, for contacts, equal to the identity key): the condition
 * over `search_key` (and `identity_key` when `withIdentity`).
 */
export function peopleWhere(search: string, withIdentity: boolean): PeopleWhere {
  const words = searchWords(search)
  if (words.length === 0) return { sql: '1', params: [], words }
  const parts: string[] = []
  const params: unknown[] = []
  for (const word of words) {
    if (withIdentity) {
      parts.push("(search_key LIKE ? ESCAPE '\\' OR identity_key = ?)")
      params.push(containsPattern(word), identityKey(word))
    } else {
      parts.push("search_key LIKE ? ESCAPE '\\'")
      params.push(containsPattern(word))
    }
  }
  return { sql: parts.join(' AND '), params, words }
}

/** Whether every word (normalised, see searchWords) is in the key: peopleWhere's test in code. */
export function keyMatches(key: string, words: readonly string[]): boolean {
  return words.every((w) => key.includes(w))
}

/** Fills the search columns of every stored contact and employee from its JSON (migrations). */
export function fillPeopleSearchKeys(db: Db): void {
  const contacts = db.prepare('SELECT id, json FROM contacts').all() as {
    id: number
    json: string
  }[]
  const setContact = db.prepare('UPDATE contacts SET search_key = ?, identity_key = ? WHERE id = ?')
  for (const row of contacts) {
    const contact = JSON.parse(row.json) as Contact
    setContact.run(contactSearchKey(contact), contactIdentityKey(contact), row.id)
  }
  const employees = db.prepare('SELECT id, json FROM employees').all() as {
    id: number
    json: string
  }[]
  const setEmployee = db.prepare('UPDATE employees SET search_key = ? WHERE id = ?')
  for (const row of employees) {
    setEmployee.run(employeeSearchKey(JSON.parse(row.json) as Employee), row.id)
  }
}

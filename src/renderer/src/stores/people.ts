/**
 * Employees and contacts for the pickers and the caller lookup: the core's search (every word in
 * a name with or without the space, a number, an extension; a national id in full) and the labels
 * the pickers show for them.
 */
import { defineStore } from 'pinia'
import type { ContactSummary, EmployeeSummary } from '../../../shared/contract/contract'
import { useClient } from '../composables/use-client'
import { useLookupsStore } from './lookups'
import { personLabel } from '../../../shared/domain/people'

export type PersonKind = 'employee' | 'contact'

export type PersonOption = {
  label: string
  value: number
}

const SEARCH_LIMIT = 20

/** An employee as the pickers and "who am I" name one: the name (or `#id`), then the number. */
export function employeeLabel(e: Pick<EmployeeSummary, 'id' | 'name' | 'employeeNo'>): string {
  const name = personLabel(e)
  return e.employeeNo ? `${name} (${e.employeeNo})` : name
}

/**
 * A contact as the pickers list it: the name, then what tells two of the same name apart (the
 * membership number and the masked national id, as the caller suggestions show them).
 */
export function contactLabel(c: ContactSummary): string {
  const name = personLabel(c)
  const tell = [c.membershipNo, c.maskedIdentityNo].filter(Boolean).join(' · ')
  return tell ? `${name} (${tell})` : name
}

export const usePeopleStore = defineStore('people', () => {
  const api = useClient()
  const lookups = useLookupsStore()
  /** Labels of contacts seen this session (there is no contact list to look them up in). */
  const contacts = new Map<number, string>()

  function searchEmployees(search: string): Promise<EmployeeSummary[]> {
    return api.call('employees:search', { search, limit: SEARCH_LIMIT })
  }

  async function searchContacts(search: string): Promise<ContactSummary[]> {
    const found = await api.call('contacts:search', { search, limit: SEARCH_LIMIT })
    for (const c of found) contacts.set(c.id, contactLabel(c))
    return found
  }

  /** A contact's label if one was seen, else null. */
  function contactName(id: number): string | null {
    return contacts.get(id) ?? null
  }

  /** Picker options of `kind` matching `search`. */
  async function search(kind: PersonKind, text: string): Promise<PersonOption[]> {
    if (kind === 'employee') {
      return (await searchEmployees(text)).map((e) => ({ label: employeeLabel(e), value: e.id }))
    }
    return (await searchContacts(text)).map((c) => ({ label: contactLabel(c), value: c.id }))
  }

  /** A contact met elsewhere (an open ticket's), so its id reads as its name later. */
  function rememberContact(id: number, label: string): void {
    contacts.set(id, label)
  }

  /** The best label known without a search: employees from the lookups, contacts by id. */
  function knownLabel(kind: PersonKind, id: number): string {
    if (kind === 'contact') return contacts.get(id) ?? `#${id}`
    const e = lookups.lookups.employees.find((x) => x.id === id)
    return e ? employeeLabel(e) : (lookups.employeeName.get(id) ?? `#${id}`)
  }

  return { searchEmployees, searchContacts, contactName, search, knownLabel, rememberContact }
})

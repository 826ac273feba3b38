/**
 * An employee or a contact as the pickers and the caller lookup receive them: the core's
 * searches answer with these, and the form names a ticket's own people the same way. A contact's
 * national id is only ever masked here.
 */
import type { Contact, Employee } from '../domain/api-schemas'
import { personName } from '../domain/people'
import { maskNationalId } from '../domain/personal-data'
import type { ContactSummary, EmployeeSummary } from './read-schemas'

export function toEmployeeSummary(employee: Employee): EmployeeSummary {
  return {
    id: employee.id,
    name: employee.name ?? null,
    employeeNo: employee.employee_no ?? null,
    groupName: employee.group?.name ?? null,
  }
}

export function toContactSummary(contact: Contact): ContactSummary {
  return {
    id: contact.id,
    name: personName(contact),
    membershipNo: contact.membership_no ?? null,
    maskedIdentityNo: maskNationalId(contact.identity_no) || null,
  }
}

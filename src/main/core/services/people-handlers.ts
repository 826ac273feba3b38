/** Employees and contacts: the pickers' searches and a name for an id. */
import type { EmployeeSummary } from '../../../shared/contract/contract'
import type { Employee } from '../../../shared/domain/api-schemas'
import { AppError, isUnreachable } from '../../../shared/domain/errors'
import type { HandlersOf, ServiceDeps } from './service-deps'

export function toEmployeeSummary(employee: Employee): EmployeeSummary {
  return {
    id: employee.id,
    name: employee.name ?? null,
    employeeNo: employee.employee_no ?? null,
    groupName: employee.group?.name ?? null,
  }
}

export function createPeopleHandlers(deps: ServiceDeps): HandlersOf<'employees' | 'contacts'> {
  const { cache } = deps
  return {
    'employees:search': async ({ search, limit }) => {
      const client = deps.api.get()
      if (client) {
        try {
          const page = await client.listEmployees({
            page: 1,
            per_page: limit,
            search: search || undefined,
          })
          return page.data.map(toEmployeeSummary)
        } catch (error) {
          // Offline: the cached employee list still answers.
          if (!(error instanceof AppError && isUnreachable(error.code))) throw error
        }
      }
      return cache.searchEmployees(search, limit)
    },
    'employees:get': ({ id }) => cache.getEmployee(id),
    'contacts:search': ({ search, limit }) => cache.searchContacts(search, limit),
  }
}

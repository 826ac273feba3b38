/** Connecting to the ticket API, finding who I am, signing out; and the sync controls. */
import type { EmployeeSummary, Handlers } from '../../../shared/contract/contract'
import type { Employee } from '../../../shared/domain/api-schemas'
import { AppError, isUnreachable } from '../../../shared/domain/errors'
import { normalizeApiBase } from '../api/index'
import { currentSettings } from './app-handlers'
import type { ServiceDeps } from './service-deps'

type ConnectionHandlers = Pick<
  Handlers,
  | 'connection:test'
  | 'connection:connect'
  | 'connection:signOut'
  | 'employees:search'
  | 'sync:status'
  | 'sync:now'
  | 'sync:cancel'
>

export function toEmployeeSummary(employee: Employee): EmployeeSummary {
  return {
    id: employee.id,
    name: employee.name ?? null,
    employeeNo: employee.employee_no ?? null,
    groupName: employee.group?.name ?? null,
  }
}

export function createConnectionHandlers(deps: ServiceDeps): ConnectionHandlers {
  const { ctx, cache, sync } = deps
  return {
    'connection:test': async ({ apiUrl, token }) => {
      const client = deps.api.probe(apiUrl, token || null)
      const employees = await client.listEmployees({ page: 1, per_page: 1 })
      const tickets = await client.searchTickets({ page: 1, per_page: 1 })
      return { employees: employees.meta.total, tickets: tickets.meta.total }
    },
    'connection:connect': ({ apiUrl, token }) => {
      const before = ctx.settings.get().apiUrl
      const sameServer = before !== null && normalizeApiBase(before) === normalizeApiBase(apiUrl)
      sync.cancel()
      if (!sameServer) {
        // The cache and "who I am" belong to the previous server.
        cache.clear()
        sync.resetSweep()
        ctx.settings.update({ me: null })
        ctx.events.emit('tickets:changed', { reason: 'reset' })
      }
      ctx.settings.update({ apiUrl: apiUrl.trim() })
      if (token !== undefined) ctx.secrets.set(token || null)
      sync.reschedule({ fullNow: true })
      return currentSettings(ctx)
    },
    'connection:signOut': () => {
      sync.cancel()
      sync.resetSweep()
      ctx.secrets.set(null)
      ctx.settings.update({ apiUrl: null, me: null })
      cache.clear()
      sync.reschedule()
      ctx.events.emit('tickets:changed', { reason: 'reset' })
      return currentSettings(ctx)
    },
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
      return cache.get().searchEmployees(search, limit)
    },
    'sync:status': () => sync.status(),
    'sync:now': () => ({ started: sync.syncNow().started }),
    'sync:cancel': () => ({ cancelled: sync.cancel() }),
  }
}

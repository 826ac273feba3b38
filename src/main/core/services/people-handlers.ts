/** Employees and contacts: the pickers' searches and a name for an id. */
import { toContactSummary, toEmployeeSummary } from '../../../shared/contract/summaries'
import type { Employee } from '../../../shared/domain/api-schemas'
import { AppError, isUnreachable } from '../../../shared/domain/errors'
import { employeeSearchKey, keyMatches } from '../db/people-search'
import { searchWords } from '../../../shared/domain/search'
import type { HandlersOf, ServiceDeps } from './service-deps'

export function createPeopleHandlers(deps: ServiceDeps): HandlersOf<'employees' | 'contacts'> {
  const { cache } = deps
  return {
    'employees:search': async ({ search, limit }) => {
      // The cache matches names with or without the space and extensions, as the API does not.
      const cached = cache.searchEmployees(search, limit)
      const client = deps.api.get()
      if (cached.length > 0 || !client) return cached
      try {
        // Nobody in the cache (before the first sync, or someone new): the server's own search,
        // and its first page of everyone matched here the way the cache matches.
        const words = searchWords(search)
        const [found, everyone] = await Promise.all([
          client.listEmployees({ page: 1, per_page: limit, search: search.trim() || undefined }),
          words.length > 0 ? client.listEmployees({ page: 1, per_page: 100 }) : null,
        ])
        const matched = (everyone?.data ?? []).filter((e) =>
          keyMatches(employeeSearchKey(e), words),
        )
        const byId = new Map<number, Employee>()
        for (const e of [...found.data, ...matched]) byId.set(e.id, e)
        return [...byId.values()].slice(0, limit).map(toEmployeeSummary)
      } catch (error) {
        // Offline: the cached employee list still answers.
        if (!(error instanceof AppError && isUnreachable(error.code))) throw error
        return cached
      }
    },
    'employees:get': ({ id }) => cache.getEmployee(id),
    // A suggestion never carries the full national id: masked here, in the core.
    'contacts:search': ({ search, limit }) =>
      cache.searchContacts(search, limit).map(toContactSummary),
  }
}

/**
 * The queue and the ticket screens. Reads come from the cache (so they work offline);
 * writes go to the API and the server's answer is stored in the cache at once, so the queue and
 * the detail show the server's version without waiting for a sync.
 */
import type { Ticket } from '../../../shared/domain/api-schemas'
import { AppError, toErrorData } from '../../../shared/domain/errors'
import { mergeWithCached } from '../tickets/merge-with-cached'
import { queryContext, requireApi, type HandlersOf, type ServiceDeps } from './service-deps'

export function createTicketsHandlers(deps: ServiceDeps): HandlersOf<'tickets'> {
  const { cache, events } = deps
  const changed = (reason: 'save' | 'delete', ids: number[]): void =>
    events.emit('tickets:changed', { reason, ids })
  const store = (ticket: Ticket): void => {
    cache.upsertTickets([ticket], new Date().toISOString())
  }

  const withCachedFields = (fresh: Ticket): Ticket =>
    mergeWithCached(cache.getTicket(fresh.id)?.ticket, fresh)

  return {
    'tickets:query': (query) => cache.queryTickets(query, queryContext(deps)),
    'tickets:counts': ({ filters }) => cache.countViews(filters, queryContext(deps)),
    'tickets:get': async ({ id }) => {
      const hit = cache.getTicket(id)
      if (hit) return hit
      // Not cached yet (e.g. created elsewhere a moment ago): ask the server when we can.
      const client = deps.api.get()
      if (!client)
        throw new AppError({ code: 'not_found', message: `Ticket ${id} is not in the cache` })
      const ticket = await client.getTicket(id)
      store(ticket)
      return { ticket, syncedAt: new Date().toISOString() }
    },
    'tickets:refresh': async ({ id }) => {
      // The cached copy is already on screen; this brings the server's (and the contact's other
      // tickets) when online. Offline or failing, the cached copy stays: no error for that.
      if (!deps.api.get()) return null
      const before = cache.getTicket(id)
      try {
        await deps.sync.refreshTicket(id)
      } catch (error) {
        deps.logger.debug('ticket refresh failed', toErrorData(error))
        return null
      }
      const after = cache.getTicket(id)
      const changedNow =
        JSON.stringify(before?.ticket ?? null) !== JSON.stringify(after?.ticket ?? null)
      if (changedNow) events.emit('tickets:changed', { reason: 'sync', ids: [id] })
      return after
    },
    'tickets:create': async (input) => {
      const ticket = await requireApi(deps).createTicket(input)
      store(ticket)
      changed('save', [ticket.id])
      return ticket
    },
    'tickets:update': async ({ id, changes, baseUpdatedAt }) => {
      const client = requireApi(deps)
      if (baseUpdatedAt !== undefined) {
        // The API has no version check of its own: compare updated_at before writing over
        // someone else's change, and put their version in the cache for the agent to see.
        const current = await client.getTicket(id)
        if ((current.updated_at ?? null) !== baseUpdatedAt) {
          store(withCachedFields(current))
          changed('save', [id])
          throw new AppError({
            code: 'conflict',
            message: `Ticket ${id} was changed by someone else at ${current.updated_at ?? 'an unknown time'}`,
          })
        }
      }
      const saved = withCachedFields(await client.updateTicket(id, changes))
      store(saved)
      changed('save', [id])
      return saved
    },
    'tickets:delete': async ({ id }) => {
      try {
        await requireApi(deps).deleteTicket(id)
      } catch (error) {
        // Already gone on the server: the agent's intent holds; drop it locally too.
        if (!(error instanceof AppError && error.code === 'not_found')) throw error
      }
      cache.deleteTickets([id])
      changed('delete', [id])
      return { id }
    },
  }
}

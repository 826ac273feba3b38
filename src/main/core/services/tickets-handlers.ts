/**
 * The queue and the ticket screens. Reads come from the cache (so they work offline);
 * writes go to the API and the server's answer is stored in the cache at once, so the queue and
 * the detail show the server's version without waiting for a sync.
 */
import type { Ticket } from '../../../shared/domain/api-schemas'
import { AppError } from '../../../shared/domain/errors'
import { mergeWithCached } from '../tickets/merge-with-cached'
import { queryContext, requireApi, type HandlersOf, type ServiceDeps } from './service-deps'

export function createTicketsHandlers(deps: ServiceDeps): HandlersOf<'tickets'> {
  const { cache, events, sync, alerts } = deps
  /** A write's outcome also tells the status bar whether the server is there. */
  async function write<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await work()
      sync.noteWriteOutcome(null)
      return result
    } catch (error) {
      sync.noteWriteOutcome(error)
      throw error
    }
  }
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
    'tickets:create': async (input) => {
      const ticket = await write(() => requireApi(deps).createTicket(input))
      alerts.acknowledge(ticket)
      store(ticket)
      changed('save', [ticket.id])
      return ticket
    },
    'tickets:update': async ({ id, changes, baseUpdatedAt }) => {
      const client = requireApi(deps)
      alerts.noteOwnWrite(id)
      if (baseUpdatedAt !== undefined) {
        // The API has no version check of its own: compare updated_at before writing over
        // someone else's change, and put their version in the cache for the agent to see.
        const current = await write(() => client.getTicket(id))
        if ((current.updated_at ?? null) !== baseUpdatedAt) {
          store(withCachedFields(current))
          changed('save', [id])
          throw new AppError({
            code: 'conflict',
            message: `Ticket ${id} was changed by someone else at ${current.updated_at ?? 'an unknown time'}`,
          })
        }
      }
      const saved = withCachedFields(await write(() => client.updateTicket(id, changes)))
      alerts.acknowledge(saved)
      store(saved)
      changed('save', [id])
      return saved
    },
    'tickets:delete': async ({ id }) => {
      try {
        await write(() => requireApi(deps).deleteTicket(id))
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

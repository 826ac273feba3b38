/**
 * The queue and the ticket screens. Reads come from the cache only (so they work offline);
 * writes go to the API and the server's answer is stored in the cache at once, so the queue and
 * the detail show the server's version without waiting for a sync.
 */
import type { Handlers } from '../../../shared/contract/contract'
import type { Ticket } from '../../../shared/domain/api-schemas'
import { AppError } from '../../../shared/domain/errors'
import { mergeWithCached } from '../tickets/merge-with-cached'
import { queryContext, requireApi, type ServiceDeps } from './service-deps'

type TicketHandlers = Pick<
  Handlers,
  | 'tickets:query'
  | 'tickets:counts'
  | 'tickets:get'
  | 'tickets:create'
  | 'tickets:update'
  | 'tickets:delete'
  | 'contacts:search'
  | 'lookups:get'
  | 'employees:get'
  | 'alerts:list'
  | 'alerts:seen'
>

export function createTicketHandlers(deps: ServiceDeps): TicketHandlers {
  const { cache, ctx, sync, alerts } = deps
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
    ctx.events.emit('tickets:changed', { reason, ids })
  const store = (ticket: Ticket): void => {
    cache.get().upsertTickets([ticket], new Date().toISOString())
  }

  const withCachedFields = (fresh: Ticket): Ticket =>
    mergeWithCached(cache.get().getTicket(fresh.id)?.ticket, fresh)

  return {
    'tickets:query': (query) => cache.get().queryTickets(query, queryContext(deps)),
    'tickets:counts': ({ filters }) => cache.get().countViews(filters, queryContext(deps)),
    'tickets:get': async ({ id }) => {
      const hit = cache.get().getTicket(id)
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
      cache.get().deleteTickets([id])
      changed('delete', [id])
      return { id }
    },
    'contacts:search': ({ search, limit }) => cache.get().searchContacts(search, limit),
    'lookups:get': () => cache.get().getLookups(),
    'employees:get': ({ id }) => cache.get().getEmployee(id),
    'alerts:list': () => alerts.active(),
    'alerts:seen': ({ ticketId }) => alerts.seen(ticketId),
  }
}

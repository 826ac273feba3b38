/**
 * The queue and the ticket screens. Reads come from the cache (so they work offline) with the
 * edits that still wait in the outbox laid over them; every write goes through the outbox, which
 * sends it at once when the server answers and keeps it, in order, when it does not.
 */
import type { WriteResult } from '../../../shared/domain/outbox'
import { AppError } from '../../../shared/domain/errors'
import { queryContext, type HandlersOf, type ServiceDeps } from './service-deps'

export function createTicketsHandlers(deps: ServiceDeps): HandlersOf<'tickets'> {
  const { cache, events, outbox } = deps
  const announce = (result: WriteResult, ids: number[], reason: 'save' | 'delete'): WriteResult => {
    const ticketIds = [...ids]
    if (result.state === 'applied' && result.ticket) ticketIds.push(result.ticket.id)
    events.emit('tickets:changed', { reason, ids: ticketIds })
    events.emit('outbox:changed', outbox.summary())
    return result
  }

  return {
    'tickets:query': (query) => {
      const page = cache.queryTickets(query, queryContext(deps))
      return { ...page, rows: outbox.overlayRows(page.rows) }
    },
    'tickets:counts': ({ filters }) => cache.countViews(filters, queryContext(deps)),
    'tickets:get': async ({ id }) => {
      let hit = cache.getTicket(id)
      if (!hit) {
        // Not cached yet (e.g. created elsewhere a moment ago): ask the server when we can.
        const client = deps.api.get()
        if (!client)
          throw new AppError({ code: 'not_found', message: `Ticket ${id} is not in the cache` })
        const ticket = await client.getTicket(id)
        cache.upsertTickets([ticket], new Date().toISOString())
        hit = { ticket, syncedAt: new Date().toISOString() }
      }
      const { ticket, pending } = outbox.overlayTicket(hit.ticket)
      return { ticket, syncedAt: hit.syncedAt, pending }
    },
    'tickets:create': async (input) => announce(await outbox.create(input), [], 'save'),
    'tickets:update': async ({ id, changes, base }) =>
      announce(await outbox.update(id, changes, base), [id], 'save'),
    'tickets:delete': async ({ id }) => announce(await outbox.delete(id), [id], 'delete'),
  }
}

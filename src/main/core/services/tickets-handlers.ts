/**
 * The queue and the ticket screens. Reads come from the cache (so they work offline) with the
 * edits that still wait in the outbox laid over them; every write goes through the outbox, which
 * sends it at once when the server answers and keeps it, in order, when it does not. The detail's
 * refresh re-reads the ticket on screen from the server (the cached copy shows meanwhile).
 */
import type { OutputOf } from '../../../shared/contract/contract'
import { AppError, toErrorData } from '../../../shared/domain/errors'
import type { WriteResult } from '../../../shared/domain/outbox'
import type { CachedTicket } from '../db/cache'
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

  /** The cached copy with the edits that still wait in the outbox laid over it. */
  const withPending = (hit: CachedTicket): OutputOf<'tickets:get'> => {
    const { ticket, pending } = outbox.overlayTicket(hit.ticket)
    return { ticket, syncedAt: hit.syncedAt, pending }
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
      return withPending(hit)
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
      return after ? withPending(after) : null
    },
    'tickets:create': async (input) => announce(await outbox.create(input), [], 'save'),
    'tickets:update': async ({ id, changes, base }) =>
      announce(await outbox.update(id, changes, base), [id], 'save'),
    'tickets:delete': async ({ id }) => announce(await outbox.delete(id), [id], 'delete'),
  }
}

/**
 * The queue and the ticket screens. Reads come from the cache (so they work offline) with the
 * edits that still wait in the outbox laid over them; every write goes through the outbox, which
 * sends it at once when the server answers and keeps it, in order, when it does not. The detail's
 * refresh re-reads the ticket on screen from the server (the cached copy shows meanwhile).
 */
import type { OutputOf } from '../../../shared/contract/contract'
import { ticketTemplateValues, ticketUpdateOf } from '../../../shared/domain/apply-change'
import { AppError, toErrorData } from '../../../shared/domain/errors'
import { refuseAgainstLookups } from '../../../shared/domain/macros'
import { draftKeyOf } from '../../../shared/domain/draft-keys'
import type { WriteResult } from '../../../shared/domain/outbox'
import { BUILTIN_VIEWS } from '../../../shared/domain/queue'
import { serverNow } from '../../../shared/domain/server-time'
import type { CachedTicket } from '../db/cache-interfaces'
import { queuePage } from './queue-page'
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
    'tickets:query': (query) => queuePage(deps, query, queryContext(deps)),
    /** The counts include the waiting creates each view lists, as the queue's total does. */
    'tickets:counts': ({ filters }) => {
      const ctx = queryContext(deps)
      const counts = cache.countViews(filters, ctx)
      const local = outbox.localCounts(filters, ctx, BUILTIN_VIEWS)
      for (const view of BUILTIN_VIEWS) counts[view] = (counts[view] ?? 0) + local[view]
      return counts
    },
    'tickets:get': async (input) => {
      let id = input.id
      if (id < 0) {
        // A ticket created here: the waiting create, or the server's ticket once it was sent.
        const local = outbox.localTicket(-id)
        if (local) return { ticket: local.ticket, syncedAt: null, pending: local.pending }
        const made = outbox.store.createdTicketFor(-id)
        if (made === null)
          throw new AppError({ code: 'not_found', message: `New ticket ${-id} was discarded` })
        id = made
      }
      let hit = cache.getTicket(id)
      if (!hit) {
        // Not cached yet (e.g. created elsewhere a moment ago): ask the server when we can.
        const client = deps.api.get()
        if (!client && cache.isDamagedTicket(id))
          throw new AppError({
            code: 'damaged_record',
            message: `The stored copy of ticket ${id} is damaged; it will be fetched again`,
          })
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
    'tickets:delete': async ({ id }) => {
      const result = await outbox.delete(id)
      // Gone from the server: a draft of its form has nothing left to be saved to.
      if (result.state === 'applied')
        outbox.store.clearDraft(draftKeyOf({ ticketId: id, contactId: null }))
      return announce(result, [id], 'delete')
    },
    'tickets:bulkUpdate': async ({ ids, changes }) => {
      refuseAgainstLookups(changes, cache.getLookups())
      const settings = deps.settings.get()
      const me = settings.me?.name ?? null
      const today = serverNow(settings.serverTimeZone).slice(0, 10)
      const outcomes = await outbox.updateMany(ids, (ticket) =>
        ticketUpdateOf(changes, ticket, ticketTemplateValues(ticket, me, today)),
      )
      events.emit('tickets:changed', { reason: 'save', ids: [...ids] })
      events.emit('outbox:changed', outbox.summary())
      return outcomes
    },
  }
}

/** Adapts the cache to the sync engine's port. */
import type { SyncCache } from '../sync/ports'
import type { CachePort } from './cache-port'

const MAX_MINE = 10_000

export function syncCachePort(cache: CachePort): SyncCache {
  return {
    upsertTickets: (tickets, syncedAt) => cache.upsertTickets(tickets, syncedAt),
    upsertTicketsInChunks: async (tickets, syncedAt) =>
      cache.upsertTicketsInChunks
        ? cache.upsertTicketsInChunks(tickets, syncedAt)
        : cache.upsertTickets(tickets, syncedAt),
    deleteTickets: (ids) => cache.deleteTickets(ids),
    allTicketIds: () => cache.allTicketIds(),
    cachedTicket: (id) => cache.getTicket(id)?.ticket ?? null,
    ticketIdsFor: (handlerId, statuses) =>
      cache
        .queryTickets(
          {
            view: 'all',
            filters: { handlerIds: [handlerId], statuses },
            offset: 0,
            limit: MAX_MINE,
          },
          { meId: handlerId, now: '9999-12-31 23:59:59' },
        )
        .rows.map((row) => row.id),
    replaceLookups: (lists) => cache.replaceLookups(lists),
    getState: (key) => cache.getState(key),
    setState: (key, value) => cache.setState(key, value),
    beginBulk: () => cache.beginBulk?.(),
    endBulk: () => cache.endBulk?.(),
    maintenanceStep: () => cache.maintenanceStep?.() ?? false,
    checkpointStep: () => void cache.checkpointStep?.(),
  }
}

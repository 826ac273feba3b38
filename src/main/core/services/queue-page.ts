/**
 * One page of the queue as the screens see it: tickets created here and not sent yet first, then
 * the cache's page shifted by them, with the edits that wait in the outbox laid over. The queue
 * (tickets:query) and the export read it the same way.
 */
import type { TicketPage, TicketQuery } from '../../../shared/domain/queue'
import type { QueryContext } from '../../../shared/domain/views'
import type { ServiceDeps } from './service-deps'

export type QueueQuery = Required<
  Pick<TicketQuery, 'view' | 'filters' | 'sort' | 'offset' | 'limit'>
>

export function queuePage(
  deps: Pick<ServiceDeps, 'cache' | 'outbox'>,
  query: QueueQuery,
  ctx: QueryContext,
): TicketPage {
  const { cache, outbox } = deps
  const local = outbox.localRows(query.view, query.filters, ctx)
  const head = local.slice(query.offset, query.offset + query.limit)
  const page = cache.queryTickets(
    {
      ...query,
      offset: Math.max(0, query.offset - local.length),
      limit: query.limit - head.length,
    },
    ctx,
  )
  const rows = head.length < query.limit ? outbox.overlayRows(page.rows) : []
  return {
    ...page,
    offset: query.offset,
    total: page.total + local.length,
    rows: [...head, ...rows],
  }
}

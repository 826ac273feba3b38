/** The question read from the cache alone (the CLI's `export`, as its `tickets` reads it). */
import type { TicketFilters, TicketSort, BuiltinView } from '../../../shared/domain/queue'
import type { QueryContext } from '../../../shared/domain/views'
import type { TicketCacheReader } from '../db/cache-interfaces'
import { EXPORT_EMBEDS } from './export-cells'
import type { ExportSource } from './export-tickets'

export interface ExportQuestion {
  view: BuiltinView
  filters: TicketFilters
  sort: TicketSort
}

export function cacheExportSource(
  cache: Pick<TicketCacheReader, 'queryTickets' | 'getTickets'>,
  question: ExportQuestion,
  ctx: QueryContext,
): ExportSource {
  return {
    page: (offset, limit) => cache.queryTickets({ ...question, offset, limit }, ctx),
    tickets: (rows) =>
      cache.getTickets(
        rows.map((r) => r.id),
        EXPORT_EMBEDS,
      ),
  }
}

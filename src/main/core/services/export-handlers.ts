/**
 * Export of the queue's current question (export:start, export:cancel): the core writes the file
 * into its private export folder, reporting progress (export:progress) after every page; the
 * shell hands it on (the desktop's save dialog, the browser host's download). The rows are the
 * queue's own pages, waiting edits and creates included, so the file equals the screen.
 */
import { exportFileName } from '../../../shared/contract/export-contract'
import { AppError } from '../../../shared/domain/errors'
import { serverNow } from '../../../shared/domain/server-time'
import type { Ticket } from '../../../shared/domain/api-schemas'
import { EXPORT_EMBEDS } from '../export/export-cells'
import { exportTickets, type ExportSource } from '../export/export-tickets'
import { prepareSpool, spoolPath } from '../export/export-spool'
import { queuePage } from './queue-page'
import { queryContext, type HandlersOf, type ServiceDeps } from './service-deps'

/** Exports running at once per core: each holds a page in memory and a file open. */
export const MAX_RUNNING_EXPORTS = 3

export function createExportHandlers(deps: ServiceDeps, exportDir: string): HandlersOf<'export'> {
  const running = new Map<string, AbortController>()
  return {
    'export:start': async (request) => {
      if (running.has(request.id))
        throw new AppError({ code: 'invalid_input', message: `Export ${request.id} is running` })
      if (running.size >= MAX_RUNNING_EXPORTS)
        throw new AppError({ code: 'busy', message: 'Other exports are running; try again soon' })
      const path = spoolPath(exportDir, request.id, request.format)
      if (!path) throw new AppError({ code: 'invalid_input', message: 'Bad export id' })
      const controller = new AbortController()
      running.set(request.id, controller)
      try {
        await prepareSpool(exportDir)
        // One "now" for the whole export, so the due view cannot shift between its pages.
        const ctx = queryContext(deps)
        const question = { view: request.view, filters: request.filters, sort: request.sort }
        const source: ExportSource = {
          page: (offset, limit) => queuePage(deps, { ...question, offset, limit }, ctx),
          tickets: (rows) => {
            const cached = deps.cache.getTickets(
              rows.filter((r) => !r.outboxId).map((r) => r.id),
              EXPORT_EMBEDS,
            )
            const out = new Map<number, Ticket>()
            for (const row of rows) {
              const ticket = row.outboxId
                ? deps.outbox.localTicket(row.outboxId)?.ticket
                : cached.get(row.id)
              if (!ticket) continue
              out.set(row.id, row.outboxId ? ticket : deps.outbox.overlayTicket(ticket).ticket)
            }
            return out
          },
        }
        const outcome = await exportTickets(source, request, path, {
          signal: controller.signal,
          logger: deps.logger,
          onProgress: (done, total) =>
            deps.events.emit('export:progress', { id: request.id, done, total }),
        })
        return {
          id: request.id,
          state: outcome.state,
          rows: outcome.rows,
          fileName: exportFileName(request.format, serverNow(deps.settings.get().serverTimeZone)),
        }
      } finally {
        running.delete(request.id)
      }
    },
    'export:cancel': ({ id }) => {
      const controller = running.get(id)
      controller?.abort()
      return { cancelled: controller !== undefined }
    },
  }
}

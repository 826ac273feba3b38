/**
 * Writes the queue's current question to a CSV or XLSX file: pages read in the queue's own order
 * (the same query the screen runs, so the file holds exactly what the agent sees), each written
 * before the next is read, with progress after every page and cancel between pages. The file
 * appears under its name only when complete: it is written beside it as `<name>.part` and renamed;
 * a cancelled or failed export removes the part, so no half file is ever left to be mistaken for
 * the whole.
 */
import { rm, rename } from 'node:fs/promises'
import {
  EXPORT_HEADER_KEYS,
  EXPORT_SHEET_NAME,
  type ExportColumn,
  type ExportFormat,
} from '../../../shared/contract/export-contract'
import type { Language } from '../../../shared/contract/choices'
import { TICKET_TEXTS } from '../../../shared/contract/ticket-texts'
import type { Ticket } from '../../../shared/domain/api-schemas'
import type { TicketPage, TicketRow } from '../../../shared/domain/queue'
import type { Logger } from '../logger'
import { needsTicket, rowCells, type Cell } from './export-cells'
import { IdSet } from './id-set'
import { openFileWriter, type RowWriter } from './export-writers'
import { openThreadWriter } from './writer-thread'
import type { WriterThreadInit, WriterThreadMemory } from './writer-thread-protocol'

/** Rows per page: large enough that paging costs little, small enough to keep memory flat. */
export const EXPORT_PAGE_SIZE = 1000

/**
 * Rows turned into cells and handed to the writer at a time (the XLSX writer waits for its zip
 * after each): measured, a whole page's tickets and cells lived long enough to fill V8's old
 * generation, so the peak grew with the rows until a full collection.
 */
const EXPORT_SLICE = 100

/** Where the rows come from: the queue's pages, and a row's whole ticket for the extra columns. */
export interface ExportSource {
  /** Rows `offset` to `offset + limit` of the question, in the queue's order, and its total. */
  page(offset: number, limit: number): TicketPage
  /**
   * The rows' tickets as the screens show them (waiting edits laid over), by row id, for the
   * columns a row lacks: only the embedded objects EXPORT_EMBEDS names are needed.
   */
  tickets(rows: readonly TicketRow[]): Map<number, Ticket>
}

export interface ExportOptions {
  format: ExportFormat
  columns: readonly ExportColumn[]
  includeNationalIds: boolean
  language: Language
  /** Rows of the question to skip, and at most how many to write (the CLI's --offset, --limit). */
  offset?: number
  limit?: number
}

export interface ExportRun {
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
  /** Where "national ids included" is recorded (never the ids). */
  logger: Logger
  pageSize?: number
}

export interface ExportOutcome {
  state: 'done' | 'cancelled'
  rows: number
  /** The writer thread's peak memory (XLSX), for the bench. */
  writerPeak?: WriterThreadMemory
}

/**
 * XLSX is written in a thread of its own (writer-thread.ts): exceljs' garbage grew the peak with
 * the rows. CSV's writer makes one string per batch and its peak was already flat here, so it
 * is written here, without a thread's start (half a second and ~20 MB measured).
 */
function openWriter(init: WriterThreadInit): Promise<RowWriter> {
  return init.format === 'xlsx'
    ? openThreadWriter(init)
    : openFileWriter(init.format, init.path, init.header, init.sheetName)
}

export async function exportTickets(
  source: ExportSource,
  options: ExportOptions,
  path: string,
  run: ExportRun,
): Promise<ExportOutcome> {
  const texts = TICKET_TEXTS[options.language]
  const header = options.columns.map((c) => texts.field[EXPORT_HEADER_KEYS[c]])
  const part = `${path}.part`
  await rm(part, { force: true })
  const writer = await openWriter({
    format: options.format,
    path: part,
    header,
    sheetName: EXPORT_SHEET_NAME[options.language],
  })
  const withTicket = needsTicket(options.columns)
  const cellOptions = { texts, includeNationalIds: options.includeNationalIds }
  const pageSize = run.pageSize ?? EXPORT_PAGE_SIZE
  const start = options.offset ?? 0
  const cancelled = (): boolean => run.signal?.aborted ?? false
  // A row moved by a sync between two pages could come twice: each ticket is written once.
  const written = new IdSet()
  let rows = 0
  try {
    let total = Math.max(0, source.page(start, 0).total - start)
    if (options.limit !== undefined) total = Math.min(total, options.limit)
    if (options.includeNationalIds)
      run.logger.warn('export includes national id numbers unmasked', {
        format: options.format,
        rows: total,
        columns: options.columns,
      })
    run.onProgress?.(0, total)
    for (let offset = 0; offset < total && !cancelled(); offset += pageSize) {
      const page = source.page(start + offset, Math.min(pageSize, total - offset))
      const fresh = page.rows.filter((row) => !written.has(row.id))
      // Whole tickets and cells are made a slice at a time, each written before the next is
      // made: they die young instead of waiting in the old generation for a full collection.
      for (let from = 0; from < fresh.length; from += EXPORT_SLICE) {
        const slice = fresh.slice(from, from + EXPORT_SLICE)
        const tickets = withTicket ? source.tickets(slice) : null
        const cells: Cell[][] = []
        for (const row of slice) {
          written.add(row.id)
          cells.push(rowCells(options.columns, row, tickets?.get(row.id) ?? null, cellOptions))
        }
        await writer.write(cells)
        rows += cells.length
      }
      run.onProgress?.(rows, total)
      if (page.rows.length === 0) break
      // Lets the core answer the screens (and a cancel) between pages.
      await new Promise((resolve) => setImmediate(resolve))
    }
    if (cancelled()) {
      await writer.abort()
      await rm(part, { force: true })
      return { state: 'cancelled', rows }
    }
    await writer.finish()
    await rename(part, path)
    return { state: 'done', rows, ...(writer.peak ? { writerPeak: writer.peak } : {}) }
  } catch (error) {
    await writer.abort().catch(() => undefined)
    await rm(part, { force: true })
    throw error
  }
}

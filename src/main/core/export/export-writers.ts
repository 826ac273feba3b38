/**
 * The two file formats, each written as a stream to a file: rows go out page by page and the
 * writer waits for the disk (and, for XLSX, for the zip: backpressure), so memory stays flat
 * whatever the number of rows.
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
// Types only: exceljs is loaded with the first XLSX export, not by every process that loads the
// core (a `sync` from the command line paid ~0.5 s at start for it).
import type ExcelJS from 'exceljs'
import type { ExportFormat } from '../../../shared/contract/export-contract'
import { PRIVATE_FILE_MODE } from '../db/file-modes'
import type { Cell } from './export-cells'
import type { WriterThreadMemory } from './writer-thread-protocol'

export interface RowWriter {
  /** One page of rows; resolves when the file can take more. */
  write(rows: readonly Cell[][]): Promise<void>
  /** Completes the file. */
  finish(): Promise<void>
  /** Stops at once, leaving the (partial) file for the caller to remove. */
  abort(): Promise<void>
  /** The peak memory of the thread that wrote the file, once finished (the bench shows it). */
  readonly peak?: WriterThreadMemory | null
}

/**
 * A cell Excel or LibreOffice would run as a formula when the CSV is opened (=, +, -, @, and the
 * tab and carriage return that some of them skip first): a subject typed as `=HYPERLINK(...)` by
 * a caller's e-mail must stay text on the supervisor's computer. The leading apostrophe is the
 * usual defence; spreadsheets show it, so the text is still readable as typed.
 */
const FORMULA_START = /^[=+\-@\t\r]/

/** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: Cell): string {
  if (typeof value === 'number') return String(value)
  const safe = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** UTF-8 with a byte order mark: without it Excel reads Chinese text as another code page. */
const BOM = '\uFEFF'

/** Waits while `stream` holds more than it wants (once() rejects if it fails meanwhile). */
async function drained(stream: Writable): Promise<void> {
  if (stream.writableNeedDrain) await once(stream, 'drain')
}

async function writeChunk(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain')
}

async function closeStream(out: WriteStream): Promise<void> {
  if (out.closed) return
  const closed = once(out, 'close')
  out.end()
  await closed
}

/**
 * Closes a file that is being thrown away. The XLSX zip may still be sending to it: those writes
 * fail once it is destroyed, which is expected here, so they neither reject nor go uncaught.
 */
async function discard(out: WriteStream): Promise<void> {
  out.on('error', () => undefined)
  if (out.closed) return
  const closed = new Promise<void>((resolve) => out.once('close', () => resolve()))
  out.destroy()
  await closed
}

function csvWriter(path: string, header: readonly string[]): RowWriter {
  const out = createWriteStream(path, { mode: PRIVATE_FILE_MODE, flags: 'wx' })
  let started = false
  const line = (cells: readonly Cell[]): string => cells.map(csvField).join(',') + '\r\n'
  return {
    async write(rows) {
      let text = started ? '' : BOM + line(header)
      started = true
      for (const cells of rows) text += line(cells)
      await writeChunk(out, text)
    },
    async finish() {
      if (!started) await writeChunk(out, BOM + line(header))
      await closeStream(out)
    },
    abort: () => discard(out),
  }
}

/**
 * Rows handed to exceljs before the writer lets its zip catch up. exceljs' streaming worksheet
 * pushes each row's XML at the zip without waiting, and deflate is slower than the rows come, so
 * without a pause the sheet piles up in front of the zip (most of it by the end). Measured: with
 * a wait every 1,000 rows the peak still grew with the rows (its buffers outlive the young
 * generation and wait for a full collection); every 100 rows (~70 KB of XML) it does not.
 */
const XLSX_BATCH = 100

/** The part of a stream that tells whether it is over its limit and when it has emptied. */
interface PendingInput {
  /** Set when a write found it full; a 'drain' follows once it is empty (and only then). */
  _writableState: { needDrain: boolean }
  once(event: 'drain', listener: () => void): unknown
  removeListener(event: 'drain', listener: () => void): unknown
}

/**
 * Where exceljs 4.4's streaming worksheet queues its XML for the zip: the worksheet's part
 * stream is piped into the archiver's input, a readable-stream PassThrough, which is the one
 * place that knows how much is still waiting. exceljs offers no public signal for it, so this is
 * found by shape (its package is pinned, and a test fails if the shape moves); null when absent.
 */
export function zipInputOf(sheet: ExcelJS.Worksheet): PendingInput | null {
  const part = (sheet as unknown as { stream?: { pipes?: unknown } }).stream
  const pipe: unknown = Array.isArray(part?.pipes) ? part.pipes[0] : undefined
  const state = (pipe as { _writableState?: { needDrain?: unknown } } | undefined)?._writableState
  return typeof state?.needDrain === 'boolean' && typeof (pipe as PendingInput).once === 'function'
    ? (pipe as PendingInput)
    : null
}

function closedEarly(out: WriteStream): Error {
  return new Error(`${String(out.path)} was closed before the export finished writing it`)
}

/**
 * Resolves once the zip has taken everything queued for it; rejects if the file fails or closes
 * first, so a full disk ends the export instead of leaving it waiting for a drain that never
 * comes.
 */
function zipCaughtUp(input: PendingInput, out: WriteStream): Promise<void> {
  if (!input._writableState.needDrain) return Promise.resolve()
  if (out.errored) return Promise.reject(out.errored)
  if (out.destroyed) return Promise.reject(closedEarly(out))
  return new Promise((resolve, reject) => {
    const settle = (error?: Error): void => {
      input.removeListener('drain', onDrain)
      out.off('error', onError)
      out.off('close', onClose)
      if (error) reject(error)
      else resolve()
    }
    const onDrain = (): void => settle()
    const onError = (error: Error): void => settle(error)
    const onClose = (): void => settle(out.errored ?? closedEarly(out))
    input.once('drain', onDrain)
    out.once('error', onError)
    out.once('close', onClose)
  })
}

async function xlsxWriter(
  path: string,
  header: readonly string[],
  sheetName: string,
): Promise<RowWriter> {
  const { default: excel } = await import('exceljs')
  const out = createWriteStream(path, { mode: PRIVATE_FILE_MODE, flags: 'wx' })
  // Inline strings and no styles: the streaming writer then keeps nothing per row in memory.
  // XLSX cells are typed: a text starting with "=" is text, never a formula, so it needs no
  // apostrophe (unlike CSV) and stays exactly as typed.
  const book = new excel.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  })
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.addRow([...header]).commit()
  const zipInput = zipInputOf(sheet)
  // The file's failure, whenever it comes: exceljs' commit never settles once its stream failed
  // (a folder that is gone is only found when the file opens, after the first rows went out).
  const failed = new Promise<never>((_, reject) => out.once('error', reject))
  failed.catch(() => undefined)
  return {
    async write(rows) {
      if (out.errored) throw out.errored
      for (let start = 0; start < rows.length; start += XLSX_BATCH) {
        const end = Math.min(rows.length, start + XLSX_BATCH)
        for (let i = start; i < end; i++) sheet.addRow(rows[i]!).commit()
        if (zipInput) await zipCaughtUp(zipInput, out)
      }
      await drained(out)
    },
    async finish() {
      if (out.errored) throw out.errored
      sheet.commit()
      await Promise.race([book.commit(), failed])
      if (!out.closed) await Promise.race([once(out, 'close'), failed])
    },
    abort: () => discard(out),
  }
}

/** A writer in this thread (the export's writer thread runs it; CSV runs it in the core). */
export async function openFileWriter(
  format: ExportFormat,
  path: string,
  header: readonly string[],
  sheetName: string,
): Promise<RowWriter> {
  return format === 'csv' ? csvWriter(path, header) : await xlsxWriter(path, header, sheetName)
}

/**
 * The two file formats, each written as a stream to a file: rows go out page by page and the
 * writer waits for the disk (backpressure), so memory stays flat whatever the number of rows.
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { ExportFormat } from '../../../shared/contract/export-contract'
import { PRIVATE_FILE_MODE } from '../db/file-modes'
import type { Cell } from './export-cells'

export interface RowWriter {
  /** One page of rows; resolves when the file can take more. */
  write(rows: readonly Cell[][]): Promise<void>
  /** Completes the file. */
  finish(): Promise<void>
  /** Stops at once, leaving the (partial) file for the caller to remove. */
  abort(): Promise<void>
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
    async abort() {
      out.destroy()
      if (!out.closed) await once(out, 'close')
    },
  }
}

function xlsxWriter(path: string, header: readonly string[], sheetName: string): RowWriter {
  const out = createWriteStream(path, { mode: PRIVATE_FILE_MODE, flags: 'wx' })
  // Inline strings and no styles: the streaming writer then keeps nothing per row in memory.
  // XLSX cells are typed: a text starting with "=" is text, never a formula, so it needs no
  // apostrophe (unlike CSV) and stays exactly as typed.
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  })
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.addRow([...header]).commit()
  return {
    async write(rows) {
      for (const cells of rows) sheet.addRow(cells).commit()
      // Pages wait for the file. Known: exceljs's zip pipeline keeps about the uncompressed
      // sheet XML in buffers until the end (~1.4 MB per 1,000 rows), so XLSX memory is not flat.
      await drained(out)
    },
    async finish() {
      sheet.commit()
      await book.commit()
      if (!out.closed) await once(out, 'close')
    },
    async abort() {
      out.destroy()
      if (!out.closed) await once(out, 'close')
    },
  }
}

export function createRowWriter(
  format: ExportFormat,
  path: string,
  header: readonly string[],
  sheetName: string,
): RowWriter {
  return format === 'csv' ? csvWriter(path, header) : xlsxWriter(path, header, sheetName)
}

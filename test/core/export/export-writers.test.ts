// The XLSX writer on its own, at a size where memory shows: what waits in front of the zip stays
// about one batch whatever the number of rows, the file still holds every row as typed (sheet
// name, frozen header, numbers, a leading "=", characters beyond the BMP), and a file that cannot
// be written ends the export with its error instead of leaving it waiting.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import {
  openFileWriter,
  zipInputOf,
  type RowWriter,
} from '../../../src/main/core/export/export-writers'
import type { Cell } from '../../../src/main/core/export/export-cells'

const dir = mkdtempSync(join(tmpdir(), 'ac-export-writers-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const HEADER = ['編號', '主旨', '聯絡人', '內容']
const FORMULA = '=HYPERLINK("http://evil.example","click")'
/** 𠀋 (U+2000B) and 🙂 sit outside the BMP: written as surrogate pairs, easily dropped. */
const ASTRAL = '𠀋先生來電 🙂'

function row(i: number): Cell[] {
  return [
    100_000 + i,
    i === 0 ? FORMULA : `客戶來電詢問帳單問題，第 ${i} 號`,
    i === 1 ? ASTRAL : `王小明 ${i % 97}`,
    `請協助查詢上月帳單金額與扣款日期，客戶表示尚未收到通知信，回電號碼 09${String(i).padStart(8, '0')}`.repeat(
      3,
    ),
  ]
}

/** Writes `total` rows in pages of 1,000 as the export does; returns the largest buffer growth. */
async function writeRows(writer: RowWriter, total: number): Promise<number> {
  const base = process.memoryUsage().arrayBuffers
  let peak = 0
  for (let start = 0; start < total; start += 1000) {
    const page: Cell[][] = []
    for (let i = start; i < Math.min(total, start + 1000); i++) page.push(row(i))
    await writer.write(page)
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - base)
  }
  return peak
}

describe('XLSX writer', () => {
  it('keeps about one batch in front of its zip, not the sheet, and the file holds every row', async () => {
    const path = join(dir, 'big.xlsx')
    const writer = await openFileWriter('xlsx', path, HEADER, '工單')
    // 30,000 rows are about 40 MB of sheet XML: a writer that does not wait for its zip holds
    // most of it in buffers by the last page.
    const growth = await writeRows(writer, 30_000)
    await writer.finish()
    expect(growth).toBeLessThan(8e6)

    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(path)
    const sheet = book.worksheets[0]!
    expect(sheet.name).toBe('工單')
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(sheet.rowCount).toBe(30_001)
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER)
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(row(0))
    expect(sheet.getCell('B2').type).toBe(ExcelJS.ValueType.String)
    expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.Number)
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(row(1))
    expect((sheet.getRow(30_001).values as unknown[]).slice(1)).toEqual(row(29_999))
  })

  it('finds where exceljs queues the sheet for its zip (fails if an exceljs update moves it)', () => {
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: join(dir, 'probe.xlsx') })
    const sheet = book.addWorksheet('probe')
    sheet.addRow(['x']).commit()
    expect(zipInputOf(sheet)).not.toBeNull()
  })

  it.each([5000, 10])(
    'ends with the error when the file cannot be written, rather than waiting for ever (%i rows)',
    async (rows) => {
      const writer = await openFileWriter('xlsx', join(dir, 'missing', 'x.xlsx'), HEADER, '工單')
      await expect(
        (async () => {
          await writeRows(writer, rows)
          await writer.finish()
        })(),
      ).rejects.toThrow(/ENOENT/)
      await writer.abort()
    },
  )
})

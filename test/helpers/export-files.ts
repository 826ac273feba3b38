/** Reads an exported file back with libraries other than our writer (a CSV parser, exceljs). */
import { readFileSync } from 'node:fs'
import { parseString } from '@fast-csv/parse'
import ExcelJS from 'exceljs'

/** The rows of a CSV export; it must start with the UTF-8 byte order mark. */
export async function readCsv(path: string): Promise<string[][]> {
  const raw = readFileSync(path, 'utf8')
  if (raw.charCodeAt(0) !== 0xfeff) throw new Error(`${path} has no byte order mark`)
  const rows: string[][] = []
  await new Promise<void>((resolve, reject) =>
    parseString(raw.slice(1))
      .on('data', (row: string[]) => rows.push(row))
      .on('error', reject)
      .on('end', () => resolve()),
  )
  return rows
}

/** The first sheet's rows of an XLSX export, each cell's value as exceljs reads it. */
export async function readXlsx(path: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(path)
  const rows: unknown[][] = []
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
  return rows
}

// Export through the real core, SQLite file and sandbox: the CSV and the XLSX read back (with a
// CSV parser and exceljs, not our writer) equal the queue's rows, masked and unmasked; a cancel
// leaves no file behind.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/main/core/core'
import { exportDirFor, exportTickets, type ExportSource } from '../../../src/main/core'
import { createMemorySecretStore } from '../../../src/main/core/settings/secret-store'
import type { Channel, InputOf, OutputOf } from '../../../src/shared/contract/contract'
import {
  QUEUE_EXPORT_COLUMNS,
  type ExportColumn,
  type ExportFormat,
} from '../../../src/shared/contract/export-contract'
import { TICKET_TEXTS } from '../../../src/shared/contract/ticket-texts'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import { PRIORITY_KEYS, STATUS_KEYS } from '../../../src/shared/domain/codes'
import { maskNationalId, maskNationalIdsInText } from '../../../src/shared/domain/personal-data'
import type { TicketRow } from '../../../src/shared/domain/queue'
import { readCsv, readXlsx } from '../../helpers/export-files'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'

const FORMULA = '=HYPERLINK("http://evil.example","click")'
const AWKWARD = '退款, "急件"\n第二行'
const TYPED_ID = 'A123456789'
const COLUMNS: ExportColumn[] = [...QUEUE_EXPORT_COLUMNS, 'content', 'identity_no']

describe('export', () => {
  let sandbox: TestSandbox
  let core: Core
  let dataDir: string
  const logLines: string[] = []
  let question: Pick<InputOf<'export:start'>, 'view' | 'filters' | 'sort'>

  async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
    const result = await core.invoke(channel, input)
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
    return result.value as OutputOf<C>
  }

  /** Every row the queue shows for the question, page by page as the screen reads it. */
  async function queueRows(): Promise<TicketRow[]> {
    const rows: TicketRow[] = []
    for (let offset = 0; ; offset += 100) {
      const page = await call('tickets:query', { ...question, offset, limit: 100 })
      rows.push(...page.rows)
      if (rows.length >= page.total) return rows
    }
  }

  /** What a row should read as in the file: labels in zh-TW, dates as sent, ids as asked. */
  async function expected(rows: TicketRow[], reveal: boolean): Promise<string[][]> {
    const t = TICKET_TEXTS['zh-TW']
    const text = (v: string | null | undefined): string =>
      !v ? '' : reveal ? v : maskNationalIdsInText(v)
    const out: string[][] = []
    for (const row of rows) {
      const ticket: Ticket = (await call('tickets:get', { id: row.id })).ticket
      const id = ticket.contact?.identity_no ?? ''
      out.push([
        String(row.id),
        text(row.subject),
        row.status === null ? '' : t.status[STATUS_KEYS[row.status as 0]],
        row.priority === null ? '' : t.priority[PRIORITY_KEYS[row.priority as 0]],
        row.dueAt ?? '',
        row.categoryName ?? '',
        row.subCategoryName ?? '',
        text(row.contactName),
        row.handlerName ?? '',
        row.updatedAt ?? '',
        text(ticket.content),
        !id ? '' : reveal ? id : maskNationalId(id),
      ])
    }
    return out
  }

  /** XLSX rows as text, every column even when empty (to compare with the queue's). */
  async function readXlsxText(path: string): Promise<string[][]> {
    return (await readXlsx(path)).map((row) =>
      COLUMNS.map((_, i) => (row[i] === null || row[i] === undefined ? '' : String(row[i]))),
    )
  }

  async function runExport(
    format: ExportFormat,
    includeNationalIds: boolean,
  ): Promise<{ path: string; result: OutputOf<'export:start'> }> {
    const id = `test-${format}-${includeNationalIds ? 'ids' : 'masked'}`
    const result = await call('export:start', {
      id,
      ...question,
      format,
      columns: COLUMNS,
      includeNationalIds,
      language: 'zh-TW',
    })
    return { path: join(exportDirFor(join(dataDir, 'cache.sqlite')), `${id}.${format}`), result }
  }

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 240, seed: 19 })
    dataDir = mkdtempSync(join(tmpdir(), 'ac-export-'))
    core = await createCore({
      host: 'web',
      version: 'test',
      dataDir,
      secrets: createMemorySecretStore(),
      autoSync: false,
      validateOutput: true,
      logger: {
        debug: () => undefined,
        info: (m, d) => logLines.push(`${m} ${JSON.stringify(d ?? {})}`),
        warn: (m, d) => logLines.push(`${m} ${JSON.stringify(d ?? {})}`),
        error: (m, d) => logLines.push(`${m} ${JSON.stringify(d ?? {})}`),
      },
    })
    await call('connection:connect', { apiUrl: sandbox.url })
    await core.sync.runFull()
    // Subjects a spreadsheet would run or split, and a national id typed into the content.
    const ids = (await sandbox.control.listTickets()).map((t) => t.id)
    await call('tickets:update', { id: ids[0]!, changes: { subject: FORMULA, status: 0 } })
    await call('tickets:update', {
      id: ids[1]!,
      changes: { subject: AWKWARD, content: `客戶身分證 ${TYPED_ID} 請回電`, status: 1 },
    })
    question = {
      view: 'all',
      filters: { statuses: [0, 1] },
      sort: { column: 'id', direction: 'asc' },
    }
  })
  afterAll(async () => {
    await core?.close()
    await sandbox?.close()
  })

  it('writes CSV (BOM, RFC 4180, formulas defused, national ids masked) equal to the queue', async () => {
    const { path, result } = await runExport('csv', false)
    const rows = await queueRows()
    expect(rows.length).toBeGreaterThan(50)
    expect(result).toMatchObject({ state: 'done', rows: rows.length })
    expect(result.fileName).toMatch(/^tickets-\d{8}-\d{6}\.csv$/)
    const [header, ...body] = await readCsv(path)
    expect(header).toEqual([
      '編號',
      '主旨',
      '狀態',
      '優先順序',
      '到期時間',
      '主分類',
      '子分類',
      '客戶',
      '處理人',
      '更新時間',
      '內容',
      '身分證字號',
    ])
    const want = await expected(rows, false)
    // The formula is text with an apostrophe before it; everything else exactly as on screen.
    const formulaRow = want.findIndex((r) => r[1] === FORMULA)
    expect(formulaRow).toBeGreaterThanOrEqual(0)
    want[formulaRow]![1] = `'${FORMULA}`
    expect(body).toEqual(want)
    expect(body.some((r) => r[1] === AWKWARD)).toBe(true)
    const raw = readFileSync(path, 'utf8')
    expect(raw.charCodeAt(0)).toBe(0xfeff)
    expect(raw).not.toContain(TYPED_ID)
    expect(raw).toContain(maskNationalId(TYPED_ID))
    // Some contacts have a national id, and none leaves unmasked.
    expect(body.filter((r) => /\*{4}/.test(r[11]!)).length).toBeGreaterThan(5)
    expect(logLines.join('\n')).not.toContain('national id numbers unmasked')
  })

  it('writes XLSX equal to the queue, national ids in full when asked, and says so in the log', async () => {
    const { path, result } = await runExport('xlsx', true)
    const rows = await queueRows()
    expect(result).toMatchObject({ state: 'done', rows: rows.length })
    const [header, ...body] = await readXlsxText(path)
    expect(header![0]).toBe('編號')
    // XLSX cells are typed: the formula stays plain text, no apostrophe.
    expect(body).toEqual(await expected(rows, true))
    expect(body.some((r) => r[10]!.includes(TYPED_ID))).toBe(true)
    expect(body.some((r) => /^[A-Z][12]\d{8}$/.test(r[11]!))).toBe(true)
    const line = logLines.find((l) => l.includes('national id numbers unmasked'))
    expect(line).toBeDefined()
    expect(line).not.toMatch(/[A-Z][12]\d{8}/)
  })

  it('leaves no file when cancelled, through the contract and directly', async () => {
    const exportDir = exportDirFor(join(dataDir, 'cache.sqlite'))
    const off = core.subscribe((event, payload) => {
      if (event === 'export:progress' && (payload as { done: number }).done > 0)
        void core.invoke('export:cancel', { id: 'test-cancelled' })
    })
    const result = await call('export:start', {
      id: 'test-cancelled',
      ...question,
      format: 'xlsx',
      columns: COLUMNS,
    })
    off()
    expect(result.state).toBe('cancelled')
    expect(readdirSync(exportDir).filter((f) => f.startsWith('test-cancelled'))).toEqual([])

    // Directly, with small pages: stopped after the first of many.
    const rows = await queueRows()
    const source: ExportSource = {
      page: (offset, limit) => ({
        rows: rows.slice(offset, offset + limit),
        total: rows.length,
        offset,
      }),
      tickets: () => new Map(),
    }
    const controller = new AbortController()
    const out = join(mkdtempSync(join(tmpdir(), 'ac-export-cancel-')), 'tickets.csv')
    const pages: number[] = []
    const outcome = await exportTickets(
      source,
      { format: 'csv', columns: ['id', 'subject'], includeNationalIds: false, language: 'en' },
      out,
      {
        signal: controller.signal,
        pageSize: 10,
        logger: { debug() {}, info() {}, warn() {}, error() {} },
        onProgress: (done) => {
          pages.push(done)
          if (done >= 10) controller.abort()
        },
      },
    )
    expect(outcome).toEqual({ state: 'cancelled', rows: 10 })
    expect(pages).toEqual([0, 10])
    expect(existsSync(out)).toBe(false)
    expect(existsSync(`${out}.part`)).toBe(false)
  })

  it('refuses a column twice and an id that could be a path', async () => {
    const bad = await core.invoke('export:start', {
      id: '../../etc',
      format: 'csv',
      columns: ['id'],
    })
    expect(bad.ok).toBe(false)
    const twice = await core.invoke('export:start', {
      id: 'test-twice',
      format: 'csv',
      columns: ['id', 'id'],
    })
    expect(twice.ok).toBe(false)
  })
})

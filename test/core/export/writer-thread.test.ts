// The XLSX file written in a thread of its own: every row arrives in order however many batches
// wait, a cancel closes the file and ends the thread (later rows are refused), and a file that
// cannot be written or a thread out of its heap ends the export with a clear error, leaving no
// part file and no thread behind, instead of waiting for ever or taking the core down.
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { exportTickets, type ExportSource } from '../../../src/main/core'
import type { ResourceLimits } from 'node:worker_threads'
import type { Cell } from '../../../src/main/core/export/export-cells'
import type { RowWriter } from '../../../src/main/core/export/export-writers'
import { openThreadWriter } from '../../../src/main/core/export/writer-thread'
import type { TicketRow } from '../../../src/shared/domain/queue'
import { readXlsx } from '../../helpers/export-files'

const dir = mkdtempSync(join(tmpdir(), 'ac-writer-thread-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const HEADER = ['編號', '主旨']
const row = (i: number): Cell[] => [i, `客戶來電詢問帳單問題，第 ${i} 號 𠀋`]
const quiet = { debug() {}, info() {}, warn() {}, error() {} }

/** The threads of this process (Linux: one task each; a worker thread is one while it runs). */
const liveThreads = (): number => readdirSync('/proc/self/task').length

/** Whether this process still holds `path` open (a file open on Windows cannot be removed). */
const holdsOpen = (path: string): boolean =>
  readdirSync('/proc/self/fd').some((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path
    } catch {
      return false
    }
  })

/** Waits until the writer's thread has ended (the count of threads is back where it was). */
const threadsBackTo = (count: number): Promise<void> =>
  vi.waitFor(() => expect(liveThreads()).toBeLessThanOrEqual(count), { timeout: 5000 })

/** An XLSX writer thread for `path`, with the app's limits (or `limits`). */
const openXlsx = (path: string, limits?: ResourceLimits): Promise<RowWriter> =>
  openThreadWriter({ format: 'xlsx', path, header: HEADER, sheetName: '工單' }, limits)

describe('the XLSX writer thread', () => {
  it('writes every row in order, however many batches are sent, and reports its memory', async () => {
    const path = join(dir, 'rows.xlsx')
    const writer = await openXlsx(path)
    for (let start = 0; start < 5000; start += 100)
      await writer.write(Array.from({ length: 100 }, (_, i) => row(start + i)))
    await writer.finish()
    expect(writer.peak?.heapUsed).toBeGreaterThan(0)
    const [header, ...body] = await readXlsx(path)
    expect(header).toEqual(HEADER)
    expect(body).toHaveLength(5000)
    expect(body[0]).toEqual(row(0))
    expect(body[4999]).toEqual(row(4999))
  })

  it('closes the file on cancel and refuses rows after it', async () => {
    const threads = liveThreads()
    const path = join(dir, 'cancelled.xlsx')
    const writer = await openXlsx(path)
    await writer.write([row(1), row(2)])
    // The thread opens the file as it starts writing.
    await vi.waitFor(() => expect(holdsOpen(path)).toBe(true))
    await writer.abort()
    expect(holdsOpen(path)).toBe(false)
    const size = statSync(path).size
    await expect(writer.write([row(3)])).rejects.toThrow(/stopped/)
    expect(statSync(path).size).toBe(size)
    await threadsBackTo(threads)
  })

  it('ends with the write error when the file cannot be written', async () => {
    const writer = await openXlsx(join(dir, 'missing', 'x.xlsx'))
    await expect(
      (async () => {
        for (let i = 0; i < 50; i++) await writer.write([row(i)])
        await writer.finish()
      })(),
    ).rejects.toThrow(/ENOENT/)
    await writer.abort()
  })

  it('ends with an error, not a crash, when the thread runs out of its heap', async () => {
    const threads = liveThreads()
    const opened = openXlsx(join(dir, 'oom.xlsx'), {
      maxOldGenerationSizeMb: 2,
      maxYoungGenerationSizeMb: 1,
    })
    await expect(opened).rejects.toThrow(/export writer/)
    await threadsBackTo(threads)
  })

  it('through the export: a cancel and a failure leave neither the file nor its part', async () => {
    const rows = Array.from(
      { length: 300 },
      (_, i) => ({ id: i + 1, subject: `第 ${i} 號` }) as TicketRow,
    )
    const source: ExportSource = {
      page: (offset, limit) => ({ rows: rows.slice(offset, offset + limit), total: 300, offset }),
      tickets: () => new Map(),
    }
    const options = {
      format: 'xlsx',
      columns: ['id', 'subject'],
      includeNationalIds: false,
      language: 'en',
    } as const
    const controller = new AbortController()
    const out = join(dir, 'through.xlsx')
    const cancelled = await exportTickets(source, options, out, {
      signal: controller.signal,
      pageSize: 100,
      logger: quiet,
      onProgress: (done) => done >= 100 && controller.abort(),
    })
    expect(cancelled).toEqual({ state: 'cancelled', rows: 100 })
    expect(existsSync(out) || existsSync(`${out}.part`)).toBe(false)

    const missing = join(dir, 'gone', 'through.xlsx')
    await expect(exportTickets(source, options, missing, { logger: quiet })).rejects.toThrow(
      /ENOENT/,
    )
    expect(existsSync(`${missing}.part`)).toBe(false)

    const done = await exportTickets(source, options, out, { logger: quiet })
    expect(done).toMatchObject({ state: 'done', rows: 300 })
    expect(await readXlsx(out)).toHaveLength(301)
  })
})

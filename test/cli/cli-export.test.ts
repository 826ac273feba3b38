/**
 * `export` through a real child process on a cache synced from the sandbox: the file read back
 * (a CSV parser, exceljs) holds the tickets `tickets` lists with the same filters, in its order;
 * usage errors exit 2 with one line.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import { maskNationalId } from '../../src/shared/domain/personal-data'
import { bundleCli, type CliRunner } from '../helpers/cli-process'
import { readCsv, readXlsx } from '../helpers/export-files'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { waitFor } from '../helpers/wait'

const TOKEN = 'cli-export-token'

let sandbox: TestSandbox
let cli: CliRunner
let dir: string
let db: string

beforeAll(async () => {
  ;[sandbox, cli] = await Promise.all([
    startTestSandbox({ tickets: 300, seed: 62, token: TOKEN }),
    bundleCli(),
  ])
  dir = mkdtempSync(join(tmpdir(), 'agent-console-cli-export-'))
  db = join(dir, 'cache.sqlite')
  const sync = await cli.run(['sync', '--api-url', sandbox.url, '--db', db], {
    env: { AGENT_CONSOLE_TOKEN: TOKEN },
  })
  expect(sync.code, sync.stderr).toBe(0)
})
afterAll(async () => {
  cli?.dispose()
  await sandbox?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function listed(filters: string[]): Promise<Ticket[]> {
  const result = await cli.run(['tickets', '--db', db, '--json', '--limit', '1000', ...filters])
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as Ticket[]
}

describe('cli export', () => {
  it('writes the CSV of what tickets lists with the same filters, in its order', async () => {
    const out = join(dir, 'open.csv')
    const filters = ['--status', '0,1', '--search', '退款']
    const result = await cli.run([
      'export',
      '--db',
      db,
      '--format',
      'csv',
      '--out',
      out,
      '--json',
      ...filters,
    ])
    expect(result.code, result.stderr).toBe(0)
    const want = await listed(filters)
    expect(want.length).toBeGreaterThan(0)
    expect(JSON.parse(result.stdout)).toEqual({ rows: want.length, out, format: 'csv' })
    expect(result.stderr).toMatch(/cache as of/)
    const [header, ...body] = await readCsv(out)
    expect(header![0]).toBe('編號')
    expect(body.map((r) => Number(r[0]))).toEqual(want.map((t) => t.id))
    expect(body.map((r) => r[1])).toEqual(want.map((t) => t.subject ?? ''))
    expect(existsSync(`${out}.part`)).toBe(false)
  })

  it('writes XLSX with the columns and language asked, national ids in full with --reveal', async () => {
    const out = join(dir, 'all.xlsx')
    const columns = ['id', 'status', 'membership_no', 'identity_no']
    const args = [
      'export',
      '--db',
      db,
      '--format',
      'xlsx',
      '--out',
      out,
      '--columns',
      columns.join(','),
      '--lang',
      'en',
    ]
    const masked = await cli.run(args)
    expect(masked.code, masked.stderr).toBe(0)
    const read = (): Promise<unknown[][]> => readXlsx(out)
    const want = await listed(['--reveal'])
    const withIds = want.filter((t) => t.contact?.identity_no)
    expect(withIds.length).toBeGreaterThan(10)
    let [header, ...body] = await read()
    expect(header).toEqual(['ID', 'Status', 'Membership number', 'National id number'])
    expect(body.map((r) => r[0])).toEqual(want.slice(0, body.length).map((t) => t.id))
    expect(body).toHaveLength(300)
    const first = withIds[0]!
    const row = body.find((r) => r[0] === first.id)!
    expect(row[3]).toBe(maskNationalId(first.contact!.identity_no))
    expect(masked.stderr).not.toMatch(/unmasked/)

    const revealed = await cli.run([...args, '--reveal'])
    expect(revealed.code, revealed.stderr).toBe(0)
    expect(revealed.stderr).toMatch(/national id numbers unmasked/)
    expect(revealed.stderr).not.toContain(first.contact!.identity_no!)
    ;[header, ...body] = await read()
    expect(body.find((r) => r[0] === first.id)![3]).toBe(first.contact!.identity_no)
  })

  it('refuses a bad format, a missing --out and an unknown column with one line and exit 2', async () => {
    for (const args of [
      ['--format', 'pdf', '--out', join(dir, 'x.pdf')],
      ['--format', 'csv'],
      ['--format', 'csv', '--out', join(dir, 'x.csv'), '--columns', 'id,password'],
    ]) {
      const result = await cli.run(['export', '--db', db, ...args])
      expect(result.code).toBe(2)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(/^error: /)
    }
    expect(existsSync(join(dir, 'x.csv'))).toBe(false)
  })

  it('stops on Ctrl+C, however many times it arrives, with exit 130 and no file left', async () => {
    // Enough tickets for the export to be under way when the signals come.
    const big = await startTestSandbox({ tickets: 3000, seed: 63, token: TOKEN })
    try {
      const bigDb = join(dir, 'big.sqlite')
      const sync = await cli.run(['sync', '--api-url', big.url, '--db', bigDb], {
        env: { AGENT_CONSOLE_TOKEN: TOKEN },
      })
      expect(sync.code, sync.stderr).toBe(0)
      const out = join(dir, 'interrupted.xlsx')
      const { child, done } = cli.start(['export', '--db', bigDb, '--format', 'xlsx', '--out', out])
      await waitFor(() => existsSync(`${out}.part`), 'the export to start writing', {
        intervalMs: 2,
      })
      // One Ctrl+C often arrives more than once (the terminal signals the process group, npm
      // passes it on): the later ones, until it says it stopped, must not end the export before
      // it removes its part.
      let stderr = ''
      child.stderr?.on('data', (d: string) => (stderr += d))
      child.kill('SIGINT')
      const again = setInterval(() => {
        if (stderr.includes('interrupted')) clearInterval(again)
        else child.kill('SIGINT')
      }, 2)
      const result = await done.finally(() => clearInterval(again))
      expect({ code: result.code, signal: result.signal }, result.stderr).toEqual({
        code: 130,
        signal: null,
      })
      expect(result.stderr).toMatch(/interrupted after \d+ rows: no file written/)
      expect(existsSync(out)).toBe(false)
      expect(existsSync(`${out}.part`)).toBe(false)
    } finally {
      await big.close()
    }
  })
})

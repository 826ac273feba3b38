/**
 * The command-line tool, every command through a real child process, against a real sandbox
 * (started with a token): sync, the read commands and their options, the read commands after the
 * sandbox has stopped, one-line errors with a non-zero exit, and --help.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keyFromFile } from '../../src/main/core/db/database-key'
import { openDatabase } from '../../src/main/core/db/open-database'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import { maskNationalId, maskPersonalFields } from '../../src/shared/domain/personal-data'
import { bundleCli, type CliResult, type CliRunner } from '../helpers/cli-process'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { rawListing } from '../helpers/sync-harness'
import { waitFor } from '../helpers/wait'

const TOKEN = 'cli-test-token'
const TICKETS = 300

let sandbox: TestSandbox
let cli: CliRunner
let dir: string
let db: string
/** The server's tickets, newest first (created_at, then id, descending). */
let server: Ticket[]

beforeAll(async () => {
  ;[sandbox, cli] = await Promise.all([
    startTestSandbox({ tickets: TICKETS, seed: 61, token: TOKEN }),
    bundleCli(),
  ])
  dir = mkdtempSync(join(tmpdir(), 'agent-console-cli-'))
  db = join(dir, 'cache.sqlite')
  server = (await rawListing<Ticket>(sandbox.apiBase, '/ticket', TOKEN)).sort(
    (a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? '') || b.id - a.id,
  )
})
afterAll(async () => {
  cli?.dispose()
  await sandbox?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** `sync` against the sandbox with the token on the command line, into `file`. */
const syncInto = (file: string, ...more: string[]): string[] => [
  'sync',
  '--api-url',
  sandbox.url,
  '--token',
  TOKEN,
  '--db',
  file,
  ...more,
]

function json<T>(result: CliResult): T {
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as T
}

/** One clear error line on stderr (after any progress), no stack, a non-zero exit. */
function expectOneErrorLine(result: CliResult, pattern: RegExp): void {
  expect(result.code).not.toBe(0)
  expect(result.code).not.toBeNull()
  const lines = result.stderr.split('\n').filter((l) => l.trim() !== '')
  const errors = lines.filter((l) => l.startsWith('error: '))
  expect(errors, result.stderr).toHaveLength(1)
  expect(lines.at(-1)).toBe(errors[0])
  expect(errors[0]).toMatch(pattern)
  expect(result.stderr).not.toMatch(/\n\s+at /)
  expect(result.stdout).toBe('')
}

const idsOf = (tickets: Ticket[]): number[] => tickets.map((t) => t.id)

describe('cli against a running sandbox', () => {
  it('sync fills the cache and prints a summary with --json, progress on stderr', async () => {
    // The token from the environment: not visible in the process list, no warning.
    const result = await cli.run(['sync', '--api-url', sandbox.url, '--db', db, '--json'], {
      env: { AGENT_CONSOLE_TOKEN: TOKEN },
    })
    expect(result.stderr).not.toContain('warning')
    const summary = json<Record<string, unknown>>(result)
    expect(summary).toMatchObject({
      fetched: TICKETS,
      inserted: TICKETS,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      complete: true,
    })
    expect(summary.requests).toBeGreaterThanOrEqual(Math.ceil(TICKETS / 100) + 5)
    expect(result.stderr).toContain('tickets ')
    expect(result.stderr).toMatch(/synced: 300 fetched/)

    // A second run: nothing new; without --json nothing on stdout.
    const again = await cli.run(
      ['sync', '--api-url', sandbox.apiBase, '--token-stdin', '--db', db],
      { input: `${TOKEN}\n` },
    )
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toBe('')
    expect(again.stderr).toMatch(/0 new, 0 updated, 300 unchanged, 0 deleted/)
  })

  it('tickets prints the API shape newest first and honours every option', async () => {
    const [all, first, paged, statuses, handler, search, combined] = await Promise.all([
      cli.run(['tickets', '--db', db, '--json', '--limit', '1000', '--reveal']),
      cli.run(['tickets', '--db', db, '--json']),
      cli.run(['tickets', '--db', db, '--json', '--limit', '7', '--offset', '20']),
      cli.run(['tickets', '--db', db, '--json', '--status', '0,1', '--limit', '1000']),
      cli.run([
        'tickets',
        '--db',
        db,
        '--json',
        '--handler',
        String(server[0]!.handler_id),
        '--limit',
        '1000',
      ]),
      cli.run(['tickets', '--db', db, '--json', '--search', '退款', '--limit', '1000']),
      cli.run([
        'tickets',
        '--db',
        db,
        '--json',
        '--search',
        '退款',
        '--status',
        '0',
        '--limit',
        '3',
      ]),
    ])
    // Every ticket, newest first, each exactly as the server lists it.
    expect(json<Ticket[]>(all)).toStrictEqual(server)
    expect(json<Ticket[]>(first)).toStrictEqual(maskPersonalFields(server.slice(0, 50)))
    expect(idsOf(json(first))).toEqual(idsOf(server.slice(0, 50)))
    expect(idsOf(json(paged))).toEqual(idsOf(server.slice(20, 27)))
    expect(idsOf(json(statuses))).toEqual(
      idsOf(server.filter((t) => t.status === 0 || t.status === 1)),
    )
    const handlerId = server[0]!.handler_id
    expect(idsOf(json(handler))).toEqual(idsOf(server.filter((t) => t.handler_id === handlerId)))
    const refunds = server.filter((t) => `${t.subject}\n${t.content}`.includes('退款'))
    expect(refunds.length).toBeGreaterThan(0)
    expect(idsOf(json(search))).toEqual(idsOf(refunds))
    expect(idsOf(json(combined))).toEqual(idsOf(refunds.filter((t) => t.status === 0).slice(0, 3)))
  })

  it('tickets --search is the queue search: every word, the contact, a typed id first', async () => {
    const norm = (t: string | null | undefined): string => (t ?? '').normalize('NFKC').toLowerCase()
    const matches = (t: Ticket, input: string): boolean =>
      norm(input)
        .split(/\s+/)
        .filter(Boolean)
        .every((w) =>
          [t.subject, t.content, t.contact?.name, t.contact?.name?.replace(/\s+/g, '')]
            .map(norm)
            .some((f) => f.includes(w)),
        )
    const named = server.find((t) => t.contact?.name && /\s/.test(t.contact.name))!
    const joined = named.contact!.name!.replace(/\s+/g, '')
    const target = server[5]!
    const [both, byName, byContact, byId] = await Promise.all([
      cli.run(['tickets', '--db', db, '--json', '--search', '退款\u3000申請', '--limit', '1000']),
      cli.run(['tickets', '--db', db, '--json', '--search', joined, '--limit', '1000']),
      cli.run([
        'tickets',
        '--db',
        db,
        '--json',
        '--contact',
        String(named.contact!.id),
        '--limit',
        '1000',
      ]),
      cli.run(['tickets', '--db', db, '--json', '--search', `＃${target.id}`]),
    ])
    expect(idsOf(json(both))).toEqual(idsOf(server.filter((t) => matches(t, '退款 申請'))))
    expect(idsOf(json(byName))).toEqual(idsOf(server.filter((t) => matches(t, joined))))
    expect(idsOf(json(byName))).toContain(named.id)
    expect(idsOf(json(byContact))).toEqual(
      idsOf(server.filter((t) => t.contact_id === named.contact!.id)),
    )
    expect(idsOf(json(byId))[0]).toBe(target.id)
  })

  it('ticket, categories and status', async () => {
    const target = server[17]!
    const [one, masked, categories, status, missing] = await Promise.all([
      cli.run(['ticket', String(target.id), '--db', db, '--json', '--reveal']),
      cli.run(['ticket', String(target.id), '--db', db, '--json']),
      cli.run(['categories', '--db', db, '--json']),
      cli.run(['status', '--db', db, '--json']),
      cli.run(['ticket', '999999', '--db', db, '--json']),
    ])
    expect(json<Ticket>(one)).toStrictEqual(target)
    // Without --reveal every national id in the ticket (contact, employees) is masked.
    expect(json<Ticket>(masked)).toStrictEqual(maskPersonalFields(target))
    expect(target.contact?.identity_no).toMatch(/^[A-Z]\d{9}$/)
    expect(masked.stdout).not.toContain(target.contact!.identity_no!)
    expect(masked.stdout).toContain(maskNationalId(target.contact!.identity_no))
    const serverCategories = await rawListing<{ id: number; name: string }>(
      sandbox.apiBase,
      '/category',
      TOKEN,
    )
    const cached = json<{ id: number; name: string; children: unknown[] }[]>(categories)
    expect(cached.map((c) => [c.id, c.name])).toEqual(serverCategories.map((c) => [c.id, c.name]))
    expect(cached.some((c) => c.children.length > 0)).toBe(true)
    const stats = json<Record<string, unknown>>(status)
    expect(stats).toMatchObject({ tickets: TICKETS })
    expect(typeof stats.schemaVersion).toBe('number')
    expect(stats.lastSyncAt).toEqual(expect.any(String))
    expectOneErrorLine(missing, /999999 is not in the cache/)
  })

  it('a wrong token, a bad URL and an unreachable server: one line, non-zero exit', async () => {
    // One file each: two syncs on one file at once are refused (cli-sync-scale.test.ts).
    const other = (n: number): string => join(dir, `other-${n}.sqlite`)
    const [wrongToken, noToken, badUrl, unreachable, noDb] = await Promise.all([
      cli.run(['sync', '--api-url', sandbox.url, '--token', 'wrong-token-1234', '--db', other(1)]),
      cli.run(['sync', '--api-url', sandbox.url, '--db', other(2)]),
      cli.run(['sync', '--api-url', 'not a url', '--db', other(3)]),
      cli.run(['sync', '--api-url', 'http://127.0.0.1:9', '--db', other(4)]),
      cli.run(['sync', '--api-url', sandbox.url]),
    ])
    expectOneErrorLine(wrongToken, /401.*--token/)
    expect(wrongToken.stderr).toMatch(/warning: --token is visible .*process list/)
    expect(wrongToken.stderr).not.toContain('wrong-token-1234')
    expectOneErrorLine(noToken, /401.*--token/)
    expectOneErrorLine(badUrl, /--api-url/)
    expectOneErrorLine(unreachable, /cannot be reached|cannot reach/)
    expectOneErrorLine(noDb, /--db FILE is required/)
  }, 60_000)

  it('Ctrl+C cancels a sync in one line, however many times it arrives', async () => {
    const { child, done } = cli.start(syncInto(join(dir, 'cancelled.sqlite')))
    let stderr = ''
    child.stderr?.on('data', (d: string) => (stderr += d))
    await waitFor(() => /\d+\/\d+/.test(stderr), 'the first progress line', { intervalMs: 2 })
    // One Ctrl+C often arrives more than once (the terminal signals the process group, npm
    // passes it on): a later one, while the cancelled sync closes, must not end it by the signal.
    child.kill('SIGINT')
    await waitFor(() => /cancel/i.test(stderr), 'the cancel said', { intervalMs: 1 })
    child.kill('SIGINT')
    const result = await done
    expect(result.signal, result.stderr).toBeNull()
    expectOneErrorLine(result, /cancel/i)
  }, 60_000)

  it('a locked cache file: sync says so in one line; reads still work', async () => {
    const holder = openDatabase(db, { key: keyFromFile(db) })
    holder.exec('BEGIN EXCLUSIVE')
    try {
      const [sync, status] = await Promise.all([
        cli.run(syncInto(db)),
        cli.run(['status', '--db', db, '--json']),
      ])
      expectOneErrorLine(sync, /locked/)
      expect(json<{ tickets: number }>(status).tickets).toBe(TICKETS)
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
    }
  }, 60_000)

  it('usage mistakes and a missing file: one line, non-zero exit', async () => {
    const results = await Promise.all([
      cli.run(['tickets', '--db', db, '--json', '--status', 'open']),
      cli.run(['tickets', '--db', db, '--json', '--limit', 'many']),
      cli.run(['ticket', 'abc', '--db', db, '--json']),
      cli.run(['frobnicate']),
      cli.run(['tickets', '--db', join(dir, 'nope.sqlite'), '--json']),
      cli.run(['tickets', '--db', db, '--bogus']),
    ])
    const patterns = [/--status/, /--limit/, /numeric ID/, /unknown command/, /no cache/, /bogus/]
    results.forEach((r, i) => expectOneErrorLine(r, patterns[i]!))
  })

  it('--help for each command', async () => {
    const commands = ['sync', 'tickets', 'ticket', 'categories', 'status']
    const results = await Promise.all([
      cli.run(['--help']),
      ...commands.map((c) => cli.run([c, '--help'])),
    ])
    expect(results[0]!.code).toBe(0)
    for (const c of commands) expect(results[0]!.stdout).toContain(c)
    commands.forEach((c, i) => {
      const r = results[i + 1]!
      expect(r.code, c).toBe(0)
      expect(r.stdout).toContain(`Usage: npm run cli -- ${c}`)
      expect(r.stdout.length).toBeGreaterThan(60)
    })
  })
})

describe('cli with a damaged file', () => {
  it('a read command refuses it in one line and sets it aside; sync rebuilds it', async () => {
    const damaged = join(dir, 'damaged.sqlite')
    writeFileSync(damaged, Buffer.alloc(64 * 1024, 0x5a))
    const read = await cli.run(['tickets', '--db', damaged, '--json'])
    expectOneErrorLine(read, /damaged.*moved to .*sync/)
    writeFileSync(damaged, Buffer.alloc(64 * 1024, 0x5a))
    const sync = await cli.run(syncInto(damaged, '--json'))
    expect(json<{ inserted: number }>(sync).inserted).toBe(TICKETS)
    expect(sync.stderr).toMatch(/unreadable cache moved to/)
  })
})

describe('cli after the sandbox has stopped', () => {
  it('every read command still answers from the cache; sync fails in one line', async () => {
    await sandbox.close()
    const [tickets, one, categories, status, sync] = await Promise.all([
      cli.run(['tickets', '--db', db, '--json', '--limit', '5']),
      cli.run(['ticket', String(server[3]!.id), '--db', db, '--json']),
      cli.run(['categories', '--db', db, '--json']),
      cli.run(['status', '--db', db, '--json']),
      cli.run(syncInto(db)),
    ])
    expect(idsOf(json(tickets))).toEqual(idsOf(server.slice(0, 5)))
    expect(json<Ticket>(one)).toStrictEqual(server[3])
    expect(json<unknown[]>(categories).length).toBeGreaterThan(0)
    expect(json<{ tickets: number }>(status).tickets).toBe(TICKETS)
    expectOneErrorLine(sync, /cannot be reached|cannot reach/)
  }, 60_000)
})

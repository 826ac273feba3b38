/**
 * The command-line tool's answers to the measured defects, through real child processes against
 * real sandboxes: a second sync on the same file refused before any request, more deletions than
 * one sync checks said out loud and finished by the next, reads of a never-synced cache that say
 * so and fail, `--limit` above the cap said on stderr, a cut-off answer named as such, and the
 * `--scope hot` / `status` fields (requests, bytes, each tier's time).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleCli, type CliResult, type CliRunner } from '../helpers/cli-process'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

let sandbox: TestSandbox
let other: TestSandbox
let cli: CliRunner
let dir: string

beforeAll(async () => {
  ;[sandbox, other, cli] = await Promise.all([
    startTestSandbox({ tickets: 1200, seed: 81, openShare: 0.1 }),
    startTestSandbox({ tickets: 50, seed: 82 }),
    bundleCli(),
  ])
  dir = mkdtempSync(join(tmpdir(), 'agent-console-cli-scale-'))
})
afterAll(async () => {
  cli?.dispose()
  await sandbox?.close()
  await other?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const sync = (db: string, ...more: string[]): Promise<CliResult> =>
  cli.run(['sync', '--api-url', sandbox.url, '--db', db, ...more])

function json<T>(result: CliResult): T {
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as T
}

describe('sync at scale, from the command line', () => {
  it('a second sync on the same file is refused at its start, before any request', async () => {
    const db = join(dir, 'two.sqlite')
    // Slow answers keep the first sync running however long the second takes to start.
    await sandbox.control.setFaults({ latencyMs: 1000 })
    const first = cli.start(['sync', '--api-url', sandbox.url, '--db', db])
    // Wait for the first one's sweep to be under way (its own progress), not for a fixed time.
    await new Promise<void>((resolve) => {
      first.child.stderr?.on('data', (chunk: string) => {
        if (/tickets \d+\/\d+/.test(String(chunk))) resolve()
      })
    })
    try {
      await other.control.resetStats()
      // The second points at another server: any request it made would show in that one's stats.
      const second = await cli.run(['sync', '--api-url', other.url, '--db', db, '--json'])
      expect(second.code).not.toBe(0)
      expect(second.stderr).toMatch(/^error: another process is syncing this cache \(pid \d+/m)
      expect(second.stderr).not.toMatch(/database is locked|internal/i)
      expect((await other.control.stats()).requests).toEqual({})
    } finally {
      // Also when it fails: the slow answers would hold up every later test of this file.
      await sandbox.control.clearFaults()
    }
    const done = await first.done
    expect(done.code, done.stderr).toBe(0)
    // The lock went with the first: the next sync runs.
    expect(json<{ complete: boolean }>(await sync(db, '--json')).complete).toBe(true)
  }, 120_000)

  it('more deletions than one sync checks: "N more to check next time", then checked', async () => {
    const db = join(dir, 'deletions.sqlite')
    json(await sync(db, '--json'))
    const ids = (await sandbox.control.listTickets()).map((t) => t.id)
    const gone = ids.filter((_, i) => i % 10 !== 0).slice(0, 700)
    for (let i = 0; i < gone.length; i += 50)
      await Promise.all(gone.slice(i, i + 50).map((id) => sandbox.control.deleteTicket(id)))

    const first = await sync(db, '--json')
    const summary = json<{ deleted: number; uncheckedCandidates: number }>(first)
    expect(summary).toMatchObject({ deleted: 500, uncheckedCandidates: 200 })
    expect(first.stderr).toMatch(/200 more to check next time/)
    expect(first.stderr).toMatch(/^warning: 200 more to check next time/m)

    const second = json<{ deleted: number; uncheckedCandidates: number }>(await sync(db, '--json'))
    expect(second).toMatchObject({ deleted: 200, uncheckedCandidates: 0 })
  }, 240_000)

  it('tickets and ticket on a never-synced cache say so and fail; on a synced one say its age', async () => {
    const db = join(dir, 'never.sqlite')
    // A sync that cannot reach its server leaves a cache file that never completed a sync.
    const failed = await cli.run(['sync', '--api-url', 'http://127.0.0.1:1', '--db', db])
    expect(failed.code).not.toBe(0)
    const [tickets, ticket] = await Promise.all([
      cli.run(['tickets', '--db', db, '--json']),
      cli.run(['ticket', '66', '--db', db, '--json']),
    ])
    for (const r of [tickets, ticket]) {
      expect(r.code).toBe(3)
      expect(r.stderr).toMatch(/never completed a sync/)
    }
    const synced = join(dir, 'deletions.sqlite')
    const fine = await cli.run(['tickets', '--db', synced, '--json', '--limit', '5'])
    expect(fine.code, fine.stderr).toBe(0)
    expect(fine.stderr).toMatch(/^cache as of \d{4}-\d\d-\d\dT.* \(\d+ min ago\)$/m)
  }, 60_000)

  it('--limit above 1000 is said on stderr', async () => {
    const synced = join(dir, 'deletions.sqlite')
    const result = await cli.run(['tickets', '--db', synced, '--json', '--limit', '5000'])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/--limit 5000 is above the maximum of 1000/)
    expect(JSON.parse(result.stdout)).toHaveLength(Math.min(1000, 1200 - 700 + 0))
  })

  it('a cut-off answer is reported as cut off, not as "cannot reach the server"', async () => {
    const db = join(dir, 'cut.sqlite')
    await sandbox.control.setFaults({ cutNext: { count: 50 } })
    const result = await sync(db)
    await sandbox.control.clearFaults()
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(/^error: .*cut off/m)
    expect(result.stderr).not.toMatch(/cannot reach the server/)
  }, 120_000)

  it('sync --scope hot and sync print requests and bytes; status shows each tier', async () => {
    const db = join(dir, 'hot.sqlite')
    const full = json<Record<string, number>>(await sync(db, '--json'))
    expect(full.requests).toBeGreaterThan(0)
    expect(full.bytes).toBeGreaterThan(0)
    await sandbox.control.resetStats()
    const hot = json<Record<string, number | string>>(await sync(db, '--scope', 'hot', '--json'))
    const stats = await sandbox.control.stats()
    expect(hot.scope).toBe('hot')
    expect(hot.requests).toBe(Object.values(stats.requests).reduce((a, b) => a + b, 0))
    expect(stats.requests['GET /ticket']).toBeGreaterThan(0)
    expect(hot.bytes).toBe(stats.bytes)
    const status = json<{ tiers: Record<string, { lastSyncAt: string | null } | null> }>(
      await cli.run(['status', '--db', db, '--json']),
    )
    expect(status.tiers.all?.lastSyncAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    expect(status.tiers.hot?.lastSyncAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  }, 60_000)
})

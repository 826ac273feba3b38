/**
 * The CLI after the key file beside --db is lost while edits wait: every command exits non-zero
 * with what to do about the edits (not the cache), never writes a new key over the old one, and
 * discards only with --discard-waiting-edits and DISCARD typed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setAsideCopies } from '../../src/main/core/db/set-aside'
import { outboxPathFor } from '../../src/main/core/outbox/outbox-store'
import { bundleCli, type CliRunner } from '../helpers/cli-process'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

let sandbox: TestSandbox
let cli: CliRunner
let dir: string

beforeAll(async () => {
  ;[sandbox, cli] = await Promise.all([startTestSandbox({ tickets: 30, seed: 5 }), bundleCli()])
  dir = mkdtempSync(join(tmpdir(), 'ac-cli-lost-key-'))
})
afterAll(async () => {
  cli?.dispose()
  await sandbox?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the CLI with waiting edits and a lost key file', () => {
  it('stops, keeps the key file as it is, and discards only when confirmed twice', async () => {
    const db = join(dir, 'cache.sqlite')
    expect((await cli.run(['sync', '--api-url', sandbox.url, '--db', db])).code).toBe(0)
    // An edit waits: the server is gone (a port nothing listens on).
    const queued = await cli.run([
      'create',
      '--db',
      db,
      '--api-url',
      'http://127.0.0.1:9',
      '--set',
      'subject=客戶來電',
      '--set',
      'content=退款',
    ])
    expect(queued.stdout).toMatch(/^queued/)
    const keyFile = `${db}.key`
    const key = readFileSync(keyFile, 'utf8')
    rmSync(keyFile)

    for (const args of [['outbox'], ['status'], ['tickets'], ['sync', '--api-url', sandbox.url]]) {
      const run = await cli.run([...args, '--db', db])
      expect(run.code, args.join(' ')).not.toBe(0)
      expect(run.stderr).toMatch(/Edits waiting to be sent are kept in .*cache\.outbox\.sqlite/)
      expect(run.stderr).toMatch(/待送出的編輯/)
      expect(run.stderr).not.toMatch(/Run `sync` to rebuild/)
      expect(existsSync(keyFile)).toBe(false)
    }

    const unconfirmed = await cli.run(['outbox', '--db', db, '--discard-waiting-edits'], {
      input: 'yes\n',
    })
    expect(unconfirmed.code).not.toBe(0)
    expect(unconfirmed.stderr).toMatch(/nothing was discarded/)
    expect(existsSync(keyFile)).toBe(false)

    // Restored, the edit is there again.
    writeFileSync(keyFile, key)
    const back = await cli.run(['outbox', '--db', db, '--json'])
    expect(JSON.parse(back.stdout)).toHaveLength(1)

    rmSync(keyFile)
    const discarded = await cli.run(['outbox', '--db', db, '--discard-waiting-edits'], {
      input: 'DISCARD\n',
    })
    expect(discarded.code, discarded.stderr).toBe(0)
    expect(discarded.stdout).toMatch(/nothing waits/)
    expect(setAsideCopies(outboxPathFor(db)).length).toBeGreaterThan(0)
  })

  it('sync and the writes build the core told of the confirmed discard', async () => {
    const db = join(dir, 'second.sqlite')
    expect((await cli.run(['sync', '--api-url', sandbox.url, '--db', db])).code).toBe(0)
    const queued = await cli.run(['delete', '1', '--db', db, '--api-url', 'http://127.0.0.1:9'])
    expect(queued.stdout).toMatch(/^queued/)
    rmSync(`${db}.key`)

    const synced = await cli.run(
      ['sync', '--api-url', sandbox.url, '--db', db, '--json', '--discard-waiting-edits'],
      { input: 'DISCARD\n' },
    )
    expect(synced.code, synced.stderr).toBe(0)
    expect(JSON.parse(synced.stdout.trim().split('\n').pop() ?? '')).toMatchObject({ scope: 'all' })
    const after = await cli.run(['outbox', '--db', db, '--json'])
    expect(JSON.parse(after.stdout)).toEqual([])
    expect(setAsideCopies(outboxPathFor(db)).length).toBeGreaterThan(0)
  })
})

/**
 * Personal data at rest, for the outbox: the edits waiting for the server (subjects, contents, a caller's
 * details typed into them) are encrypted with the cache's key like the cache itself; an outbox an
 * older version wrote unencrypted keeps its edits; and the CLI opens the outbox the browser host
 * wrote for the same --db (and the other way round) instead of setting either aside.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCoreForReads } from '../../../src/cli/open-core-for-cli'
import { keyFromFile, newDatabaseKey } from '../../../src/main/core/db/database-key'
import { isPlainDatabase } from '../../../src/main/core/db/open-database'
import { setAsideCopies } from '../../../src/main/core/db/set-aside'
import { OutboxStore, outboxPathFor } from '../../../src/main/core/outbox/outbox-store'
import { startTestCore } from '../../helpers/core'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ac-outbox-at-rest-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const SECRET = '來電者身分證 A123456789 要求退款'
const key = (): Buffer => Buffer.from(newDatabaseKey(), 'hex')

/** Leaves one waiting edit holding SECRET, without closing. */
function enqueueSecret(store: OutboxStore): number {
  return store.enqueue({ kind: 'update', ticketId: 42, changes: { content: SECRET } })
}

/** The outbox's files (db, -wal, -shm) that contain SECRET in clear text. */
function filesWithSecret(): string[] {
  const needle = Buffer.from(SECRET)
  return readdirSync(dir).filter((name) => readFileSync(join(dir, name)).includes(needle))
}

describe('the outbox at rest', () => {
  it('keeps a waiting edit out of clear text in the file and its journal', () => {
    const store = new OutboxStore(join(dir, 'cache.outbox.sqlite'), { key: key() })
    enqueueSecret(store)
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['cache.outbox.sqlite']))
    expect(filesWithSecret()).toEqual([])
    store.close()
    expect(filesWithSecret()).toEqual([])
  })

  it('the check is not vacuous: without a key the edit is there in clear', () => {
    const store = new OutboxStore(join(dir, 'cache.outbox.sqlite'))
    enqueueSecret(store)
    store.close()
    expect(filesWithSecret()).not.toEqual([])
  })

  it('an older, unencrypted outbox is encrypted where it is and keeps its waiting edits', () => {
    const path = join(dir, 'cache.outbox.sqlite')
    const plain = new OutboxStore(path)
    const id = enqueueSecret(plain)
    plain.close()
    expect(isPlainDatabase(path)).toBe(true)
    const k = key()
    const store = new OutboxStore(path, { key: k })
    expect(store.get(id)?.changes).toEqual({ content: SECRET })
    store.close()
    expect(isPlainDatabase(path)).toBe(false)
    expect(filesWithSecret()).toEqual([])
    const again = new OutboxStore(path, { key: k })
    expect(again.list().map((e) => e.id)).toEqual([id])
    again.close()
  })

  it('is one file for the CLI and the browser host on the same --db, both ways', async () => {
    const dbPath = join(dir, 'cache.sqlite')
    const startHost = (): ReturnType<typeof startTestCore> =>
      startTestCore({ dataDir: dir, dbPath })
    // The host creates the outbox (encrypted with the key file); the CLI adds an edit to it.
    await (await startHost()).close()
    expect(isPlainDatabase(outboxPathFor(dbPath))).toBe(false)
    const cli = await openCoreForReads(dbPath, { cache: 'optional' })
    const id = enqueueSecret(cli.outbox.store)
    await cli.close()
    // The host opens it again: the CLI's edit is there, nothing was set aside.
    const host = await startHost()
    const answer = await host.invoke('outbox:list', {})
    await host.close()
    expect(answer.ok, JSON.stringify(answer)).toBe(true)
    const ids = (answer as { value: { id: number }[] }).value.map((e) => e.id)
    expect(ids).toEqual([id])
    expect(setAsideCopies(outboxPathFor(dbPath))).toEqual([])
    expect(keyFromFile(dbPath)).toHaveLength(32)
    expect(filesWithSecret()).toEqual([])
  })
})

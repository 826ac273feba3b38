/**
 * Personal data at rest: the cache folder and files are the owner's alone, damaged
 * copies do not outlive a sign-out or a rebuild, the key is found again by every Node host for
 * the same file (that no national id is in clear text in a file: national-ids-at-rest.test.ts).
 */
import {
  closeSync,
  existsSync,
  openSync,
  readSync,
  writeSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  chmodSync,
  mkdirSync,
  rmSync,
} from 'node:fs'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCache, type TicketCache } from '../../../src/main/core/db/cache'
import {
  keyFilePath,
  keyFromFile,
  newDatabaseKey,
  resolveDatabaseKey,
} from '../../../src/main/core/db/database-key'
import {
  isPlainDatabase,
  olderFormat,
  openDatabase,
  PREVIOUS_CIPHER,
} from '../../../src/main/core/db/open-database'
import { OutboxStore } from '../../../src/main/core/outbox/outbox-store'
import { setAsideCopies } from '../../../src/main/core/db/set-aside'
import { createVendorClient } from '../../../src/main/core/api/index'
import { SyncEngine } from '../../../src/main/core/sync/sync-engine'
import type { Notice } from '../../../src/shared/contract/contract'
import { openCoreForReads } from '../../../src/cli/open-core-for-cli'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { NOW, sampleTickets, tempDir } from './cache-fixtures'
import { startTestCore } from '../../helpers/core'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => tmp.cleanup())

const mode = (path: string): number => statSync(path).mode & 0o777
const key = (): Buffer => Buffer.from(newDatabaseKey(), 'hex')

function fill(cache: TicketCache, count = 30): void {
  const tickets = sampleTickets(count)
  for (let i = 0; i < tickets.length; i += 25) cache.upsertTickets(tickets.slice(i, i + 25), NOW)
}

describe('file modes', () => {
  it('makes a new cache folder 0700 and the db, -wal, -shm and key file 0600', () => {
    const dir = join(tmp.dir, 'new', 'cache')
    const path = join(dir, 'cache.sqlite')
    const { cache } = openCache(path, { key: keyFromFile(path) })
    fill(cache)
    expect(mode(join(tmp.dir, 'new'))).toBe(0o700)
    expect(mode(dir)).toBe(0o700)
    for (const file of [path, `${path}-wal`, `${path}-shm`, keyFilePath(path)]) {
      expect(existsSync(file), file).toBe(true)
      expect(mode(file), file).toBe(0o600)
    }
    cache.close()
  })

  it('tightens the files an older version left 0644, and keeps set-aside copies 0600', () => {
    const path = join(tmp.dir, 'cache.sqlite')
    const k = key()
    const first = openCache(path, { key: k }).cache
    fill(first)
    first.close()
    for (const s of ['', '-wal', '-shm']) if (existsSync(path + s)) chmodSync(path + s, 0o644)
    const { cache } = openCache(path, { key: k })
    expect(mode(path)).toBe(0o600)
    const notice = cache.reset()
    expect(mode(notice.movedTo)).toBe(0o600)
    cache.close()
  })

  it('leaves a shared folder given with --db as it is (never chmods /tmp or a home)', () => {
    const shared = join(tmp.dir, 'shared')
    mkdirSync(shared, { mode: 0o755 })
    chmodSync(shared, 0o755)
    const path = join(shared, 'c.sqlite')
    const { cache } = openCache(path, { key: keyFromFile(path) })
    expect(mode(shared)).toBe(0o755)
    expect(mode(path)).toBe(0o600)
    cache.close()
  })

  it('writes settings 0600 in a 0700 data folder (the core)', async () => {
    const dataDir = join(tmp.dir, 'data')
    const core = await startTestCore({ dataDir })
    await core.invoke('settings:update', { language: 'en' })
    await core.close()
    expect(mode(dataDir)).toBe(0o700)
    for (const name of ['settings.json', 'cache.sqlite', 'cache.sqlite.key'])
      expect(mode(join(dataDir, name)), name).toBe(0o600)
  })
})

describe('damaged copies', () => {
  function damagedCache(path: string, k: Buffer): { cache: TicketCache; movedTo: string } {
    writeFileSync(path, 'not a database '.repeat(400))
    const { cache, notice } = openCache(path, { key: k })
    expect(notice?.kind).toBe('cache_rebuilt')
    return { cache, movedTo: notice!.movedTo }
  }

  it('are deleted at sign-out (clear)', () => {
    const path = join(tmp.dir, 'cache.sqlite')
    const { cache, movedTo } = damagedCache(path, key())
    fill(cache)
    cache.reset() // a second copy, with its -wal
    expect(setAsideCopies(path).length).toBeGreaterThanOrEqual(2)
    expect(existsSync(movedTo)).toBe(true)
    cache.clear()
    expect(setAsideCopies(path)).toEqual([])
    expect(readdirSync(tmp.dir).sort()).toEqual([
      'cache.sqlite',
      'cache.sqlite-shm',
      'cache.sqlite-wal',
    ])
    cache.close()
  })

  describe('after a rebuild', () => {
    let sandbox: TestSandbox
    beforeEach(async () => {
      sandbox = await startTestSandbox({ tickets: 60 })
    })
    afterEach(async () => sandbox.close())

    it('are deleted once a full sync has refilled the cache, not before', async () => {
      const path = join(tmp.dir, 'cache.sqlite')
      const { cache, movedTo } = damagedCache(path, key())
      expect(existsSync(movedTo)).toBe(true)
      const api = createVendorClient({ baseUrl: sandbox.apiBase, token: null, timeoutMs: 5000 })
      // A sync that fails part-way leaves the copy: the cache does not hold everything yet.
      const failing = new SyncEngine({
        api: () => ({
          ...api,
          searchTickets: () => Promise.reject(new Error('network down')),
        }),
        cache,
        meId: () => null,
      })
      await expect(failing.runFull()).rejects.toThrow()
      expect(existsSync(movedTo)).toBe(true)
      const summary = await new SyncEngine({ api: () => api, cache, meId: () => null }).runFull()
      expect(summary.complete).toBe(true)
      expect(cache.ticketCount()).toBeGreaterThanOrEqual(60)
      expect(setAsideCopies(path)).toEqual([])
      cache.close()
    })
  })
})

describe('the key', () => {
  it('is one 0600 file beside the cache, found again for the same --db however it is written', () => {
    const path = join(tmp.dir, 'cache.sqlite')
    const first = keyFromFile(path)
    expect(mode(keyFilePath(path))).toBe(0o600)
    const rel = relative(process.cwd(), path)
    expect(keyFromFile(rel).equals(first)).toBe(true)
    expect(resolveDatabaseKey(path, undefined)?.equals(first)).toBe(true)
    expect(resolveDatabaseKey(':memory:', undefined)).toBeNull()
  })

  it('opens in the CLI what the browser host wrote (same --db, same key file)', async () => {
    const path = join(tmp.dir, 'web', 'cache.sqlite')
    // The browser host's arrangement: the core with dataDir = the --db's folder, no shell key.
    const core = await startTestCore({ dataDir: join(tmp.dir, 'web'), dbPath: path })
    await core.close()
    const { cache } = openCache(path, { key: keyFromFile(path) })
    fill(cache, 10)
    cache.close()
    expect(isPlainDatabase(path)).toBe(false)
    const cli = await openCoreForReads(path)
    expect(cli.synced.ticketCount()).toBe(15)
    await cli.close()
  })

  it('missing: the encrypted cache is set aside and rebuilt, with a notice, not a crash', async () => {
    const dataDir = join(tmp.dir, 'data')
    const start = (): ReturnType<typeof startTestCore> => startTestCore({ dataDir })
    const path = join(dataDir, 'cache.sqlite')
    const first = await start()
    await first.close()
    const { cache } = openCache(path, { key: keyFromFile(path) })
    fill(cache, 10)
    cache.close()
    rmSync(keyFilePath(path)) // lost
    const again = await start()
    const answer = await again.invoke('app:notices', {})
    expect(answer.ok).toBe(true)
    const notices = (answer as { value: Notice[] }).value
    expect(notices.map((n) => n.kind)).toEqual(['cache_rebuilt'])
    expect(setAsideCopies(path)).toHaveLength(1)
    await again.close()
    expect(mode(keyFilePath(path))).toBe(0o600)
    // The new key opens the fresh cache: no second rebuild.
    const { cache: reopened, notice } = openCache(path, { key: keyFromFile(path) })
    expect(notice).toBeNull()
    expect(reopened.ticketCount()).toBe(0)
    reopened.close()
  })

  it('wrong (the shell gave another): the cache is set aside and rebuilt, with a notice', () => {
    const path = join(tmp.dir, 'cache.sqlite')
    const first = openCache(path, { key: key() }).cache
    fill(first, 10)
    first.close()
    const { cache, notice } = openCache(path, { key: key() })
    expect(notice?.kind).toBe('cache_rebuilt')
    expect(cache.ticketCount()).toBe(0)
    cache.close()
  })

  it('an older, unencrypted cache is encrypted in place and keeps its tickets', () => {
    const path = join(tmp.dir, 'cache.sqlite')
    const plain = openCache(path).cache
    fill(plain, 10)
    plain.close()
    expect(isPlainDatabase(path)).toBe(true)
    const k = key()
    const { cache, notice } = openCache(path, { key: k })
    expect(notice).toBeNull()
    expect(cache.ticketCount()).toBe(15)
    cache.close()
    expect(isPlainDatabase(path)).toBe(false)
    // Rewritten where it was, no rollback journal on disk: nothing of it is left in clear.
    const subject = sampleTickets(10).find((t) => (t.subject ?? '').length > 4)!.subject!
    for (const name of readdirSync(tmp.dir)) {
      expect(name).not.toMatch(/-journal$/)
      expect(readFileSync(join(tmp.dir, name)).includes(Buffer.from(subject)), name).toBe(false)
    }
    expect(openCache(path, { key: k }).cache.ticketCount()).toBe(15)
  })
})

describe('the encryption (AEGIS-256, a tag on every page)', () => {
  /** Flips one byte near the end of every page but the first (content or free space alike). */
  function changeEveryPage(path: string): void {
    const size = statSync(path).size
    const fd = openSync(path, 'r+')
    try {
      for (let page = 1; page * 4096 < size; page++) {
        const at = page * 4096 + 4096 - 200
        const byte = Buffer.alloc(1)
        readSync(fd, byte, 0, 1, at)
        byte[0] = byte[0]! ^ 0x01
        writeSync(fd, byte, 0, 1, at)
      }
    } finally {
      closeSync(fd)
    }
  }

  it('detects a page changed on disk: the cache is set aside and rebuilt, not read as data', () => {
    const path = join(tmp.dir, 'cache.sqlite')
    const k = key()
    const first = openCache(path, { key: k }).cache
    fill(first)
    first.close()
    expect(existsSync(`${path}-wal`)).toBe(false) // folded in: every page is in the file
    changeEveryPage(path)
    const { cache, notice } = openCache(path, { key: k })
    expect(notice?.kind).toBe('cache_rebuilt')
    expect(cache.ticketCount()).toBe(0)
    cache.close()
  })

  it('fails the read of a page changed even in its free space (the previous scheme read it)', () => {
    const path = join(tmp.dir, 'small.sqlite')
    const k = key()
    const write = openDatabase(path, { key: k })
    write.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('A123456789')")
    write.close()
    // Page 2 holds the one row at its end; byte 600 is free space between header and cell.
    const fd = openSync(path, 'r+')
    writeSync(fd, Buffer.from([0x5a]), 0, 1, 4096 + 600)
    closeSync(fd)
    const read = openDatabase(path, { key: k })
    expect(() => read.prepare('SELECT x FROM t').all()).toThrow(/malformed/)
    read.close()
  })

  it('re-encrypts a cache of the previous scheme in place, keeping its tickets', () => {
    const path = join(tmp.dir, 'cache.sqlite')
    const k = key()
    const old = openCache(path, { key: k, cipher: PREVIOUS_CIPHER }).cache
    fill(old, 10)
    const count = old.ticketCount()
    old.close()
    expect(olderFormat(path)).toBe(PREVIOUS_CIPHER)
    const { cache, notice } = openCache(path, { key: k })
    expect(notice).toBeNull()
    expect(cache.ticketCount()).toBe(count)
    cache.close()
    expect(olderFormat(path)).toBeNull()
    expect(isPlainDatabase(path)).toBe(false)
    expect(readdirSync(tmp.dir).filter((n) => n.endsWith('-journal'))).toEqual([])
    // The previous scheme no longer opens it: it was rewritten, not left as it was.
    expect(() => openDatabase(path, { key: k, cipher: PREVIOUS_CIPHER })).toThrow(/not a database/)
  })

  it('keeps the waiting edits of an older outbox (plain, or the previous scheme)', () => {
    const k = key()
    for (const from of ['plain', PREVIOUS_CIPHER] as const) {
      const path = join(tmp.dir, `${from}.outbox.sqlite`)
      const old = new OutboxStore(path)
      const id = old.enqueue({
        kind: 'update',
        ticketId: 7,
        changes: { subject: '退款 A123456789' },
      })
      old.close()
      if (from !== 'plain') {
        // What the previous version wrote: the same file encrypted with aes256cbc.
        const db = openDatabase(path)
        db.pragma('journal_mode = DELETE')
        db.pragma(`cipher = '${PREVIOUS_CIPHER}'`)
        db.pragma(`rekey = "x'${k.toString('hex')}'"`)
        db.close()
      }
      expect(olderFormat(path)).toBe(from)
      const store = new OutboxStore(path, { key: k })
      expect(store.get(id)?.changes).toEqual({ subject: '退款 A123456789' })
      store.close()
      expect(olderFormat(path)).toBeNull()
      expect(readFileSync(path).includes(Buffer.from('A123456789')), from).toBe(false)
    }
  })
})

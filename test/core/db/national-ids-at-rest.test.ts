/**
 * No national id the server sent is in clear text in any file of the cache (the db, its log, a
 * copy set aside), in any form the cache could write it: as sent, normalised, as its search token.
 * And the check is not vacuous: a plain cache synced the same way holds them all.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCache, type TicketCache } from '../../../src/main/core/db/cache'
import { newDatabaseKey } from '../../../src/main/core/db/database-key'
import { identityKey } from '../../../src/shared/domain/search'
import { identityToken } from '../../../src/main/core/db/search-text'
import { createVendorClient } from '../../../src/main/core/api/index'
import { SyncEngine } from '../../../src/main/core/sync/sync-engine'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import { rawListing } from '../../helpers/sync-harness'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { tempDir } from './cache-fixtures'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => tmp.cleanup())

const key = (): Buffer => Buffer.from(newDatabaseKey(), 'hex')

/** Every national id the server sends: contacts' and employees' (embedded in tickets, listed). */
async function serverNationalIds(apiBase: string): Promise<string[]> {
  const ids = new Set<string>()
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk)
    if (value === null || typeof value !== 'object') return
    for (const [k, v] of Object.entries(value)) {
      if (k === 'identity_no' && typeof v === 'string' && v.length >= 8) ids.add(v)
      else walk(v)
    }
  }
  walk(await rawListing<Ticket>(apiBase, '/ticket'))
  walk(await rawListing(apiBase, '/employee'))
  return [...ids]
}

/** How an id may be written in the file: as sent, normalised (lower case), as its index token. */
function forms(id: string): string[] {
  const key = identityKey(id)
  return [...new Set([id, id.toLowerCase(), key ?? id, identityToken(key)])].filter((f) => f)
}

/** The ids found, in any form, in any file of `dir` (the db, -wal, -shm, set-aside copies). */
function idsInFiles(dir: string, ids: readonly string[]): { file: string; id: string }[] {
  const found: { file: string; id: string }[] = []
  for (const name of readdirSync(dir)) {
    const bytes = readFileSync(join(dir, name))
    for (const id of ids)
      if (forms(id).some((f) => bytes.includes(Buffer.from(f, 'utf8'))))
        found.push({ file: name, id })
  }
  return found
}

/** The ids whose normalised or index-token form (not the id as sent) is in a file of `dir`. */
function indexFormsInFiles(dir: string, ids: readonly string[]): Set<string> {
  const found = new Set<string>()
  for (const name of readdirSync(dir)) {
    const bytes = readFileSync(join(dir, name))
    for (const id of ids)
      if (
        forms(id)
          .slice(1)
          .some((f) => f !== id && bytes.includes(Buffer.from(f, 'utf8')))
      )
        found.add(id)
  }
  return found
}

describe('no national id in clear text in the cache files', () => {
  let sandbox: TestSandbox
  beforeEach(async () => {
    sandbox = await startTestSandbox({ tickets: 120 })
  })
  afterEach(async () => sandbox.close())

  async function syncInto(dir: string, k: Buffer | null): Promise<TicketCache> {
    const path = join(dir, 'cache.sqlite')
    const { cache } = openCache(path, { key: k })
    const api = createVendorClient({ baseUrl: sandbox.apiBase, token: null, timeoutMs: 5000 })
    const engine = new SyncEngine({ api: () => api, cache, meId: () => null })
    await engine.runFull()
    // A set-aside copy, then a second sync: the log, the file and the copy all hold the data.
    cache.reset()
    await engine.runFull()
    expect(cache.ticketCount()).toBeGreaterThanOrEqual(120)
    return cache
  }

  it('after a sync against the sandbox: none in the db, -wal or a set-aside copy', async () => {
    const ids = await serverNationalIds(sandbox.apiBase)
    expect(ids.length).toBeGreaterThan(20)
    const dir = join(tmp.dir, 'encrypted')
    const cache = await syncInto(dir, key())
    const names = readdirSync(dir)
    expect(names).toEqual(expect.arrayContaining(['cache.sqlite', 'cache.sqlite-wal']))
    expect(statSync(join(dir, 'cache.sqlite-wal')).size).toBeGreaterThan(0)
    // The copy set aside before the second sync was deleted by it; make one that stays.
    const copy = cache.reset()
    expect(existsSync(copy.movedTo)).toBe(true)
    expect(idsInFiles(dir, ids)).toEqual([])
    // The search index found them: the data is there, only not readable without the key.
    cache.close()
  })

  it('the check is not vacuous: a plain cache synced the same way has them all', async () => {
    const ids = await serverNationalIds(sandbox.apiBase)
    const dir = join(tmp.dir, 'plain')
    const cache = await syncInto(dir, null)
    cache.reset()
    const found = new Set(idsInFiles(dir, ids).map((f) => f.id))
    expect(found.size).toBe(ids.length)
    // The search index's own copies (normalised, as tokens) are there too, and looked for.
    expect(indexFormsInFiles(dir, ids).size).toBeGreaterThan(0)
    cache.close()
  })
})

/**
 * Waiting edits are never discarded unasked: a key file lost, changed or cut stops the start
 * with a message in both languages (how to restore the key, or how to discard the edits with a
 * second confirmation) and the key is never replaced meanwhile; a damaged outbox page is set
 * aside with what can still be read of it, and never breaks the queue.
 */
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { keyFilePath, keyFromFile } from '../../../src/main/core/db/database-key'
import { setAsideCopies } from '../../../src/main/core/db/set-aside'
import { openOutbox, pruneSetAsideOutboxes } from '../../../src/main/core/outbox/open-outbox'
import { Outbox } from '../../../src/main/core/outbox/outbox'
import { OutboxSender } from '../../../src/main/core/outbox/outbox-sender'
import { OutboxStore, outboxPathFor } from '../../../src/main/core/outbox/outbox-store'
import { openCache } from '../../../src/main/core/db/cache'
import { startTestCore } from '../../helpers/core'
import type { TicketRow } from '../../../src/shared/domain/queue'

let dir: string
let dbPath: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ac-outbox-unreadable-'))
  dbPath = join(dir, 'cache.sqlite')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

// The browser host's arrangement on `--db`: dataDir its folder, the key file beside it.
const startCore = (discardWaitingEdits = false): ReturnType<typeof startTestCore> =>
  startTestCore({ dataDir: dir, dbPath, discardWaitingEdits })

/** A core that queued `n` edits (no server: they wait), then closed. */
async function leaveWaitingEdits(n: number): Promise<void> {
  const core = await startCore()
  for (let i = 0; i < n; i++)
    core.outbox.store.enqueue({
      kind: 'create',
      ticketId: null,
      changes: { subject: `客戶來電 ${i}`, content: '說明'.repeat(200) },
    })
  await core.close()
}

async function startFailure(): Promise<Error> {
  try {
    const core = await startCore()
    await core.close()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the start to stop')
}

describe('a key that cannot open the waiting edits', () => {
  it.each([
    ['deleted', (file: string) => rmSync(file)],
    [
      'one digit changed',
      (file: string) => {
        const hex = readFileSync(file, 'utf8').trim()
        writeFileSync(file, (hex[0] === '0' ? '1' : '0') + hex.slice(1) + '\n')
      },
    ],
    ['cut', (file: string) => writeFileSync(file, readFileSync(file, 'utf8').slice(0, 20))],
  ])(
    '%s: the start stops, says what to do in both languages, and keeps the key',
    async (_, harm) => {
      await leaveWaitingEdits(3)
      const keyFile = keyFilePath(dbPath)
      const original = readFileSync(keyFile, 'utf8')
      harm(keyFile)
      const after = existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : null
      const error = await startFailure()
      expect((error as { code?: string }).code).toBe('edits_waiting')
      expect(error.message).toMatch(/待送出的編輯.*還原金鑰/)
      expect(error.message).toMatch(/Restore the key from a backup/)
      expect(error.message).toMatch(/--discard-waiting-edits/)
      // Nothing replaced the key, nothing was set aside: restoring the key brings the edits back.
      expect(existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : null).toBe(after)
      expect(setAsideCopies(outboxPathFor(dbPath))).toEqual([])
      writeFileSync(keyFile, original)
      const core = await startCore()
      try {
        expect(core.outbox.list()).toHaveLength(3)
      } finally {
        await core.close()
      }
    },
  )

  it('discarding, once confirmed, starts with the edits set aside (kept), not deleted', async () => {
    await leaveWaitingEdits(2)
    rmSync(keyFilePath(dbPath))
    const core = await startCore(true)
    try {
      expect(core.outbox.list()).toEqual([])
      expect(setAsideCopies(outboxPathFor(dbPath)).length).toBeGreaterThan(0)
    } finally {
      await core.close()
    }
  })
})

/** Flips bytes in the middle of page `page` (1-based) of `path`. */
function damagePage(path: string, page: number, pageSize = 4096): void {
  const fd = openSync(path, 'r+')
  try {
    writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, (page - 1) * pageSize + 1024)
  } finally {
    closeSync(fd)
  }
}

describe('a damaged outbox page', () => {
  it('is set aside at start; what could be read is kept, with a notice', async () => {
    await leaveWaitingEdits(40)
    const path = outboxPathFor(dbPath)
    const pages = statSync(path).size / 4096
    expect(pages).toBeGreaterThan(6)
    damagePage(path, Math.floor(pages / 2))
    const core = await startCore()
    try {
      const waiting = core.outbox.list().length
      expect(waiting).toBeGreaterThan(0)
      expect(waiting).toBeLessThanOrEqual(40)
      const notices = await core.invoke('app:notices', {})
      expect(JSON.stringify(notices)).toContain('outbox_salvaged')
      const queue = await core.invoke('tickets:query', {})
      expect(queue.ok, JSON.stringify(queue)).toBe(true)
      expect(setAsideCopies(path).length).toBeGreaterThan(0)
    } finally {
      await core.close()
    }
  })

  it('found while reading, never breaks the queue: the cache alone, and one notice', async () => {
    await leaveWaitingEdits(40)
    const path = outboxPathFor(dbPath)
    damagePage(path, Math.floor(statSync(path).size / 4096 / 2))
    const key = keyFromFile(dbPath)
    // Opened without the start's check, as if the page went bad while the app ran.
    const store = new OutboxStore(path, { key })
    const { cache } = openCache(dbPath, { key })
    let told = 0
    try {
      const outbox = new Outbox(
        store,
        new OutboxSender({ store, api: () => null, cache }),
        cache,
        () => told++,
      )
      const row = { id: 7, subject: 'cached' } as TicketRow
      expect(outbox.overlayRows([row])).toEqual([row])
      expect(outbox.summary().waiting).toBe(0)
      expect(outbox.list()).toEqual([])
      expect(told).toBe(1)
    } finally {
      store.close()
      cache.close()
    }
  })

  it('the start-up check reads the whole file (not only the pages a query touches)', () => {
    const key = Buffer.alloc(32, 7)
    const path = join(dir, 'x.outbox.sqlite')
    const store = new OutboxStore(path, { key })
    for (let i = 0; i < 40; i++)
      store.enqueue({ kind: 'update', ticketId: i + 1, changes: { content: 'x'.repeat(500) } })
    store.close()
    damagePage(path, Math.floor(statSync(path).size / 4096) - 1)
    const opened = openOutbox(path, { key, keyWhere: 'test' })
    try {
      expect(opened.notice?.salvaged).toBeGreaterThan(0)
    } finally {
      opened.store.close()
    }
  })
})

describe('set-aside outbox copies', () => {
  it('are kept for 30 days, then deleted when the outbox opens', async () => {
    await leaveWaitingEdits(1)
    rmSync(keyFilePath(dbPath))
    await (await startCore(true)).close()
    const path = outboxPathFor(dbPath)
    const copies = setAsideCopies(path)
    expect(copies.length).toBeGreaterThan(0)
    expect(pruneSetAsideOutboxes(path, Date.now() + 29 * 86_400_000)).toBe(0)
    expect(setAsideCopies(path)).toEqual(copies)
    await (await startCore()).close()
    expect(setAsideCopies(path)).toEqual(copies)
    expect(pruneSetAsideOutboxes(path, Date.now() + 31 * 86_400_000)).toBe(copies.length)
    expect(setAsideCopies(path)).toEqual([])
  })
})

/**
 * A crash on a bad disk may leave the outbox's log damaged: the waiting edits must be in the
 * outbox file itself once `enqueue` returns, so a copy of the files taken at that moment with its
 * log cut in half still holds every edit.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newDatabaseKey } from '../../../src/main/core/db/database-key'
import { OutboxStore } from '../../../src/main/core/outbox/outbox-store'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ac-outbox-durable-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** The files as a crash leaves them, the log (if any) cut in half, under `to`. */
function crashImage(from: string, to: string): void {
  copyFileSync(from, to)
  for (const suffix of ['-wal', '-journal']) {
    if (!existsSync(from + suffix)) continue
    const log = readFileSync(from + suffix)
    writeFileSync(to + suffix, log.subarray(0, Math.floor(log.length / 2)))
  }
}

describe('the outbox after a crash that damaged its log', () => {
  it('keeps every committed edit', () => {
    const key = Buffer.from(newDatabaseKey(), 'hex')
    const path = join(dir, 'cache.outbox.sqlite')
    const store = new OutboxStore(path, { key })
    for (let i = 0; i < 20; i++)
      store.enqueue({ kind: 'update', ticketId: 100 + i, changes: { status_memo: `edit ${i}` } })
    // Still open: nothing has been folded back at close, as after a power cut.
    const image = join(dir, 'after-crash.outbox.sqlite')
    crashImage(path, image)
    store.close()
    const reopened = new OutboxStore(image, { key })
    try {
      expect(reopened.list().map((e) => e.changes.status_memo)).toEqual(
        Array.from({ length: 20 }, (_, i) => `edit ${i}`),
      )
    } finally {
      reopened.close()
    }
  })
})

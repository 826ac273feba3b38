/**
 * A form's draft in the outbox's file: what the agent typed and, for an edit, what those fields
 * held when they began (the base a restored draft's save compares with), kept through a restart;
 * a draft an older version kept (no base) still opens.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newDatabaseKey } from '../../../src/main/core/db/database-key'
import { openDatabase } from '../../../src/main/core/db/open-database'
import { OutboxStore } from '../../../src/main/core/outbox/outbox-store'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ac-drafts-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const key = Buffer.from(newDatabaseKey(), 'hex')

describe("the outbox's drafts", () => {
  it('keeps a draft with the values its fields started from through a restart', () => {
    const path = join(dir, 'cache.outbox.sqlite')
    let at = Date.parse('2030-01-01T00:00:00Z')
    const first = new OutboxStore(path, { key, now: () => new Date((at += 60_000)) })
    first.saveDraft({
      key: 'ticket:42',
      values: { content: '我的說明', categoryId: 2, subCategoryId: null },
      baseUpdatedAt: '2030-01-01 08:00:00',
      baseValues: { content: '原本的說明', categoryId: 1, subCategoryId: 11 },
    })
    first.saveDraft({
      key: 'new',
      values: { subject: '新工單' },
      baseUpdatedAt: null,
      baseValues: null,
    })
    first.close()

    const again = new OutboxStore(path, { key })
    expect(again.getDraft('ticket:42')).toMatchObject({
      values: { content: '我的說明', categoryId: 2, subCategoryId: null },
      baseUpdatedAt: '2030-01-01 08:00:00',
      baseValues: { content: '原本的說明', categoryId: 1, subCategoryId: 11 },
    })
    expect(again.getDraft('new')).toMatchObject({ values: { subject: '新工單' }, baseValues: null })
    // Listed for the waiting-edits screen and the sign-out's question, and all gone with it.
    expect(again.listDrafts().map((d) => d.key)).toEqual(['new', 'ticket:42'])
    expect(again.clearAllDrafts()).toBe(2)
    expect(again.listDrafts()).toEqual([])
    again.close()
  })

  it('opens a draft kept before drafts had a base: offered as before, with none', () => {
    const path = join(dir, 'cache.outbox.sqlite')
    new OutboxStore(path, { key }).close()
    // The file as the version before wrote it: no base column, its schema one step back.
    const db = openDatabase(path, { key })
    db.exec('ALTER TABLE drafts DROP COLUMN base_values')
    db.pragma('user_version = 11')
    db.prepare(
      `INSERT INTO drafts (key, ticket_values, base_updated_at, updated_at) VALUES (?, ?, ?, ?)`,
    ).run('ticket:7', JSON.stringify({ subject: '舊草稿' }), '2030-01-01 08:00:00', '2030-01-01')
    db.close()

    const store = new OutboxStore(path, { key })
    expect(store.getDraft('ticket:7')).toMatchObject({
      values: { subject: '舊草稿' },
      baseUpdatedAt: '2030-01-01 08:00:00',
      baseValues: null,
    })
    store.close()
  })

  it('lists the drafts it can read; a damaged one is left out of the list, not deleted', () => {
    const path = join(dir, 'cache.outbox.sqlite')
    const store = new OutboxStore(path, { key })
    store.saveDraft({
      key: 'new',
      values: { subject: '可讀的' },
      baseUpdatedAt: null,
      baseValues: null,
    })
    store.close()
    const db = openDatabase(path, { key })
    db.prepare(
      `INSERT INTO drafts (key, ticket_values, base_updated_at, base_values, updated_at)
       VALUES ('ticket:9', '{not json', NULL, NULL, '2030-01-01')`,
    ).run()
    db.close()

    const again = new OutboxStore(path, { key })
    expect(again.listDrafts().map((d) => d.key)).toEqual(['new'])
    // Still there: sign-out clears it with the rest, nothing else does unasked.
    expect(again.clearAllDrafts()).toBe(2)
    again.close()
  })
})

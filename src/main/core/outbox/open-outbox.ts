/**
 * Opening the outbox file, where the agent's waiting edits are never discarded unasked:
 *
 * - A file the key cannot open (the key file lost, changed or cut; the keychain entry gone) is
 *   left where it is and the start stops with `unreadableEditsError`: restore the key, or discard
 *   those edits with an explicit second confirmation (then the file is set aside, not deleted).
 *   The key is never replaced while such a file is there (`guardKeyReplacement`).
 * - A file the key opens but with damaged pages is set aside and what can still be read of it
 *   (entries, drafts, the ids our creates made) is copied into a fresh outbox, with a notice.
 * - Set-aside copies are deleted after SET_ASIDE_RETENTION_MS (30 days), when the outbox opens.
 */
import { existsSync, rmSync, statSync } from 'node:fs'
import { AppError } from '../../../shared/domain/errors'
import { openDatabase } from '../db/open-database'
import { setAsideCopies, setAsideFile } from '../db/set-aside'
import { isCorruption } from '../db/sqlite-errors'
import type { Logger } from '../logger'
import { emptyMarkerPath, OUTBOX_TABLES, type OutboxTable } from './outbox-schema'
import { OutboxStore, outboxPathFor } from './outbox-store'

/** The flag that discards waiting edits no key can open (the CLI's and the browser host's). */
export const DISCARD_FLAG = '--discard-waiting-edits'
/** The word typed as the second confirmation of that flag. */
export const DISCARD_WORD = 'DISCARD'

/**
 * Whether an outbox file may hold waiting edits: it is there, and it was not last known empty
 * (emptyMarkerPath). A fresh, never-written file has no pages yet.
 */
function mayHoldEdits(path: string): boolean {
  if (path === ':memory:' || !existsSync(path) || statSync(path).size === 0) return false
  return !existsSync(emptyMarkerPath(path))
}

/** Moves the outbox file aside (kept); its empty marker spoke of that file, so it goes. */
function setAsideOutbox(path: string): string {
  const movedTo = setAsideFile(path)
  rmSync(emptyMarkerPath(path), { force: true })
  return movedTo
}

/**
 * The start stops: waiting edits are in `outboxPath`, and `keyWhere` (the key file, the OS
 * keychain entry) cannot open them. Both languages: the browser host and the CLI print it as is,
 * the desktop shows it before any screen.
 */
export function unreadableEditsError(outboxPath: string, keyWhere: string): AppError {
  return new AppError({
    code: 'edits_waiting',
    message:
      `待送出的編輯保存在 ${outboxPath}，但它的金鑰（${keyWhere}）遺失或無法開啟它；沒有任何編輯被丟棄。` +
      `請從備份還原金鑰（或作業系統鑰匙圈中的項目）後再啟動；若確定要永久捨棄這些無法讀取的待送出編輯，` +
      `請加上 ${DISCARD_FLAG} 並輸入 ${DISCARD_WORD} 確認（檔案會另存一份，不會刪除）。\n` +
      `Edits waiting to be sent are kept in ${outboxPath}, but its key (${keyWhere}) is missing or ` +
      `does not open it; nothing was discarded. Restore the key from a backup (or the OS keychain ` +
      `entry) and start again; or, to discard those waiting edits for good, run again with ` +
      `${DISCARD_FLAG} and type ${DISCARD_WORD} to confirm (the file is kept aside, not deleted).`,
  })
}

/**
 * Called before a new key replaces a missing or unreadable one: refuses while an outbox file
 * the old key encrypted is there (it could never be read again), unless the agent confirmed
 * discarding it; then the file is set aside (kept) and the new key may be written.
 */
export function guardKeyReplacement(
  dbPath: string,
  keyWhere: string,
  options: { discardWaitingEdits?: boolean; logger?: Logger } = {},
): void {
  const outboxPath = outboxPathFor(dbPath)
  if (!existsSync(outboxPath)) return
  if (mayHoldEdits(outboxPath) && !options.discardWaitingEdits)
    throw unreadableEditsError(outboxPath, keyWhere)
  // Nothing waited (or the agent confirmed): the new key cannot open the old file anyway.
  const movedTo = setAsideOutbox(outboxPath)
  options.logger?.warn('the outbox the old key encrypted is kept aside', { movedTo })
}

export interface OutboxOpenNotice {
  /** Where the damaged file went. */
  movedTo: string
  /** Entries read back into the fresh outbox. */
  salvaged: number
}

export interface OpenOutboxOptions {
  key: Buffer | null
  /** Where that key is kept, for the message when it cannot open the file. */
  keyWhere: string
  nativeBinding?: string
  discardWaitingEdits?: boolean
  logger?: Logger
}

function isWrongKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_NOTADB'
}

/** Every row of `table` that can still be read from a damaged file, row by row past bad pages. */
function readableRows(
  path: string,
  options: OpenOutboxOptions,
): Map<OutboxTable, Record<string, unknown>[]> {
  const out = new Map<OutboxTable, Record<string, unknown>[]>()
  const db = openDatabase(path, {
    readonly: true,
    key: options.key,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  })
  try {
    for (const table of OUTBOX_TABLES) {
      const rows: Record<string, unknown>[] = []
      try {
        rows.push(...(db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]))
      } catch {
        // A damaged page in the table: one row at a time by rowid, skipping what cannot be read.
        let top = 0
        try {
          const row = db.prepare(`SELECT MAX(rowid) AS top FROM ${table}`).get() as {
            top: number | null
          }
          top = row.top ?? 0
        } catch {
          top = 10_000
        }
        const one = db.prepare(`SELECT * FROM ${table} WHERE rowid = ?`)
        for (let id = 1; id <= Math.min(top, 100_000); id++) {
          try {
            const row = one.get(id) as Record<string, unknown> | undefined
            if (row) rows.push(row)
          } catch {
            // This row's page is damaged: lost, counted by what is missing.
          }
        }
      }
      out.set(table, rows)
    }
  } finally {
    db.close()
  }
  return out
}

/** Opens a store and reads it all once, so damage anywhere shows now, not in the queue later. */
function openChecked(path: string, options: OpenOutboxOptions): OutboxStore {
  const store = new OutboxStore(path, {
    key: options.key,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  })
  try {
    store.verify()
    return store
  } catch (error) {
    store.close()
    throw error
  }
}

/**
 * How long a set-aside outbox file is kept (30 days): long enough to restore a lost key or read
 * back what a damaged file held, not forever (it holds personal data).
 */
export const SET_ASIDE_RETENTION_MS = 30 * 86_400_000

/** Deletes set-aside copies of the outbox older than the retention; returns how many went. */
export function pruneSetAsideOutboxes(path: string, now: number = Date.now()): number {
  let removed = 0
  for (const file of setAsideCopies(path)) {
    if (now - statSync(file).mtimeMs < SET_ASIDE_RETENTION_MS) continue
    rmSync(file, { force: true })
    removed++
  }
  return removed
}

/** Opens the outbox at `path`; see the file's comment for a file that cannot be (fully) read. */
export function openOutbox(
  path: string,
  options: OpenOutboxOptions,
): { store: OutboxStore; notice: OutboxOpenNotice | null } {
  if (path !== ':memory:') pruneSetAsideOutboxes(path)
  try {
    return { store: openChecked(path, options), notice: null }
  } catch (error) {
    if (!isCorruption(error)) throw error
    if (isWrongKey(error)) {
      if (mayHoldEdits(path) && !options.discardWaitingEdits)
        throw unreadableEditsError(path, options.keyWhere)
      const movedTo = setAsideOutbox(path)
      options.logger?.warn('waiting edits discarded as confirmed: their file is kept aside', {
        movedTo,
      })
      return { store: openChecked(path, options), notice: null }
    }
    const movedTo = setAsideOutbox(path)
    let rows = new Map<OutboxTable, Record<string, unknown>[]>()
    try {
      rows = readableRows(movedTo, options)
    } catch (readError) {
      options.logger?.error('damaged outbox: nothing could be read back', {
        error: readError instanceof Error ? readError.message : String(readError),
      })
    }
    const store = openChecked(path, options)
    for (const [table, list] of rows) store.restoreRows(table, list)
    const salvaged = rows.get('outbox')?.length ?? 0
    options.logger?.error('damaged outbox set aside; what could be read was kept', {
      movedTo,
      salvaged,
    })
    return { store, notice: { movedTo, salvaged } }
  }
}

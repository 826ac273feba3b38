/**
 * The outbox's own SQLite file, beside the cache but never part of it: the cache is a copy of the
 * server that may be rebuilt or cleared at any time (damage, sign-out, another server); this file
 * holds the agent's edits that the server does not have yet, and drafts of what they are typing.
 * `synchronous=FULL` with a rollback journal: a row committed here is in the file itself once
 * `enqueue` returns (not only in a log a crash on a bad disk may damage), so the screen may say
 * "saved" then. It costs little: one small row per edit (`npm run bench -- --only outbox`).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import type { TicketUpdateInput } from '../../../shared/domain/api-schemas'
import type { AppErrorData } from '../../../shared/domain/errors'
import type {
  Draft,
  FieldConflict,
  OutboxBase,
  OutboxEntry,
  OutboxKind,
  OutboxState,
} from '../../../shared/domain/outbox'
import {
  closeDatabase,
  encryptInPlace,
  olderFormat,
  openDatabase,
  type Db,
} from '../db/open-database'
import { PRIVATE_FILE_MODE } from '../db/file-modes'
import { runMigrations } from '../db/run-migrations'
import type { ProcessHolder } from '../db/sync-lock'
import { clearAllDrafts, clearDraft, getDraft, listDrafts, saveDraft } from './drafts'
import { claimSender, knownMaxId, raiseKnownMaxId, releaseSender } from './outbox-meta'
import {
  emptyMarkerPath,
  OUTBOX_MIGRATIONS,
  OUTBOX_TABLES,
  type OutboxTable,
} from './outbox-schema'

/** `…/cache.sqlite` → `…/cache.outbox.sqlite`; in memory stays in memory. */
export function outboxPathFor(cachePath: string): string {
  if (cachePath === ':memory:' || cachePath === '') return ':memory:'
  const ext = extname(cachePath)
  return join(dirname(cachePath), `${basename(cachePath, ext)}.outbox${ext || '.sqlite'}`)
}

interface Row {
  id: number
  kind: OutboxKind
  ticket_id: number | null
  changes: string
  base: string | null
  state: OutboxState
  attempts: number
  in_doubt: number
  floor_id: number | null
  last_error: string | null
  conflict: string | null
  created_at: string
  updated_at: string
  sent_at: string | null
}

/** An entry with the bookkeeping only the sender needs. */
export interface StoredEntry extends OutboxEntry {
  inDoubt: boolean
  floorId: number | null
  /** When the last request that may have reached the server started (ISO), or null. */
  sentAt: string | null
}

function toEntry(row: Row): StoredEntry {
  return {
    id: row.id,
    kind: row.kind,
    ticketId: row.ticket_id,
    changes: JSON.parse(row.changes) as TicketUpdateInput,
    base: row.base ? (JSON.parse(row.base) as OutboxBase) : null,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error ? (JSON.parse(row.last_error) as AppErrorData) : null,
    conflict: row.conflict ? (JSON.parse(row.conflict) as Record<string, FieldConflict>) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    inDoubt: row.in_doubt === 1,
    floorId: row.floor_id,
    sentAt: row.sent_at ?? null,
  }
}

export interface EnqueueInput {
  kind: OutboxKind
  ticketId: number | null
  changes: TicketUpdateInput
  base?: OutboxBase | null
}

export class OutboxStore {
  private readonly db: Db
  private readonly now: () => string

  constructor(
    path: string,
    options: {
      nativeBinding?: string
      now?: () => Date
      key?: Buffer | null
      /** Only the outbox bench compares 'wal' (what older versions used). */
      journal?: 'wal' | 'rollback'
    } = {},
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}
    // An outbox an older version (or the CLI before it took the key) wrote unencrypted, or
    // encrypted with the previous scheme, still holds edits the server has not had: encrypt it
    // where it is rather than set it aside unread, its journal on disk so that a crash half-way
    // loses no edit (the journal holds the pages as they were on disk already).
    const from = options.key && path !== ':memory:' ? olderFormat(path) : null
    if (options.key && from) {
      encryptInPlace(path, options.key, from, { crashSafe: true, ...binding })
    }
    this.db = openDatabase(path, {
      durability: 'full',
      journal: options.journal ?? 'rollback',
      // The cache's key (database-key.ts): the edits hold personal data too.
      key: options.key ?? null,
      ...binding,
    })
    runMigrations(this.db, OUTBOX_MIGRATIONS)
    const clock = options.now ?? (() => new Date())
    this.now = () => clock().toISOString()
    this.marker = path === ':memory:' ? null : emptyMarkerPath(path)
    this.noteIfEmpty()
  }

  private readonly marker: string | null

  /** Writes the empty marker if nothing waits (see emptyMarkerPath). */
  private noteIfEmpty(): void {
    const marker = this.marker
    if (!marker) return
    this.db
      .transaction(() => {
        const row = this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM outbox').get()
        if ((row?.n ?? 0) === 0) writeFileSync(marker, '', { mode: PRIVATE_FILE_MODE })
      })
      .immediate()
  }

  /** Inside a write transaction, before an edit is added: the outbox is no longer empty. */
  private clearEmptyMark(): void {
    if (this.marker) rmSync(this.marker, { force: true })
  }

  close(): void {
    closeDatabase(this.db)
  }

  /** Reads every page of the file (throws SQLITE_CORRUPT where one is damaged). */
  verify(): void {
    const rows = this.db.pragma('quick_check') as { quick_check: string }[]
    if (rows.length !== 1 || rows[0]?.quick_check !== 'ok') {
      throw Object.assign(new Error(`outbox file damaged: ${rows[0]?.quick_check ?? ''}`), {
        code: 'SQLITE_CORRUPT',
      })
    }
    for (const table of OUTBOX_TABLES) this.db.prepare(`SELECT * FROM ${table}`).all()
  }

  /** Rows read back from a damaged copy, as they were (ids and states kept). */
  restoreRows(table: OutboxTable, rows: readonly Record<string, unknown>[]): void {
    if (!(OUTBOX_TABLES as readonly string[]).includes(table)) throw new Error('unknown table')
    this.db.transaction(() => {
      if (table === 'outbox' && rows.length > 0) this.clearEmptyMark()
      for (const row of rows) {
        const columns = Object.keys(row).filter((c) => /^[a-z_]+$/.test(c))
        if (columns.length === 0) continue
        this.db
          .prepare(
            `INSERT OR REPLACE INTO ${table} (${columns.join(', ')})
             VALUES (${columns.map(() => '?').join(', ')})`,
          )
          .run(...columns.map((c) => row[c]))
      }
    })()
  }

  /** Commits the edit (synchronous=FULL) and returns its id. */
  enqueue(input: EnqueueInput): number {
    const at = this.now()
    const insert = this.db.prepare(
      `INSERT INTO outbox (kind, ticket_id, changes, base, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    return this.db
      .transaction(() => {
        this.clearEmptyMark()
        const result = insert.run(
          input.kind,
          input.ticketId,
          JSON.stringify(input.changes),
          input.base ? JSON.stringify(input.base) : null,
          at,
          at,
        )
        return Number(result.lastInsertRowid)
      })
      .immediate()
  }

  get(id: number): StoredEntry | null {
    const row = this.db.prepare<[number], Row>('SELECT * FROM outbox WHERE id = ?').get(id)
    return row ? toEntry(row) : null
  }

  /** Every waiting entry, oldest first (the order they are sent in). */
  list(): StoredEntry[] {
    return this.db.prepare<[], Row>('SELECT * FROM outbox ORDER BY id').all().map(toEntry)
  }

  count(): { waiting: number; needsAttention: number } {
    const row = this.db
      .prepare<[], { waiting: number; attention: number | null }>(
        `SELECT COUNT(*) AS waiting,
                SUM(state IN ('conflict', 'rejected')) AS attention FROM outbox`,
      )
      .get()
    return { waiting: row?.waiting ?? 0, needsAttention: row?.attention ?? 0 }
  }

  /** Before a request that may reach the server: one FULL commit, so a crash leaves the doubt on disk. */
  markSending(id: number, extra: { floorId?: number } = {}): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'sending', attempts = attempts + 1, in_doubt = 1,
           floor_id = COALESCE(?, floor_id), updated_at = ?, sent_at = ? WHERE id = ?`,
      )
      .run(extra.floorId ?? null, this.now(), this.now(), id)
  }

  /** Back in line: `inDoubt` says whether the last request may have reached the server. */
  markPending(id: number, error: AppErrorData | null, inDoubt: boolean): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'pending', in_doubt = ?, last_error = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(inDoubt ? 1 : 0, error ? JSON.stringify(error) : null, this.now(), id)
  }

  setFloor(id: number, floorId: number): void {
    this.db.prepare('UPDATE outbox SET floor_id = ? WHERE id = ?').run(floorId, id)
  }

  markConflict(id: number, conflict: Record<string, FieldConflict>): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'conflict', in_doubt = 0, conflict = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(JSON.stringify(conflict), this.now(), id)
  }

  markRejected(id: number, error: AppErrorData): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'rejected', in_doubt = 0, last_error = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(JSON.stringify(error), this.now(), id)
  }

  /** The agent's answer to a conflict or a rejection: new changes and base, back in line. */
  replace(id: number, changes: TicketUpdateInput, base: OutboxBase | null): void {
    this.db
      .prepare(
        `UPDATE outbox SET changes = ?, base = ?, state = 'pending', conflict = NULL,
           last_error = NULL, in_doubt = 0, updated_at = ? WHERE id = ?`,
      )
      .run(JSON.stringify(changes), base ? JSON.stringify(base) : null, this.now(), id)
  }

  /** The server has it: the entry leaves the outbox (a create's ticket is remembered as ours). */
  complete(id: number, createdTicketId?: number): void {
    this.db.transaction(() => {
      if (createdTicketId !== undefined) {
        this.db
          .prepare('INSERT OR REPLACE INTO created_tickets (ticket_id, outbox_id) VALUES (?, ?)')
          .run(createdTicketId, id)
        this.raiseKnownMaxId(createdTicketId)
      }
      this.db.prepare('DELETE FROM outbox WHERE id = ?').run(id)
    })()
    this.noteIfEmpty()
  }

  remove(id: number): boolean {
    const removed = this.db.prepare('DELETE FROM outbox WHERE id = ?').run(id).changes > 0
    this.noteIfEmpty()
    return removed
  }

  removeAll(): number {
    const removed = this.db.prepare('DELETE FROM outbox').run().changes
    this.noteIfEmpty()
    return removed
  }

  isOwnCreated(ticketId: number): boolean {
    return (
      this.db.prepare('SELECT 1 FROM created_tickets WHERE ticket_id = ?').get(ticketId) !==
      undefined
    )
  }

  /** The ticket a completed create made. */
  createdTicketFor(outboxId: number): number | null {
    const row = this.db
      .prepare<[number], { ticket_id: number }>(
        'SELECT ticket_id FROM created_tickets WHERE outbox_id = ?',
      )
      .get(outboxId)
    return row?.ticket_id ?? null
  }

  /** See outbox-meta.ts: one sender per outbox file, across processes. */
  claimSender(token: string): ProcessHolder | null {
    return claimSender(this.db, token)
  }

  releaseSender(token: string): void {
    releaseSender(this.db, token)
  }

  /** The highest ticket id this outbox has seen (survives a cleared cache). */
  knownMaxId(): number {
    return knownMaxId(this.db)
  }

  raiseKnownMaxId(id: number): void {
    raiseKnownMaxId(this.db, id)
  }

  getDraft(key: string): Draft | null {
    return getDraft(this.db, key)
  }

  saveDraft(draft: Omit<Draft, 'updatedAt'>): Draft {
    return saveDraft(this.db, draft, this.now())
  }

  clearDraft(key: string): void {
    clearDraft(this.db, key)
  }

  clearAllDrafts(): number {
    return clearAllDrafts(this.db)
  }

  listDrafts(): Draft[] {
    return listDrafts(this.db)
  }
}

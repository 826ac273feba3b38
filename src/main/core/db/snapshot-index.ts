/**
 * The search index shipped built, both ways (the rows form's last lines). Indexing 100,000
 * tickets again was most of a desktop's first sync from the hub (FTS5's inserts, one token per
 * character pair); the hub builds the index once per snapshot for exactly the tickets it sends,
 * and each desktop writes its blocks as they are.
 *
 * FTS5 keeps the index's structure per connection and notices only other connections' writes,
 * so the desktop writes the blocks through a connection of its own, closes it, and only then
 * asks its main connection to check them: FTS5's own integrity check (the index is whole), the
 * number of documents (one per ticket written) and a few tickets found by their own words under
 * their own ids (the index belongs to these tickets). Anything else is refused, and the index is
 * then rebuilt from the stored tickets, so the cache never keeps tickets its search cannot find.
 */
import Database from 'better-sqlite3-multiple-ciphers'
import {
  SNAPSHOT_BLOB_COLUMNS,
  SNAPSHOT_INDEX_TABLES,
  type SnapshotCell,
} from '../../../shared/hub/protocol'
import { bumpDataVersion } from './data-version'
import type { Db } from './open-database'
import { indexTokenRow, storedSearchDoc, searchTokenColumns, SEARCH_COLUMNS } from './search-index'
import { repairSearchIndex, searchIndexIsWhole } from './search-repair'
import { getState, setState } from './state-store'
import { stmt } from './statements'
import { isCorruption } from './sqlite-errors'

type IndexTable = (typeof SNAPSHOT_INDEX_TABLES)[number]
export interface IndexRows {
  table: IndexTable
  columns: string[]
  rows: SnapshotCell[][]
}

/** Rows per line: a block is up to ~4 KB, so a line stays near a megabyte. */
const LINE_ROWS = 200
/** Set with the first row a rows snapshot writes, cleared with its cursor: see pendingIndex. */
const PENDING = 'snapshotIndexPending'

/** A table's columns as this connection's schema has them (the rows form's lines carry these). */
export function tableColumns(db: Db, table: string): string[] {
  return (stmt(db, `PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name)
}

/**
 * The hub's side: an index built in memory with the store's own definition of `ticket_search`,
 * fed each ticket's tokens as the snapshot reads it, then read out as rows lines.
 */
export class SearchIndexBuild {
  private readonly mem: Db = new Database(':memory:')

  constructor(store: Db) {
    const { sql } = store
      .prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'ticket_search'`)
      .get() as { sql: string }
    this.mem.exec(sql)
    // One transaction: FTS5 then writes a few large segments instead of one per commit.
    this.mem.exec('BEGIN')
  }

  /** Rows of [ticket id, ...SEARCH_COLUMNS tokens]. */
  add(rows: readonly SnapshotCell[][]): void {
    for (const row of rows) indexTokenRow(this.mem, row)
  }

  /** The index as rows lines (merged into one segment: the desktop reads it fastest). */
  *lines(): Generator<IndexRows> {
    this.mem.exec('COMMIT')
    this.mem.exec(`INSERT INTO ticket_search (ticket_search) VALUES ('optimize')`)
    for (const table of SNAPSHOT_INDEX_TABLES) {
      const columns = tableColumns(this.mem, table)
      const blob = columns.indexOf(SNAPSHOT_BLOB_COLUMNS[table] ?? '')
      const select = this.mem.prepare(`SELECT * FROM ${table}`).raw()
      let rows: SnapshotCell[][] = []
      for (const row of select.iterate() as Iterable<unknown[]>) {
        if (blob >= 0) row[blob] = (row[blob] as Buffer).toString('base64')
        rows.push(row as SnapshotCell[])
        if (rows.length >= LINE_ROWS) {
          yield { table, columns, rows }
          rows = []
        }
      }
      if (rows.length > 0) yield { table, columns, rows }
    }
  }

  close(): void {
    this.mem.close()
  }
}

/** The number of documents FTS5 counts in the index (the first varint of its averages record). */
export function indexedDocuments(db: Db): number {
  const row = db.prepare('SELECT block FROM ticket_search_data WHERE id = 1').get() as
    { block: Buffer } | undefined
  if (!row) return 0
  let n = 0
  for (let i = 0; i < 9 && i < row.block.length; i++) {
    const byte = row.block[i]!
    if (i === 8) return n * 256 + byte
    n = n * 128 + (byte & 0x7f)
    if ((byte & 0x80) === 0) return n
  }
  return n
}

/** A shipped index this cache cannot take (the rows form's refusal; see SnapshotRowsError). */
export type IndexRefusal = (detail: string) => Error

/**
 * The desktop's side. `open` makes the second connection to the cache's file (same key).
 * Every method runs on the main connection `db` given, between the cache's own writes.
 */
export class ShippedSearchIndex {
  private writer: Db | null = null
  private blocks = 0
  private config = false

  constructor(
    private readonly open: () => Db,
    private readonly refuse: IndexRefusal,
  ) {}

  /**
   * Writes one checked line (`columns` already found to be this cache's own for `table`): the
   * configuration is compared with this cache's, never written.
   */
  write(
    db: Db,
    table: IndexTable,
    columns: readonly string[],
    rows: readonly SnapshotCell[][],
  ): void {
    if (table === 'ticket_search_config') {
      const own = new Map(
        db.prepare('SELECT k, v FROM ticket_search_config').raw().all() as [string, unknown][],
      )
      const same = rows.length === own.size && rows.every(([k, v]) => own.get(String(k)) === v)
      if (!same) throw this.refuse("the hub's search index has another format than this cache's")
      this.config = true
      return
    }
    const writer = this.writer ?? this.begin()
    const blob = columns.indexOf(SNAPSHOT_BLOB_COLUMNS[table] ?? '')
    // Numbers arrive as JSON numbers; FTS5 wrote them as integers. Prepared once per table.
    const values = columns.map((_, i) => (i === blob ? '?' : 'CAST(? AS INTEGER)')).join(', ')
    const insert = stmt(writer, `INSERT INTO ${table} VALUES (${values})`)
    for (const row of rows) {
      const cells: unknown[] = [...row]
      if (blob >= 0) {
        if (typeof cells[blob] !== 'string') throw this.refuse(`a ${table} row without its blob`)
        cells[blob] = Buffer.from(cells[blob], 'base64')
      }
      insert.run(cells)
    }
    if (table === 'ticket_search_data') this.blocks += rows.length
  }

  /**
   * The writer's ONE transaction, open until the check: every other connection (a search of
   * this process, another process on the file) sees the empty index or the whole shipped one,
   * never a part, and a crash leaves the empty one.
   */
  private begin(): Db {
    const writer = this.open()
    // FTS5 refuses writes to its own tables in SQLite's defensive mode; only this connection,
    // which writes nothing else, leaves it.
    writer.unsafeMode(true)
    writer.exec('BEGIN IMMEDIATE')
    // The empty index the cache was created with (its structure and counts) gives way.
    writer.exec('DELETE FROM ticket_search_data; DELETE FROM ticket_search_idx')
    this.writer = writer
    return writer
  }

  /**
   * Checks the shipped index against the `tickets` written, on the main connection once the
   * writer is closed; throws the refusal. The caller stores the cursor after it.
   */
  check(db: Db, tickets: number): void {
    if (!this.config || this.blocks === 0 || !this.writer) {
      throw this.refuse("the hub's search index is missing")
    }
    this.writer.exec('COMMIT')
    this.closeWriter()
    bumpDataVersion(db)
    try {
      const documents = indexedDocuments(db)
      if (documents !== tickets) {
        throw this.refuse(`the search index counts ${documents} tickets, the snapshot ${tickets}`)
      }
      if (!searchIndexIsWhole(db)) throw this.refuse("the hub's search index is damaged")
      const stray = sampleNotFound(db)
      if (stray !== null) {
        throw this.refuse(`ticket ${stray} is not found by its own words in the search index`)
      }
    } catch (error) {
      if (isCorruption(error)) throw this.refuse("the hub's search index is damaged")
      throw error
    }
  }

  /** Closes the writer; a transaction still open (the snapshot stopped) is rolled back. */
  closeWriter(): void {
    this.writer?.close()
    this.writer = null
  }
}

/**
 * A few tickets (the first, middle and last) looked up by the first words of their own text,
 * under their own id: null when each is found, else the id that is not.
 */
function sampleNotFound(db: Db): number | null {
  const ids = db.prepare('SELECT id FROM ticket_json ORDER BY id').pluck().all() as number[]
  const sample = [...new Set([ids[0], ids[ids.length >> 1], ids[ids.length - 1]])]
  const json = db.prepare('SELECT json FROM ticket_json WHERE id = ?').pluck()
  const found = db.prepare('SELECT 1 FROM ticket_search WHERE ticket_search MATCH ? AND rowid = ?')
  for (const id of sample) {
    if (id === undefined) continue
    const columns = searchTokenColumns(storedSearchDoc(db, json.get(id) as string, id))
    const at = columns.findIndex((text) => /[\p{L}\p{N}]/u.test(text))
    if (at < 0) continue
    const words = columns[at]!.split(' ').slice(0, 5).join(' ').replace(/"/g, '""')
    if (!found.get(`${SEARCH_COLUMNS[at]} : "${words}"`, id)) return id
  }
  return null
}

/**
 * Marks the cache as holding rows whose search index is not yet checked (with the first row
 * written) or clears the mark (with the cursor). A mark found when the cache is opened means a
 * rows snapshot stopped midway (a crash): see restorePendingIndex.
 */
export function markPendingIndex(db: Db, pending: boolean): void {
  setState(db, PENDING, pending ? true : undefined)
}

/**
 * Rebuilds the search index from the stored tickets when a rows snapshot stopped before its
 * index was checked (cut, refused, or the process killed): the ticket form that follows only
 * indexes what changed. Returns whether it did.
 */
export function restorePendingIndex(db: Db): boolean {
  if (getState(db, PENDING) !== true) return false
  repairSearchIndex(db, { rebuild: true })
  markPendingIndex(db, false)
  return true
}

/**
 * The cache's stored form as rows, both ways: the team hub reads its store's rows for a snapshot
 * (readSnapshotRows), a desktop with an empty cache writes them as they are (writeSnapshotRows).
 * A first sync through the ticket writer spent most of its time recomputing what the hub's store
 * already holds (packing embedded objects, the search index's tokens) and checking every field of
 * every ticket; rows skip all of it, and the one costly part left is SQLite's own.
 *
 * Exact, as the ticket form is: the rows are the hub's own stored copies (written by the same
 * ticket writer), read in one transaction; snapshot ids and interaction seqs are the hub's, which
 * is why only an EMPTY cache takes them. A snapshot row's hash is recomputed here from its JSON,
 * so a row that was changed on the way cannot pass as another object.
 */
import { createHash } from 'node:crypto'
import { searchDoc } from '../../../shared/domain/search'
import {
  SNAPSHOT_INDEX_TABLES,
  type SnapshotCell,
  type SnapshotRowTable,
} from '../../../shared/hub/protocol'
import { AppError } from '../../../shared/domain/errors'
import { bumpDataVersion } from './data-version'
import type { Db } from './open-database'
import { searchTokenColumns } from './search-index'
import {
  markPendingIndex,
  restorePendingIndex,
  SearchIndexBuild,
  ShippedSearchIndex,
  tableColumns,
} from './snapshot-index'
import { stmt } from './statements'
import { isDamagedRecord, snapshotSource, unpackTicket, type SnapshotSource } from './ticket-doc'

/** A line's worth of rows: the table, its columns (as the writer's table has them) and rows. */
export interface SnapshotRows {
  table: SnapshotRowTable
  columns: string[]
  rows: SnapshotCell[][]
}

/** Tickets per batch read on the hub (and so per group of lines). */
const BATCH = 500
/** Rows per line for the tables read whole (snapshots, employees, contacts). */
const LINE_ROWS = 1000

/** The columns a rows line of `table` carries: the cache's own, as this schema has them. */
export function snapshotColumns(db: Db, table: SnapshotRowTable): string[] {
  if (table === 'snapshots') return tableColumns(db, table).filter((c) => c !== 'hash')
  return tableColumns(db, table)
}

/** Snapshot texts by id for one read: a few employees and categories recur in every ticket. */
export function memoSource(db: Db): SnapshotSource {
  const read = snapshotSource(db)
  const memo = new Map<number, string | undefined>()
  return (id) => {
    if (memo.has(id)) return memo.get(id)
    const text = read(id)
    if (memo.size < 50_000) memo.set(id, text)
    return text
  }
}

function* wholeTable(db: Db, table: SnapshotRowTable, where = ''): Generator<SnapshotRows> {
  const columns = snapshotColumns(db, table)
  const select = db
    .prepare(
      `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM ${table} WHERE id > ? ${where} ORDER BY id LIMIT ${LINE_ROWS}`,
    )
    .raw()
  let last = Number.MIN_SAFE_INTEGER
  for (;;) {
    const rows = select.all(last) as SnapshotCell[][]
    if (rows.length === 0) return
    last = rows[rows.length - 1]![0] as number
    yield { table, columns, rows }
  }
}

/**
 * The store's tickets as rows, in the order a writer needs them (every snapshot and embedded
 * employee and contact first, then per batch of tickets: their rows, JSON and interactions; the
 * search index built for them last). Run it inside one read transaction. A ticket whose stored copy is damaged is
 * left out (as the ticket form leaves it out); `onTickets` counts the tickets sent.
 */
export function* readSnapshotRows(db: Db, onTickets: (n: number) => void): Generator<SnapshotRows> {
  yield* wholeTable(db, 'snapshots')
  // The employees from the list come with the lookups; only those seen inside tickets here.
  yield* wholeTable(db, 'employees', 'AND from_list = 0')
  yield* wholeTable(db, 'contacts')
  const source = memoSource(db)
  const ticketCols = snapshotColumns(db, 'tickets')
  const jsonCols = snapshotColumns(db, 'ticket_json')
  const interactionCols = snapshotColumns(db, 'interactions')
  const list = (cols: string[]): string => cols.map((c) => `"${c}"`).join(', ')
  const jsonBatch = db
    .prepare(`SELECT ${list(jsonCols)} FROM ticket_json WHERE id > ? ORDER BY id LIMIT ${BATCH}`)
    .raw()
  const ticketRange = db
    .prepare(`SELECT ${list(ticketCols)} FROM tickets WHERE id BETWEEN ? AND ? ORDER BY id`)
    .raw()
  const interactionRange = db
    .prepare(
      `SELECT ${list(interactionCols)} FROM interactions WHERE ticket_id BETWEEN ? AND ? ORDER BY seq`,
    )
    .raw()
  const idAt = jsonCols.indexOf('id')
  const textAt = jsonCols.indexOf('json')
  const ticketIdAt = interactionCols.indexOf('ticket_id')
  const index = new SearchIndexBuild(db)
  try {
    yield* ticketRows()
    yield* index.lines()
  } finally {
    index.close()
  }

  function* ticketRows(): Generator<SnapshotRows> {
    let last = Number.MIN_SAFE_INTEGER
    for (;;) {
      const jsonRows = jsonBatch.all(last) as SnapshotCell[][]
      if (jsonRows.length === 0) return
      const first = jsonRows[0]![idAt] as number
      last = jsonRows[jsonRows.length - 1]![idAt] as number
      const good = new Set<number>()
      const tokens: SnapshotCell[][] = []
      const json: SnapshotCell[][] = []
      for (const row of jsonRows) {
        const id = row[idAt] as number
        const text = row[textAt] as string
        try {
          // The whole ticket must read back, as the ticket form's unpacking demands.
          tokens.push([id, ...searchTokenColumns(searchDoc(unpackTicket(id, text, source)))])
        } catch (error) {
          // Damage is left out (the next sweep stores the ticket again and logs it as a change).
          if (isDamagedRecord(error)) continue
          throw error
        }
        good.add(id)
        json.push(row)
      }
      const keep = (rows: SnapshotCell[][], at: number): SnapshotCell[][] =>
        rows.filter((r) => good.has(r[at] as number))
      yield {
        table: 'tickets',
        columns: ticketCols,
        rows: keep(ticketRange.all(first, last) as SnapshotCell[][], 0),
      }
      yield { table: 'ticket_json', columns: jsonCols, rows: json }
      yield {
        table: 'interactions',
        columns: interactionCols,
        rows: keep(interactionRange.all(first, last) as SnapshotCell[][], ticketIdAt),
      }
      index.add(tokens)
      onTickets(good.size)
    }
  }
}

/** A rows line that does not fit this cache: the desktop refuses the snapshot with it. */
export class SnapshotRowsError extends Error {
  constructor(detail: string) {
    super(`A rows line of the snapshot does not fit this cache: ${detail}`)
    this.name = 'SnapshotRowsError'
  }
}

function isCell(value: unknown): value is SnapshotCell {
  return (
    value === null ||
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value))
  )
}

/**
 * The exact shape check of a rows line: its columns are this cache's for the table, and every
 * row is an array of that many plain values (no objects, no blobs). Cheap: no schema per cell.
 */
export function checkSnapshotRows(
  db: Db,
  table: SnapshotRowTable,
  columns: readonly string[],
  rows: readonly unknown[],
): SnapshotCell[][] {
  const own = snapshotColumns(db, table)
  if (own.length !== columns.length || own.some((c, i) => c !== columns[i])) {
    throw new SnapshotRowsError(
      `${table} has columns ${own.join(', ')}, the line ${columns.join(', ')}`,
    )
  }
  for (const [i, row] of rows.entries()) {
    if (!Array.isArray(row) || row.length !== own.length || !row.every(isCell)) {
      throw new SnapshotRowsError(`row ${i} of ${table} is not ${own.length} plain values`)
    }
  }
  return rows as SnapshotCell[][]
}

/**
 * Writes checked rows as they are, in one transaction; `ticket_json` gets this desktop's
 * `syncedAt`, a snapshot row its hash. Returns the ticket ids of a `tickets` line (else none).
 */
export function writeSnapshotRows(db: Db, line: SnapshotRows, syncedAt: string): number[] {
  const { table, columns, rows } = line
  const names = table === 'snapshots' ? [...columns, 'hash'] : columns
  // Prepared once per table and connection: a 100,000-ticket snapshot is ~1,400 lines.
  const insert = stmt(
    db,
    `INSERT INTO ${table} (${names.map((c) => `"${c}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
  )
  const syncedAt_ = table === 'ticket_json' ? columns.indexOf('synced_at') : -1
  const jsonAt = table === 'snapshots' ? columns.indexOf('json') : -1
  const ids: number[] = []
  const idAt = table === 'tickets' ? columns.indexOf('id') : -1
  bumpDataVersion(db)
  db.transaction(() => {
    for (const row of rows) {
      let values: unknown[] = row
      if (syncedAt_ >= 0) {
        values = [...row]
        values[syncedAt_] = syncedAt
      } else if (jsonAt >= 0) {
        const json = row[jsonAt]
        if (typeof json !== 'string') throw new SnapshotRowsError('a snapshot row without its JSON')
        values = [...row, createHash('sha256').update(json).digest()]
      }
      insert.run(values)
      if (idAt >= 0) ids.push(row[idAt] as number)
    }
  })()
  return ids
}

/** Whether the cache holds no ticket (only then does it take the hub's rows as they are). */
export function holdsNoTickets(db: Db): boolean {
  return db.prepare('SELECT 1 FROM tickets LIMIT 1').get() === undefined
}

/** The hub's rows form written into one empty cache (TicketCacheWriter.snapshotRows). */
export interface SnapshotRowsWriter {
  /** The cache's schema (migration version): the hub answers in rows only at the same one. */
  schema: number
  /** Checks and writes one line; the ticket ids of a `tickets` line. Throws SnapshotRowsError. */
  write(
    line: { table: SnapshotRowTable; columns: string[]; rows: unknown[] },
    syncedAt: string,
  ): number[]
  /** After the end line: checks the shipped search index against the `tickets` written. */
  finish(tickets: number): void
  /** After anything went wrong: the search index rebuilt from what was written, if anything. */
  abort(): void
}

/**
 * The writer for a cache that holds no ticket, else null. `run` is the cache's (its damage
 * handling); `open` makes a second connection to the cache's file (the shipped search index is
 * written through it, snapshot-index.ts); `onTickets` counts the tickets written (the bulk
 * write's checkpoints); `current` turns false once the cache was cleared or rebuilt, and then no
 * more rows go into the fresh file (`cancelled`, as a chunked ticket write stops).
 */
export function snapshotRowsWriter(
  run: <T>(fn: (db: Db) => T) => T,
  open: () => Db,
  current: () => boolean,
  schema: number,
  onTickets: (n: number) => void,
): SnapshotRowsWriter | null {
  if (!run(holdsNoTickets)) return null
  const index = new ShippedSearchIndex(open, (detail) => new SnapshotRowsError(detail))
  let started = false
  return {
    schema,
    write: (line, syncedAt) => {
      if (!current()) {
        throw new AppError({ code: 'cancelled', message: 'The cache was cleared during the write' })
      }
      const ids = run((db) => {
        const rows = checkSnapshotRows(db, line.table, line.columns, line.rows)
        if (!started) markPendingIndex(db, true)
        started = true
        if (isIndexTable(line.table)) {
          index.write(db, line.table, line.columns, rows)
          return []
        }
        return writeSnapshotRows(db, { table: line.table, columns: line.columns, rows }, syncedAt)
      })
      onTickets(ids.length)
      return ids
    },
    finish: (tickets) => {
      run((db) => {
        index.check(db, tickets)
        markPendingIndex(db, false)
      })
    },
    abort: () => {
      index.closeWriter()
      if (started && current()) run(restorePendingIndex)
    },
  }
}

function isIndexTable(table: SnapshotRowTable): table is (typeof SNAPSHOT_INDEX_TABLES)[number] {
  return (SNAPSHOT_INDEX_TABLES as readonly string[]).includes(table)
}

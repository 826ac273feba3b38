/**
 * Opens (or creates and seeds) the sandbox's database. A file given with --db keeps its data
 * between runs: it is seeded only when new, and its lookups are rebuilt from the stored seed.
 */
import Database from 'better-sqlite3'
import { DEFAULT_SERVER_TIME_ZONE, serverNow } from '../shared/domain/server-time'
import { indexLookups, type LookupIndex } from './seed/assemble-ticket'
import { docTickets } from './seed/doc-tickets'
import { generateTickets } from './seed/generate-tickets'
import { buildLookups } from './seed/lookups'
import { TicketStore } from './store/ticket-store'

export interface SandboxData {
  db: Database.Database
  index: LookupIndex
  store: TicketStore
  /** The server's wall clock; tests may pin it. */
  clock: { now(): string; set(fixed: string | null): void }
  /** The employee that API creates are attributed to (the API has no "who am I"). */
  apiEmployeeId: number
}

export interface SandboxDataOptions {
  dbPath?: string
  /**
   * Generated tickets, ids 1..N (default 200). Tickets 66 and 67 are always the document's: they
   * replace generated ones when N >= 67 and are added otherwise.
   */
  tickets?: number
  seed?: number
  /** Seed time; default the clock. */
  now?: string
  /** The server's zone: its clock writes `created_at`/`updated_at` in it (default Asia/Taipei). */
  timeZone?: string
  /** The share of generated tickets left open; see GenerateTicketsOptions. */
  openShare?: number
}

export function openSandboxData(options: SandboxDataOptions = {}): SandboxData {
  const db = new Database(options.dbPath ?? ':memory:')
  // A sandbox, not a system of record: WAL for concurrent readers, no fsync per write.
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF')
  let fixed: string | null = null
  const timeZone = options.timeZone ?? DEFAULT_SERVER_TIME_ZONE
  const clock = {
    now: (): string => fixed ?? serverNow(timeZone),
    set: (value: string | null): void => {
      fixed = value
    },
  }
  const stored = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
    .get() as { name: string } | undefined
  const storedSeed = stored
    ? (db.prepare("SELECT value FROM meta WHERE key = 'seed'").get() as
        { value: string } | undefined)
    : undefined
  const seed = storedSeed ? Number(storedSeed.value) : (options.seed ?? 1)
  const index = indexLookups(buildLookups({ seed }))
  const store = new TicketStore(db, index, clock.now)
  if (store.getMeta('seed') === null) {
    const count = options.tickets ?? 200
    const tickets = generateTickets({
      count,
      seed,
      index,
      now: options.now ?? clock.now(),
      ...(options.openShare !== undefined ? { openShare: options.openShare } : {}),
    })
    const docs = docTickets(index)
    // The document's tickets take their own ids, replacing generated ones there.
    store.putMany([...tickets.filter((t) => t.id !== 66 && t.id !== 67), ...docs])
    store.setMeta('seed', String(seed))
  }
  return { db, index, store, clock, apiEmployeeId: 7 }
}

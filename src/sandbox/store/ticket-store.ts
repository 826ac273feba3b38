/**
 * The sandbox's tickets in SQLite: filter columns in a narrow indexed table, the served JSON and
 * the search text in their own tables (a wide row makes every scan slower, see docs/measurements.md, "Writes").
 */
import type Database from 'better-sqlite3'
import type { TicketSearchParams } from '../../main/core/api/types'
import type { Ticket } from '../../shared/domain/api-schemas'
import { assembleTicket, ticketColumns, type LookupIndex } from '../seed/assemble-ticket'

/** GET /ticket's filters: the same parameters the client sends. */
export type TicketFilters = Omit<TicketSearchParams, 'page' | 'per_page'>

/** Writable ticket fields, already validated. */
export interface TicketWrite {
  subject?: string
  content?: string
  sponsor_id?: number | null
  handler_id?: number | null
  termination_code_id?: number | null
  due_at?: string | null
  priority?: number
  status?: number
  status_memo?: string | null
  sub_category_id?: number | null
  contact_id?: number | null
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tickets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  status INTEGER, priority INTEGER, due_at TEXT, created_at TEXT, updated_at TEXT,
  contact_id INTEGER, sponsor_id INTEGER, termination_code_id INTEGER,
  handler_id INTEGER, creater_id INTEGER, sub_category_id INTEGER
);
CREATE INDEX IF NOT EXISTS tickets_status ON tickets(status);
CREATE INDEX IF NOT EXISTS tickets_contact ON tickets(contact_id);
CREATE INDEX IF NOT EXISTS tickets_sponsor ON tickets(sponsor_id);
CREATE INDEX IF NOT EXISTS tickets_code ON tickets(termination_code_id);
CREATE INDEX IF NOT EXISTS tickets_handler ON tickets(handler_id);
CREATE INDEX IF NOT EXISTS tickets_creater ON tickets(creater_id);
CREATE INDEX IF NOT EXISTS tickets_due ON tickets(due_at);
CREATE INDEX IF NOT EXISTS tickets_created ON tickets(created_at);
CREATE TABLE IF NOT EXISTS ticket_text (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ticket_json (id INTEGER PRIMARY KEY, json TEXT NOT NULL);
`

interface Row {
  id: number
  status: number
  priority: number
  due_at: string | null
  created_at: string
  updated_at: string
  contact_id: number | null
  sponsor_id: number | null
  termination_code_id: number | null
  handler_id: number | null
  creater_id: number | null
  sub_category_id: number | null
}

function searchText(ticket: Ticket): string {
  return `${ticket.subject ?? ''}\n${ticket.content ?? ''}`.toLowerCase()
}

/** One second after `previous` at the least: `updated_at` must move on every change. */
function nextTimestamp(now: string, previous: string | null | undefined): string {
  if (!previous || now > previous) return now
  const ms = Date.parse(previous.replace(' ', 'T') + 'Z') + 1000
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}

export class TicketStore {
  private readonly stmts
  /**
   * Search text by id, in memory: scanning ~26 M characters with `includes` takes ~15 ms where
   * SQLite's instr/LIKE took ~110 ms at 100,000 tickets. Matches are cached per term until a write.
   */
  private readonly texts = new Map<number, string>()
  private version = 0
  private searchCache: { term: string; version: number; ids: number[] } | null = null

  constructor(
    private readonly db: Database.Database,
    private readonly index: LookupIndex,
    private readonly clock: () => string,
  ) {
    db.exec(SCHEMA)
    this.stmts = {
      insert: db.prepare(
        `INSERT OR REPLACE INTO tickets (id, status, priority, due_at, created_at, updated_at,
           contact_id, sponsor_id, termination_code_id, handler_id, creater_id, sub_category_id)
         VALUES (@id, @status, @priority, @due_at, @created_at, @updated_at, @contact_id,
           @sponsor_id, @termination_code_id, @handler_id, @creater_id, @sub_category_id)`,
      ),
      insertText: db.prepare('INSERT OR REPLACE INTO ticket_text (id, text) VALUES (?, ?)'),
      insertJson: db.prepare('INSERT OR REPLACE INTO ticket_json (id, json) VALUES (?, ?)'),
      getJson: db.prepare<[number], { json: string }>('SELECT json FROM ticket_json WHERE id = ?'),
      delete: db.prepare('DELETE FROM tickets WHERE id = ?'),
      deleteText: db.prepare('DELETE FROM ticket_text WHERE id = ?'),
      deleteJson: db.prepare('DELETE FROM ticket_json WHERE id = ?'),
      nextId: db.prepare<[], { seq: number | null }>(
        `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'tickets'), 0),
                coalesce((SELECT max(id) FROM tickets), 0)) AS seq`,
      ),
      all: db.prepare<[], { id: number; updated_at: string }>(
        'SELECT id, updated_at FROM tickets ORDER BY id',
      ),
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
    }
    const rows = db.prepare('SELECT id, text FROM ticket_text').raw().all() as [number, string][]
    for (const [id, text] of rows) this.texts.set(id, text)
  }

  /** Ids whose subject or content contains `term` (case-insensitive), newest first. */
  private matchIds(term: string): number[] {
    const needle = term.toLowerCase()
    const cached = this.searchCache
    if (cached && cached.term === needle && cached.version === this.version) return cached.ids
    const ids: number[] = []
    for (const [id, text] of this.texts) if (text.includes(needle)) ids.push(id)
    ids.sort((a, b) => b - a)
    this.searchCache = { term: needle, version: this.version, ids }
    return ids
  }

  getMeta(key: string): string | null {
    return this.stmts.getMeta.get(key)?.value ?? null
  }

  setMeta(key: string, value: string): void {
    this.stmts.setMeta.run(key, value)
  }

  /** Stores tickets as given (seeding); one transaction. */
  putMany(tickets: Ticket[]): void {
    this.db.transaction(() => {
      for (const t of tickets) this.put(t)
    })()
  }

  private put(ticket: Ticket): void {
    const cols = ticketColumns(ticket)
    const row: Row = {
      id: cols.id,
      status: cols.status,
      priority: cols.priority,
      due_at: cols.due_at,
      created_at: cols.created_at,
      updated_at: cols.updated_at,
      contact_id: cols.contact_id,
      sponsor_id: cols.sponsor_id,
      termination_code_id: cols.termination_code_id,
      handler_id: cols.handler_id,
      creater_id: cols.creater_id,
      sub_category_id: cols.sub_category_id,
    }
    this.stmts.insert.run(row)
    const text = searchText(ticket)
    this.stmts.insertText.run(cols.id, text)
    this.stmts.insertJson.run(cols.id, JSON.stringify(ticket))
    this.texts.set(cols.id, text)
    this.version++
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n
  }

  /** Ids and updated_at of every ticket, ascending: what the tests compare a full walk with. */
  list(): { id: number; updated_at: string }[] {
    return this.stmts.all.all()
  }

  get(id: number): Ticket | null {
    const row = this.stmts.getJson.get(id)
    return row ? (JSON.parse(row.json) as Ticket) : null
  }

  /** A page of tickets, newest id first, as ready-to-serve JSON strings plus the total. */
  search(filters: TicketFilters, limit: number, offset: number): { total: number; json: string[] } {
    const where: string[] = []
    const params: (string | number)[] = []
    const inList = (column: string, values: number[] | undefined): void => {
      if (!values || values.length === 0) return
      where.push(`${column} IN (${values.map(() => '?').join(',')})`)
      params.push(...values)
    }
    const equals = (column: string, value: number | undefined): void => {
      if (value === undefined) return
      where.push(`${column} = ?`)
      params.push(value)
    }
    const range = (column: string, op: string, value: string | undefined): void => {
      if (value === undefined) return
      where.push(`${column} ${op} ?`)
      params.push(value)
    }
    inList('status', filters.statuses)
    equals('contact_id', filters.contact_id)
    equals('sponsor_id', filters.sponsor_id)
    inList('termination_code_id', filters.termination_code_ids)
    inList('handler_id', filters.handler_ids)
    inList('creater_id', filters.creater_ids)
    range('due_at', '>=', filters.due_at__start)
    range('due_at', '<=', filters.due_at__end)
    range('created_at', '>=', filters.created_at__start)
    range('created_at', '<=', filters.created_at__end)
    if (filters.search) {
      const matched = this.matchIds(filters.search)
      if (where.length === 0) {
        const ids = matched.slice(offset, offset + limit)
        return { total: matched.length, json: ids.map((id) => this.jsonOf(id)) }
      }
      where.push('id IN (SELECT value FROM json_each(?))')
      params.push(JSON.stringify(matched))
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM tickets ${clause}`).get(...params) as { n: number }
    ).n
    if (offset >= total) return { total, json: [] }
    const ids = this.db
      .prepare(`SELECT id FROM tickets ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`)
      .pluck()
      .all(...params, limit, offset) as number[]
    return { total, json: ids.map((id) => this.jsonOf(id)) }
  }

  private jsonOf(id: number): string {
    return this.stmts.getJson.get(id)?.json ?? 'null'
  }

  create(write: TicketWrite, createrId: number | null): Ticket {
    const now = this.clock()
    const id = (this.stmts.nextId.get()?.seq ?? 0) + 1
    const ticket = assembleTicket(
      {
        id,
        subject: write.subject ?? '',
        content: write.content ?? '',
        due_at: write.due_at ?? null,
        status: write.status ?? 0,
        status_memo: write.status_memo ?? null,
        priority: write.priority ?? 0,
        contact_id: write.contact_id ?? null,
        sub_category_id: write.sub_category_id ?? null,
        creater_id: createrId,
        handler_id: write.handler_id ?? null,
        sponsor_id: write.sponsor_id ?? null,
        created_at: now,
        updated_at: now,
        termination_code_id: write.termination_code_id ?? null,
      },
      this.index,
      [],
    )
    // AUTOINCREMENT's sequence follows explicit ids, so a deleted id is never handed out again.
    this.db.transaction(() => this.put(ticket))()
    return ticket
  }

  /** Applies a validated change; embedded objects follow the ids, updated_at always moves. */
  update(id: number, write: TicketWrite): Ticket | null {
    const current = this.get(id)
    if (!current) return null
    const cols = ticketColumns(current)
    const next = { ...cols }
    for (const [key, value] of Object.entries(write)) {
      if (value !== undefined) (next as Record<string, unknown>)[key] = value
    }
    next.updated_at = nextTimestamp(this.clock(), cols.updated_at)
    const ticket = assembleTicket(next, this.index, current.interact_collections ?? [])
    // Keep whatever else the stored record carried (e.g. fields a test injected).
    const merged = { ...current, ...ticket }
    this.db.transaction(() => this.put(merged))()
    return merged
  }

  delete(id: number): boolean {
    return this.db.transaction(() => {
      const changes = this.stmts.delete.run(id).changes
      this.stmts.deleteText.run(id)
      this.stmts.deleteJson.run(id)
      this.texts.delete(id)
      this.version++
      return changes > 0
    })()
  }

  /** Overwrites fields of the served JSON as-is, bypassing every rule (to test bad responses). */
  patchRaw(id: number, patch: Record<string, unknown>): boolean {
    const current = this.get(id)
    if (!current) return false
    this.stmts.insertJson.run(id, JSON.stringify({ ...current, ...patch }))
    return true
  }
}

/**
 * The outbox as the handlers and the CLI use it: every create, update and delete is committed
 * here first (OutboxStore, synchronous=FULL), then sent (OutboxSender); reads lay what still
 * waits over the cached server copy, so a sync never hides an edit the server does not have yet.
 */
import {
  ticketUpdateSchema,
  type Ticket,
  type TicketCreateInput,
  type TicketUpdateInput,
} from '../../../shared/domain/api-schemas'
import type { BulkOutcome } from '../../../shared/domain/bulk'
import { issuesToFields } from '../../../shared/contract/dispatch'
import { AppError, toErrorData } from '../../../shared/domain/errors'
import type {
  OutboxBase,
  OutboxEntry,
  OutboxState,
  OutboxSummary,
  WriteResult,
} from '../../../shared/domain/outbox'
import type { BuiltinView, TicketFilters, TicketRow } from '../../../shared/domain/queue'
import type { TicketCacheReader } from '../db/cache-interfaces'
import { isCorruption } from '../db/sqlite-errors'
import type { QueryContext } from '../../../shared/domain/views'
import { localRow, localTicket, meetsQuery } from './local-rows'
import type { DrainResult, OutboxSender } from './outbox-sender'
import type { OutboxStore, StoredEntry } from './outbox-store'

/** How a ticket with edits waiting is marked: the most urgent state of its entries. */
export interface PendingMark {
  state: OutboxState
  deleting: boolean
}

const URGENCY: Record<OutboxState, number> = { pending: 0, sending: 1, rejected: 2, conflict: 3 }

/** Nested objects that name what an id points to; stale once the id is overlaid. */
const NESTED: Record<string, string> = {
  handler_id: 'handler',
  sponsor_id: 'sponsor',
  termination_code_id: 'termination_code',
  contact_id: 'contact',
  sub_category_id: 'sub_category',
}

export type ConflictChoice = 'mine' | 'theirs'

function publicEntry(entry: StoredEntry): OutboxEntry {
  const { inDoubt: _inDoubt, floorId: _floorId, sentAt: _sentAt, ...rest } = entry
  return rest
}

export class Outbox {
  private unreadableSaid = false

  constructor(
    readonly store: OutboxStore,
    readonly sender: OutboxSender,
    private readonly cache: TicketCacheReader,
    /** The outbox file turned out damaged while reading it (told once). */
    private readonly onUnreadable?: (error: unknown) => void,
  ) {}

  /**
   * What waits, for laying over the queue: a damaged outbox file never breaks the queue; it
   * reads as nothing waiting, and the agent is told once that waiting edits cannot be shown.
   */
  private waiting(): StoredEntry[] {
    try {
      return this.store.list()
    } catch (error) {
      if (!isCorruption(error)) throw error
      if (!this.unreadableSaid) {
        this.unreadableSaid = true
        this.onUnreadable?.(error)
      }
      return []
    }
  }

  list(): OutboxEntry[] {
    return this.waiting().map((entry) => {
      const id = entry.kind === 'create' ? null : entry.ticketId
      const subject = id === null ? null : (this.cache.getTicket(id)?.ticket.subject ?? null)
      return { ...publicEntry(entry), subject }
    })
  }

  summary(): OutboxSummary {
    const entries = this.waiting()
    const ids = new Set<number>()
    for (const e of entries) if (e.kind !== 'create' && e.ticketId !== null) ids.add(e.ticketId)
    const needsAttention = entries.filter(
      (e) => e.state === 'conflict' || e.state === 'rejected',
    ).length
    return { waiting: entries.length, needsAttention, ticketIds: [...ids] }
  }

  drain(): Promise<DrainResult> {
    return this.sender.drain()
  }

  /**
   * Queues an update and sends it if the server answers. `base` is what the agent started from
   * (the form's starting values); without it, the cached copy with what already waits laid over.
   */
  async update(id: number, changes: TicketUpdateInput, base?: OutboxBase): Promise<WriteResult> {
    const outboxId = this.enqueueUpdate(id, changes, base)
    await this.sender.drain()
    return this.report(outboxId, id)
  }

  /**
   * One set of changes for many tickets (bulk work): one entry per ticket, its edit made by
   * `changesFor` from that ticket's cached copy with what already waits laid over it (the base of
   * its conflict check too), then one drain for all of them. A ticket that cannot be queued (not
   * cached, or a change the rules refuse) gets its error; the others go on.
   */
  async updateMany(
    ids: readonly number[],
    changesFor: (ticket: Ticket) => TicketUpdateInput,
  ): Promise<BulkOutcome[]> {
    const queued = ids.map((ticketId) => {
      const cached = this.cache.getTicket(ticketId)?.ticket
      const seen = cached ? this.overlayTicket(cached).ticket : null
      const subject = seen?.subject ?? null
      try {
        if (!seen)
          throw new AppError({
            code: 'not_found',
            message: `Ticket ${ticketId} is not in the cache: sync (or open it online) first`,
          })
        // E.g. a sentence appended past the field's length: this ticket's error, clearly worded.
        const parsed = ticketUpdateSchema.safeParse(changesFor(seen))
        if (!parsed.success)
          throw new AppError({
            code: 'invalid_input',
            message: `Ticket ${ticketId}: the change does not fit its fields`,
            fields: issuesToFields(parsed.error),
          })
        const changes = parsed.data
        return { ticketId, subject, outboxId: this.enqueueUpdate(ticketId, changes), error: null }
      } catch (error) {
        return { ticketId, subject, outboxId: null, error: toErrorData(error) }
      }
    })
    if (queued.some((q) => q.outboxId !== null)) await this.sender.drain()
    return queued.map(({ ticketId, subject, outboxId, error }) => ({
      ticketId,
      subject,
      result: outboxId === null ? null : this.report(outboxId, ticketId),
      error,
    }))
  }

  /** Commits an update to the outbox (not sent yet); see update() for `base`. */
  private enqueueUpdate(id: number, changes: TicketUpdateInput, base?: OutboxBase): number {
    const fields = Object.keys(changes).filter(
      (k) => (changes as Record<string, unknown>)[k] !== undefined,
    )
    if (fields.length === 0)
      throw new AppError({ code: 'invalid_input', message: 'Nothing to save: no field changed' })
    let resolvedBase = base
    if (!resolvedBase) {
      const cached = this.cache.getTicket(id)?.ticket
      if (!cached)
        throw new AppError({
          code: 'not_found',
          message: `Ticket ${id} is not in the cache: sync (or open it online) first`,
        })
      const seen = this.overlayTicket(cached).ticket as Record<string, unknown>
      const values: OutboxBase['values'] = {}
      for (const f of fields) values[f] = (seen[f] ?? null) as OutboxBase['values'][string]
      resolvedBase = { updatedAt: cached.updated_at ?? null, values }
    }
    return this.store.enqueue({
      kind: 'update',
      ticketId: id,
      changes,
      base: resolvedBase,
    })
  }

  async create(body: TicketCreateInput): Promise<WriteResult> {
    const outboxId = this.store.enqueue({ kind: 'create', ticketId: null, changes: body })
    return this.sendAndReport(outboxId, null)
  }

  async delete(id: number): Promise<WriteResult> {
    const outboxId = this.store.enqueue({ kind: 'delete', ticketId: id, changes: {} })
    return this.sendAndReport(outboxId, id)
  }

  /**
   * The agent's answer to a conflict (per field: keep mine, take theirs) or to a rejection (new
   * values in `changes`). Kept fields are based on the server's value the agent has now seen.
   */
  async resolve(
    id: number,
    answer: { choices?: Record<string, ConflictChoice>; changes?: TicketUpdateInput },
  ): Promise<WriteResult> {
    const entry = this.store.get(id)
    if (!entry) throw new AppError({ code: 'not_found', message: `Outbox entry ${id} is gone` })
    const changes: Record<string, unknown> = { ...entry.changes, ...answer.changes }
    const base: OutboxBase | null = entry.base
      ? { updatedAt: entry.base.updatedAt, values: { ...entry.base.values } }
      : null
    for (const [field, conflict] of Object.entries(entry.conflict ?? {})) {
      const choice = answer.choices?.[field]
      if (!choice)
        throw new AppError({
          code: 'invalid_input',
          message: `Choose "mine" or "theirs" for ${field}: the agent's text is never dropped unasked`,
        })
      if (choice === 'theirs') delete changes[field]
      else if (base) base.values[field] = conflict.theirs
    }
    if (Object.keys(changes).length === 0) {
      this.store.remove(id)
      const ticket =
        entry.ticketId !== null ? (this.cache.getTicket(entry.ticketId)?.ticket ?? null) : null
      return { state: 'applied', outboxId: id, ticket }
    }
    this.store.replace(id, changes as TicketUpdateInput, base)
    return this.sendAndReport(id, entry.ticketId)
  }

  discard(id: number): boolean {
    return this.store.remove(id)
  }

  discardAll(): number {
    return this.store.removeAll()
  }

  private async sendAndReport(outboxId: number, ticketId: number | null): Promise<WriteResult> {
    await this.sender.drain()
    return this.report(outboxId, ticketId)
  }

  /** What became of entry `outboxId` after a drain: gone (applied), waiting, or the agent's. */
  private report(outboxId: number, ticketId: number | null): WriteResult {
    const entry = this.store.get(outboxId)
    if (!entry) {
      const id = ticketId ?? this.store.createdTicketFor(outboxId)
      const ticket = id !== null ? (this.cache.getTicket(id)?.ticket ?? null) : null
      return { state: 'applied', outboxId, ticket }
    }
    if (entry.state === 'conflict' || entry.state === 'rejected')
      return { state: entry.state, outboxId, entry: publicEntry(entry) }
    return { state: 'queued', outboxId }
  }

  private entriesFor(ticketId: number): StoredEntry[] {
    return this.waiting().filter((e) => e.ticketId === ticketId && e.kind !== 'create')
  }

  /** The cached copy with every edit still waiting laid over it, and how it is marked. */
  overlayTicket(ticket: Ticket): { ticket: Ticket; pending: PendingMark | null } {
    const entries = this.entriesFor(ticket.id)
    if (entries.length === 0) return { ticket, pending: null }
    const out = { ...ticket } as Record<string, unknown>
    let mark: PendingMark = { state: 'pending', deleting: false }
    for (const entry of entries) {
      if (URGENCY[entry.state] > URGENCY[mark.state]) mark = { ...mark, state: entry.state }
      if (entry.kind === 'delete') mark = { ...mark, deleting: true }
      for (const [field, value] of Object.entries(entry.changes)) {
        if (value === undefined) continue
        out[field] = value
        const nested = NESTED[field]
        const current = nested ? (out[nested] as { id?: unknown } | null | undefined) : undefined
        if (nested && current && current.id !== value) out[nested] = null
      }
    }
    return { ticket: out as Ticket, pending: mark }
  }

  /** Queue rows with what waits laid over the columns a row shows. */
  overlayRows(rows: TicketRow[]): TicketRow[] {
    const byTicket = new Map<number, StoredEntry[]>()
    for (const e of this.waiting()) {
      if (e.kind === 'create' || e.ticketId === null) continue
      const list = byTicket.get(e.ticketId) ?? []
      list.push(e)
      byTicket.set(e.ticketId, list)
    }
    if (byTicket.size === 0) return rows
    return rows.map((row) => {
      const entries = byTicket.get(row.id)
      if (!entries) return row
      const out: TicketRow = { ...row }
      let state: OutboxState = 'pending'
      for (const e of entries) {
        if (URGENCY[e.state] > URGENCY[state]) state = e.state
        if (e.kind === 'delete') out.deleting = true
        const c = e.changes
        if (c.subject !== undefined) out.subject = c.subject
        if (c.status !== undefined) out.status = c.status
        if (c.priority !== undefined) out.priority = c.priority
        if (c.due_at !== undefined) out.dueAt = c.due_at
        if (c.handler_id !== undefined && c.handler_id !== row.handlerId) {
          out.handlerId = c.handler_id
          out.handlerName = null
        }
      }
      out.pending = state
      return out
    })
  }

  /** Waiting creates, newest first, each as the ticket the server would make (id `-outboxId`). */
  private localTickets(): { ticket: Ticket; entry: StoredEntry }[] {
    return this.waiting()
      .filter((e) => e.kind === 'create')
      .reverse()
      .map((entry) => ({ ticket: localTicket(entry, this.cache), entry }))
  }

  /** Rows of the waiting creates that meet the view, the filters and the search (queue's head). */
  localRows(view: BuiltinView, filters: TicketFilters, ctx: QueryContext): TicketRow[] {
    return this.localTickets()
      .filter(({ ticket }) => meetsQuery(ticket, view, filters, ctx))
      .map(({ ticket, entry }) => localRow(ticket, entry))
  }

  /** How many waiting creates each view would list, for the side bar's counts. */
  localCounts(filters: TicketFilters, ctx: QueryContext, views: readonly BuiltinView[]) {
    const local = this.localTickets()
    return Object.fromEntries(
      views.map((v) => [
        v,
        local.filter(({ ticket }) => meetsQuery(ticket, v, filters, ctx)).length,
      ]),
    ) as Record<BuiltinView, number>
  }

  /** The waiting create `outboxId` as a ticket with its mark, or null once it has left. */
  localTicket(outboxId: number): { ticket: Ticket; pending: PendingMark } | null {
    const entry = this.waiting().find((e) => e.id === outboxId)
    if (!entry || entry.kind !== 'create') return null
    return {
      ticket: localTicket(entry, this.cache),
      pending: { state: entry.state, deleting: false },
    }
  }
}

/**
 * Alerts: a ticket newly assigned to me, or one of mine becoming due within 30 minutes or overdue.
 * The sync shows every ticket it fetched to `observe` before writing it, so the cached copy is
 * the "before" and the server's the "after". Each event has a key (kind, ticket, and the value
 * that made it: handler and updated_at, or due_at); a key raised once is remembered in the cache's
 * state, so neither a second sync nor a reload raises it again. My own writes never alert: the
 * ticket handlers note them, and the events they would raise are recorded as already seen.
 */
import type { Alert } from '../../../shared/contract/contract'
import type { Ticket } from '../../../shared/domain/api-schemas'
import { isOpen } from '../../../shared/domain/codes'
import { secondsBetween } from '../../../shared/domain/server-time'

/** Due within this many seconds (and not yet overdue) is "due soon". */
export const DUE_SOON_SEC = 30 * 60
/** A ticket I wrote this recently is mine to know about: no alert for what the sync sees of it. */
const OWN_WRITE_MS = 5 * 60_000
const KEPT_KEYS = 2_000
const KEPT_ACTIVE = 200
const STATE_KEY = 'alerts'

interface AlertState {
  /** Keys already raised (or deliberately not raised), newest last. */
  keys: string[]
  /** Raised and not yet opened: the queue highlights them, the title and side bar count them. */
  active: Alert[]
  /** Whose alerts these are: another "who am I" starts a new book. */
  me: number | null
  /** Server time when this identity was chosen: what was already true then is not news. */
  since: string | null
}

export interface AlertPorts {
  getState(): unknown
  setState(value: unknown): void
  meId(): number | null
  /** The server's wall-clock now, `YYYY-MM-DD HH:MM:SS`. */
  serverNow(): string
  /** The app's now (ISO instant), for `raisedAt`. */
  now(): Date
  /** False until the cache has completed a first full sync: what it then learns is not news. */
  hasBaseline(): boolean
  emit(alerts: Alert[]): void
}

export class AlertBook {
  private readonly ownWrites = new Map<number, number>()

  constructor(private readonly ports: AlertPorts) {}

  /** The alerts not opened yet, newest first. */
  active(): Alert[] {
    return [...this.load().active].reverse()
  }

  /**
   * "Who am I" changed: the old identity's alerts are dropped, and what is already true for the
   * new one (assigned before now, overdue or due soon now) is never raised, only what happens
   * from now on. Also done lazily by every read, so no caller can forget it.
   */
  adoptIdentity(): void {
    this.load()
  }

  /** The agent opened the ticket: its alerts stop counting. */
  seen(ticketId: number): Alert[] {
    const state = this.load()
    const before = state.active.length
    state.active = state.active.filter((a) => a.ticketId !== ticketId)
    if (state.active.length !== before) this.save(state)
    return [...state.active].reverse()
  }

  /** The agent is about to write this ticket (save, create): what follows is their own doing. */
  noteOwnWrite(ticketId: number): void {
    this.ownWrites.set(ticketId, this.ports.now().getTime())
  }

  /** After my own save: whatever the saved version would alert on is known already. */
  acknowledge(ticket: Ticket): void {
    this.noteOwnWrite(ticket.id)
    const keys = this.keysOf(ticket, null)
    if (keys.length === 0) return
    const state = this.load()
    for (const k of keys) if (!state.keys.includes(k.key)) state.keys.push(k.key)
    this.trim(state)
    this.save(state)
  }

  /** Tickets the sync fetched, before they are written; `cachedOf` gives the copy being replaced. */
  observe(tickets: Ticket[], cachedOf: (id: number) => Ticket | null | undefined): void {
    const me = this.ports.meId()
    if (me === null || tickets.length === 0) return
    const raised: Alert[] = []
    const baseline = this.ports.hasBaseline()
    const state = this.load()
    const known = new Set(state.keys)
    let changed = false
    const nowMs = this.ports.now().getTime()
    for (const ticket of tickets) {
      if (ticket.handler_id !== me || !isOpen(ticket.status)) continue
      const candidates = this.keysOf(ticket, cachedOf(ticket.id) ?? null)
      if (candidates.length === 0) continue
      const own = nowMs - (this.ownWrites.get(ticket.id) ?? -Infinity) < OWN_WRITE_MS
      const before = state.since !== null && unchangedSince(ticket, state.since)
      // One alert per ticket at a time: "assigned to you" already carries its due time.
      let told = false
      for (const c of candidates) {
        if (known.has(c.key)) continue
        known.add(c.key)
        state.keys.push(c.key)
        changed = true
        // Learned on the very first sync, caused by my own write, or already true when this
        // identity was chosen: recorded, not raised.
        if (!baseline || own || told) continue
        if (before && wasTrueAt(c.kind, ticket, state.since!)) continue
        told = true
        raised.push({
          key: c.key,
          kind: c.kind,
          ticketId: ticket.id,
          subject: ticket.subject ?? null,
          priority: ticket.priority ?? null,
          dueAt: ticket.due_at ?? null,
          raisedAt: this.ports.now().toISOString(),
        })
      }
    }
    if (!changed) return
    state.active.push(...raised)
    this.trim(state)
    this.save(state)
    if (raised.length > 0) this.ports.emit(raised)
  }

  /** Forgets everything (sign-out, another server). */
  reset(): void {
    this.ownWrites.clear()
    this.save({ keys: [], active: [], me: this.ports.meId(), since: this.ports.serverNow() })
  }

  private keysOf(
    ticket: Ticket,
    before: Ticket | null,
  ): Array<{ key: string; kind: Alert['kind'] }> {
    const me = this.ports.meId()
    const out: Array<{ key: string; kind: Alert['kind'] }> = []
    if (ticket.handler_id !== me || !isOpen(ticket.status)) return out
    // Newly assigned: not mine (or not open, or not known) before, mine and open now.
    const wasMine = before !== null && before.handler_id === me && isOpen(before.status)
    if (!wasMine) {
      out.push({
        key: `assigned:${ticket.id}:${ticket.updated_at ?? ''}`,
        kind: 'assigned',
      })
    }
    const due = ticket.due_at ? normalize(ticket.due_at) : null
    if (due) {
      const left = secondsBetween(this.ports.serverNow(), due)
      if (left < 0) out.push({ key: `overdue:${ticket.id}:${due}`, kind: 'overdue' })
      else if (left <= DUE_SOON_SEC)
        out.push({ key: `due_soon:${ticket.id}:${due}`, kind: 'due_soon' })
    }
    return out
  }

  /**
   * Read each time (one small row): the cache may have been cleared or rebuilt meanwhile, or
   * "who am I" changed (then a new book starts, saved at once so its `since` is the moment of
   * the change).
   */
  private load(): AlertState {
    const raw = this.ports.getState() as Partial<AlertState> | undefined
    const me = this.ports.meId()
    if (raw?.me !== me) {
      const fresh: AlertState = { keys: [], active: [], me, since: this.ports.serverNow() }
      this.save(fresh)
      return fresh
    }
    return {
      keys: Array.isArray(raw?.keys) ? raw.keys.filter((k) => typeof k === 'string') : [],
      active: Array.isArray(raw?.active) ? raw.active : [],
      me,
      since: typeof raw?.since === 'string' ? raw.since : null,
    }
  }

  private trim(state: AlertState): void {
    if (state.keys.length > KEPT_KEYS) state.keys.splice(0, state.keys.length - KEPT_KEYS)
    if (state.active.length > KEPT_ACTIVE) state.active.splice(0, state.active.length - KEPT_ACTIVE)
  }

  private save(state: AlertState): void {
    this.ports.setState(state)
  }
}

/** The ticket last changed before `since` (the same second counts as after): it was so then. */
function unchangedSince(ticket: Ticket, since: string): boolean {
  return ticket.updated_at != null && secondsBetween(normalize(ticket.updated_at), since) > 0
}

/** Was this alert's condition already true at `since` (for a ticket unchanged since then)? */
function wasTrueAt(kind: Alert['kind'], ticket: Ticket, since: string): boolean {
  if (kind === 'assigned') return true
  if (!ticket.due_at) return true
  const left = secondsBetween(since, normalize(ticket.due_at))
  return kind === 'overdue' ? left < 0 : left <= DUE_SOON_SEC
}

function normalize(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value} 00:00:00` : value
}

export { STATE_KEY as ALERT_STATE_KEY }

/**
 * Short-lived, single-use tickets: what an authenticated POST hands out so that a request which
 * cannot carry the secret header (EventSource, a download link, a WebSocket) can still be
 * authorized, without the secret ever appearing in a URL.
 */
import { randomBytes } from 'node:crypto'

export interface TicketBook<T> {
  /** A new ticket for `value`, valid once until `ttlMs` from now. */
  issue(value: T): string
  /** The ticket's value, taken out of the book; null when unknown, used or expired. */
  redeem(ticket: string | null | undefined): T | null
}

export function createTicketBook<T>(ttlMs: number): TicketBook<T> {
  const book = new Map<string, { expires: number; value: T }>()
  return {
    issue(value) {
      const ticket = randomBytes(18).toString('base64url')
      book.set(ticket, { expires: Date.now() + ttlMs, value })
      return ticket
    },
    redeem(ticket) {
      const now = Date.now()
      for (const [key, entry] of book) if (entry.expires < now) book.delete(key)
      if (!ticket) return null
      const entry = book.get(ticket)
      book.delete(ticket)
      return entry ? entry.value : null
    },
  }
}

/**
 * Every ticket read and write the screens make, and the one subscription to `tickets:changed`:
 * the queue, the side bar's counts and an open ticket each listen here, never to the client.
 */
import { defineStore } from 'pinia'
import type { EventPayload, InputOf, OutputOf } from '../../../shared/contract/contract'
import type { TicketFilters, TicketRow } from '../../../shared/domain/queue'
import { useClient } from '../composables/use-client'
import { earlyAnswer } from '../utils/early-answer'

export type TicketsChange = EventPayload<'tickets:changed'>

/** How many of a contact's other tickets the detail lists. */
export const CONTACT_TICKETS_SHOWN = 10

export const useTicketsStore = defineStore('tickets', () => {
  const api = useClient()
  const listeners = new Set<(change: TicketsChange) => void>()
  let unsubscribe: (() => void) | null = null
  /** See `prefetch`. */
  const early = earlyAnswer<OutputOf<'tickets:get'>>()
  /** See `held`. */
  let last: { id: number; answer: OutputOf<'tickets:get'> } | null = null

  /** Calls `listener` on every change to the cached tickets until the returned function is called. */
  function onChanged(listener: (change: TicketsChange) => void): () => void {
    unsubscribe ??= api.on('tickets:changed', (change) => {
      early.drop()
      last = null
      for (const l of [...listeners]) l(change)
    })
    listeners.add(listener)
    return () => listeners.delete(listener)
  }

  function query(input: InputOf<'tickets:query'>): Promise<OutputOf<'tickets:query'>> {
    return api.call('tickets:query', input)
  }

  /** Counts of every built-in view, narrowed by `filters` (a saved view's) when given. */
  function counts(filters: TicketFilters = {}): Promise<OutputOf<'tickets:counts'>> {
    return api.call('tickets:counts', { filters })
  }

  /**
   * A read asked when the route to a ticket starts, so it travels while the screen's code and
   * setup run; the screen's first `get` of that ticket takes it. Dropped when the cache changes
   * or when nothing took it within EARLY_READ_MS (a navigation that never arrived).
   */
  function prefetch(id: number): void {
    if (!Number.isInteger(id) || id === 0 || held(id)) return
    early.put(String(id), api.call('tickets:get', { id }))
  }

  /** One ticket from the cache, with when it was last synced; throws `not_found` when gone. */
  async function get(id: number): Promise<OutputOf<'tickets:get'>> {
    const answer = await (early.take(String(id)) ?? api.call('tickets:get', { id }))
    // Kept only while the cache's changes are heard (they forget it).
    last = unsubscribe ? { id, answer } : null
    return answer
  }

  /**
   * The last ticket read, when it is `id` and nothing changed in the cache since (no change
   * heard, nothing written from here): the edit form opened from the detail starts from it in
   * its first frame, without a second read.
   */
  function held(id: number): OutputOf<'tickets:get'> | null {
    return last?.id === id ? last.answer : null
  }

  /** Re-reads the ticket on screen from the server (and its contact's tickets); never throws. */
  async function refresh(id: number): Promise<void> {
    try {
      await api.call('tickets:refresh', { id })
    } catch {
      // Offline or failing: the cached copy stays on screen.
    }
  }

  function create(input: InputOf<'tickets:create'>): Promise<OutputOf<'tickets:create'>> {
    last = null
    return api.call('tickets:create', input)
  }

  function update(input: InputOf<'tickets:update'>): Promise<OutputOf<'tickets:update'>> {
    last = null
    return api.call('tickets:update', input)
  }

  /** Queued in the outbox first: applied, or waiting (offline), or needing the agent. */
  function remove(id: number): Promise<OutputOf<'tickets:delete'>> {
    last = null
    return api.call('tickets:delete', { id })
  }

  /**
   * The contact's other tickets, newest first (at most CONTACT_TICKETS_SHOWN), and how many other
   * tickets the contact has in all.
   */
  async function ofContact(
    contactId: number,
    exceptId: number | null,
  ): Promise<{ rows: TicketRow[]; total: number }> {
    const page = await query({
      view: 'all',
      filters: { contactId },
      sort: { column: 'updated_at', direction: 'desc' },
      offset: 0,
      limit: CONTACT_TICKETS_SHOWN + 1,
    })
    const includesSelf = page.rows.some((r) => r.id === exceptId)
    return {
      rows: page.rows.filter((r) => r.id !== exceptId).slice(0, CONTACT_TICKETS_SHOWN),
      total: Math.max(0, page.total - (includesSelf ? 1 : 0)),
    }
  }

  return {
    onChanged,
    query,
    counts,
    prefetch,
    get,
    held,
    refresh,
    create,
    update,
    remove,
    ofContact,
  }
})

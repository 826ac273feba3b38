/**
 * The queue's bulk actions: one change for the picked tickets, sent through the core's
 * `tickets:bulkUpdate` (each ticket its own outbox entry), and the per-ticket results, kept up
 * to date from the outbox store as waiting edits are sent or need the agent. Applied tickets
 * leave the queue's selection; the others stay picked.
 */
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { BulkChange, BulkOutcome } from '../../../shared/domain/bulk'
import type { AppErrorData } from '../../../shared/domain/errors'
import type { OutboxEntry } from '../../../shared/domain/outbox'
import { useClient } from '../composables/use-client'
import { useOutboxStore } from './outbox'
import { useQueueStore } from './queue'

/** A ticket's outcome as the results list shows it. */
export type BulkItemState =
  'applied' | 'waiting' | 'attention' | 'rejected' | 'withdrawn' | 'failed'

export interface BulkItem {
  ticketId: number
  subject: string | null
  /** The ticket's outbox entry while it is there (waiting, or the agent's to resolve). */
  outboxId: number | null
  state: BulkItemState
  /** Why it was refused or could not be queued. */
  error: AppErrorData | null
}

function itemOf(outcome: BulkOutcome, subject: string | null): BulkItem {
  const base = {
    ticketId: outcome.ticketId,
    subject: outcome.subject ?? subject,
    outboxId: outcome.result?.outboxId ?? null,
  }
  const result = outcome.result
  if (!result) return { ...base, outboxId: null, state: 'failed', error: outcome.error }
  switch (result.state) {
    case 'applied':
      return { ...base, outboxId: null, state: 'applied', error: null }
    case 'queued':
      return { ...base, state: 'waiting', error: null }
    case 'conflict':
      return { ...base, state: 'attention', error: null }
    case 'rejected':
      return { ...base, state: 'rejected', error: result.entry.lastError }
  }
}

/**
 * The item as its outbox entry now stands: gone from the outbox (and its ticket no longer
 * counted as waiting, which guards against an answer older than the entry) means the server
 * has it, unless the agent took it back (discarded it, or kept the other change).
 */
function followEntry(
  item: BulkItem,
  entries: Map<number, OutboxEntry>,
  waitingTickets: ReadonlySet<number>,
  withdrawn: ReadonlySet<number>,
): BulkItem {
  if (item.outboxId === null) return item
  const entry = entries.get(item.outboxId)
  if (!entry) {
    if (withdrawn.has(item.outboxId))
      return { ...item, outboxId: null, state: 'withdrawn', error: null }
    if (waitingTickets.has(item.ticketId)) return item
    return { ...item, outboxId: null, state: 'applied', error: null }
  }
  const state: BulkItemState =
    entry.state === 'conflict' ? 'attention' : entry.state === 'rejected' ? 'rejected' : 'waiting'
  const error = state === 'rejected' ? entry.lastError : null
  if (state === item.state && error === item.error) return item
  return { ...item, state, error }
}

export const useBulkStore = defineStore('bulk', () => {
  const api = useClient()
  const outbox = useOutboxStore()
  const queue = useQueueStore()

  const items = ref<BulkItem[]>([])
  /** The change the results are of. */
  const change = ref<BulkChange | null>(null)
  const running = ref(false)
  /** The results panel is open. */
  const showResults = ref(false)

  /** Sends `changes` for `tickets` and opens the results. Resolves once every ticket has an outcome. */
  async function run(
    tickets: readonly { id: number; subject: string | null }[],
    changes: BulkChange,
  ): Promise<void> {
    running.value = true
    try {
      const outcomes = await api.call('tickets:bulkUpdate', {
        ids: tickets.map((t) => t.id),
        changes,
      })
      const subjects = new Map(tickets.map((t) => [t.id, t.subject]))
      change.value = changes
      items.value = outcomes.map((o) => itemOf(o, subjects.get(o.ticketId) ?? null))
      showResults.value = true
      // Entries may have moved on while the answer travelled: read the outbox as it is now
      // (and only then: an older list would miss the new entries and call them applied).
      const fresh = await outbox.refresh().then(
        () => true,
        () => false,
      )
      if (fresh) follow()
      // Applied tickets leave the selection; those still waiting or needing the agent stay.
      queue.keepPicked(items.value.filter((i) => i.state !== 'applied').map((i) => i.ticketId))
    } finally {
      running.value = false
    }
  }

  function follow(): void {
    if (items.value.length === 0) return
    const entries = new Map(outbox.entries.map((e) => [e.id, e]))
    const before = items.value
    const next = before.map((i) => followEntry(i, entries, outbox.pendingIds, outbox.withdrawnIds))
    if (next.every((n, k) => n === before[k])) return
    items.value = next
    // A waiting edit the server now has: that ticket leaves the selection too.
    queue.unpick(
      next
        .filter((n, k) => n.state === 'applied' && before[k]!.state !== 'applied')
        .map((n) => n.ticketId),
    )
  }

  // Live: the outbox store re-reads its entries on every `outbox:changed`.
  watch(
    () => outbox.entries,
    () => {
      if (!running.value) follow()
    },
  )

  function counts(): Record<BulkItemState, number> {
    const out: Record<BulkItemState, number> = {
      applied: 0,
      waiting: 0,
      attention: 0,
      rejected: 0,
      withdrawn: 0,
      failed: 0,
    }
    for (const i of items.value) out[i.state]++
    return out
  }

  /** Forgets the results (sign-out). */
  function reset(): void {
    items.value = []
    change.value = null
    showResults.value = false
  }

  return { items, change, running, showResults, run, counts, reset }
})

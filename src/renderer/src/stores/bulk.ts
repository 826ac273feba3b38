/**
 * The queue's bulk actions: which tickets are picked (by hand or "every one that matches"), one
 * change for the picked tickets, sent through the core's `tickets:bulkUpdate` (each ticket its own outbox entry), and the per-ticket results, kept up
 * to date from the outbox store as waiting edits are sent or need the agent. Applied tickets
 * leave the queue's selection; the others stay picked.
 */
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { BulkChange, BulkOutcome } from '../../../shared/domain/bulk'
import { BULK_LIMIT } from '../../../shared/domain/bulk-rules'
import type { AppErrorData } from '../../../shared/domain/errors'
import type { OutboxEntry } from '../../../shared/domain/outbox'
import type { TicketRow } from '../../../shared/domain/queue'
import { useClient } from '../composables/use-client'
import { useOutboxStore } from './outbox'
import { useQueueStore } from './queue'
import { useTicketsStore } from './tickets'

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
  const ticketStore = useTicketsStore()

  /**
   * Tickets picked for a bulk action: by id, or every ticket that matches (less the ones taken
   * out again). A new question clears it.
   */
  const picked = ref(new Set<number>())
  const pickedAll = ref(false)
  const unpicked = ref(new Set<number>())
  /** The row a Shift-click range starts from. */
  const pickAnchor = ref<number | null>(null)
  // A new question's rows are not the ones picked.
  watch(() => queue.asked, clearPicks, { flush: 'sync' })

  const pickedCount = computed(() =>
    pickedAll.value ? Math.max(0, (queue.total ?? 0) - unpicked.value.size) : picked.value.size,
  )

  function isPicked(id: number): boolean {
    return pickedAll.value ? !unpicked.value.has(id) : picked.value.has(id)
  }

  function setPicked(id: number, on: boolean): void {
    const set = pickedAll.value ? unpicked.value : picked.value
    const add = pickedAll.value ? !on : on
    if (add) set.add(id)
    else set.delete(id)
    if (pickedAll.value) unpicked.value = new Set(set)
    else picked.value = new Set(set)
  }

  /** Click with Ctrl/Cmd, or `x`: the row in or out of the selection. */
  function togglePick(index: number): void {
    const row = queue.rowAt(index)
    if (!row) return
    setPicked(row.id, !isPicked(row.id))
    pickAnchor.value = index
  }

  /** Shift-click: every loaded row from the anchor to `index` joins the selection. */
  function pickRange(index: number): void {
    const from = pickAnchor.value ?? queue.selectedIndex
    const [a, b] = from <= index ? [from, index] : [index, from]
    for (let i = a; i <= b; i++) {
      const row = queue.rowAt(i)
      if (row) setPicked(row.id, true)
    }
    pickAnchor.value = index
  }

  /** Every ticket that matches the current question. */
  function pickAll(): void {
    pickedAll.value = true
    unpicked.value = new Set()
    picked.value = new Set()
  }

  function clearPicks(): void {
    pickedAll.value = false
    picked.value = new Set()
    unpicked.value = new Set()
    pickAnchor.value = null
  }

  /**
   * More tickets picked than one bulk action takes (BULK_LIMIT). "Select all" counts every
   * ticket that matches, so the agent narrows the question rather than having it cut silently.
   */
  const pickedTooMany = computed(() =>
    pickedAll.value ? (queue.total ?? 0) > BULK_LIMIT : picked.value.size > BULK_LIMIT,
  )

  /**
   * The picked tickets a bulk action changes, in queue order, with their subjects: the ids
   * picked by hand, or every ticket of the current question (read from the cache, as the grid
   * reads it) less the ones taken out. New tickets not sent yet are left out and counted
   * (`notSent`): their edits belong in the form until the server has them.
   */
  async function pickedTargets(): Promise<{
    tickets: { id: number; subject: string | null }[]
    notSent: number
  }> {
    let rows: Pick<TicketRow, 'id' | 'subject' | 'outboxId'>[]
    if (pickedAll.value) {
      const page = await ticketStore.query({
        view: queue.view,
        filters: queue.activeFilters,
        sort: queue.sort,
        offset: 0,
        limit: BULK_LIMIT,
      })
      rows = page.rows.filter((r) => !unpicked.value.has(r.id))
    } else {
      rows = [...picked.value]
        .map((id) => ({ id, at: queue.indexOfId(id, 0) }))
        .sort((a, b) => (a.at < 0 ? Infinity : a.at) - (b.at < 0 ? Infinity : b.at))
        // A picked row whose page was dropped since: its subject comes back with the outcome.
        .map(({ id, at }) => (at >= 0 ? queue.rowAt(at)! : { id, subject: null }))
    }
    const sent = rows.filter((r) => r.id > 0 && !r.outboxId)
    return {
      tickets: sent.map((r) => ({ id: r.id, subject: r.subject ?? null })),
      notSent: rows.length - sent.length,
    }
  }

  /** After a bulk action: exactly these tickets stay picked (the ones not applied). */
  function keepPicked(ids: readonly number[]): void {
    pickedAll.value = false
    unpicked.value = new Set()
    picked.value = new Set(ids)
  }

  /** These tickets leave the selection (a bulk edit of theirs was applied). */
  function unpick(ids: readonly number[]): void {
    for (const id of ids) if (isPicked(id)) setPicked(id, false)
  }

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
      keepPicked(items.value.filter((i) => i.state !== 'applied').map((i) => i.ticketId))
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
    unpick(
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

  return {
    picked,
    pickedAll,
    pickedCount,
    isPicked,
    togglePick,
    pickRange,
    pickAll,
    clearPicks,
    pickedTooMany,
    pickedTargets,
    items,
    change,
    running,
    showResults,
    run,
    counts,
    reset,
  }
})

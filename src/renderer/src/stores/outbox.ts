/**
 * What waits in the outbox (the status bar's count, the queue's pending marks, the "needs
 * attention" screen), the agent's answers to conflicts and rejections, and form drafts. The one
 * subscription to `outbox:changed`.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { DraftListed, InputOf, OutputOf } from '../../../shared/contract/contract'
import type { Draft, OutboxEntry, OutboxSummary } from '../../../shared/domain/outbox'
import { useClient } from '../composables/use-client'

export const useOutboxStore = defineStore('outbox', () => {
  const api = useClient()
  const summary = ref<OutboxSummary>({ waiting: 0, needsAttention: 0, ticketIds: [] })
  const entries = ref<OutboxEntry[]>([])
  let unsubscribe: (() => void) | null = null

  const pendingIds = computed(() => new Set(summary.value.ticketIds))
  /**
   * Entries the agent took back in this session (discarded, or "theirs" kept for every field):
   * gone from the outbox without their change reaching the server, so not "applied".
   */
  const withdrawnIds = ref<ReadonlySet<number>>(new Set())
  const withdraw = (id: number): void =>
    void (withdrawnIds.value = new Set(withdrawnIds.value).add(id))

  async function refresh(): Promise<void> {
    entries.value = await api.call('outbox:list')
  }

  async function start(): Promise<void> {
    unsubscribe ??= api.on('outbox:changed', (s) => {
      summary.value = s
      void refresh().catch(() => undefined)
    })
    try {
      summary.value = await api.call('outbox:summary')
      await refresh()
    } catch {
      // The event brings it when the host answers again.
    }
  }

  function stop(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  async function sendNow(): Promise<OutputOf<'outbox:send'>> {
    const result = await api.call('outbox:send')
    summary.value = await api.call('outbox:summary')
    await refresh()
    return result
  }

  async function resolve(input: InputOf<'outbox:resolve'>): Promise<OutputOf<'outbox:resolve'>> {
    const result = await api.call('outbox:resolve', input)
    const choices = Object.values(input.choices ?? {})
    if (!input.changes && choices.length > 0 && choices.every((c) => c === 'theirs'))
      withdraw(input.id)
    await refresh()
    return result
  }

  async function discard(id: number): Promise<void> {
    await api.call('outbox:discard', { id })
    withdraw(id)
    summary.value = await api.call('outbox:summary')
    await refresh()
  }

  function getDraft(key: string): Promise<Draft | null> {
    return api.call('drafts:get', { key })
  }

  async function saveDraft(draft: Omit<Draft, 'updatedAt'>): Promise<void> {
    await api.call('drafts:save', draft)
  }

  /** The drafts kept on this computer, as the waiting-edits screen lists them (read on demand). */
  const drafts = ref<DraftListed[]>([])
  async function refreshDrafts(): Promise<DraftListed[]> {
    drafts.value = await api.call('drafts:list')
    return drafts.value
  }

  async function clearDraft(key: string): Promise<void> {
    await api.call('drafts:clear', { key })
    if (drafts.value.some((d) => d.draft.key === key))
      drafts.value = drafts.value.filter((d) => d.draft.key !== key)
  }

  return {
    summary,
    entries,
    pendingIds,
    withdrawnIds,
    start,
    stop,
    refresh,
    sendNow,
    resolve,
    discard,
    getDraft,
    saveDraft,
    drafts,
    refreshDrafts,
    clearDraft,
  }
})

/**
 * The side bar's data: live counts of the built-in views and of the saved views (counted again
 * when the cached tickets change and after each sync; a saved view's relative date range is
 * worked out anew each time) and the agent's saved views.
 */
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { RelativeRange, SavedView, ViewCounts } from '../../../shared/domain/queue'
import { useClient } from '../composables/use-client'
import { savedViewFilters, useQueueStore } from './queue'
import { useSettingsStore } from './settings'
import { useSyncStore } from './sync'
import { useTicketsStore } from './tickets'

export const useViewsStore = defineStore('views', () => {
  const api = useClient()
  const tickets = useTicketsStore()
  const sync = useSyncStore()
  const settings = useSettingsStore()
  const queue = useQueueStore()
  const counts = ref<Partial<ViewCounts>>({})
  const saved = ref<SavedView[]>([])
  /** Saved view id to its count. */
  const savedCounts = ref<Record<string, number>>({})
  let timer: ReturnType<typeof setTimeout> | null = null
  let running = false
  /** A change arrived while counting: the counts in hand may be older than it. */
  let again = false

  async function loadCounts(): Promise<void> {
    if (running) {
      again = true
      return
    }
    running = true
    try {
      do {
        again = false
        try {
          counts.value = await tickets.counts()
          await loadSavedCounts()
        } catch {
          // Keep the last counts; the status bar already says why.
        }
      } while (again)
    } finally {
      running = false
    }
  }

  /** Counts again soon; bursts of change events (a sync writes page after page) count once. */
  function refreshCounts(delayMs = 400): void {
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      void loadCounts()
    }, delayMs)
  }

  tickets.onChanged(() => refreshCounts())
  watch(
    () => sync.status.lastSyncAt,
    (now, before) => {
      if (now && now !== before && settings.isReady) refreshCounts(0)
    },
  )

  async function loadSavedCounts(): Promise<void> {
    const next: Record<string, number> = {}
    for (const s of saved.value) {
      try {
        next[s.id] = (await tickets.counts(savedViewFilters(s, settings.serverTimeZone)))[s.view]
      } catch {
        // Left blank; the next change counts again.
      }
    }
    savedCounts.value = next
  }

  async function loadSaved(): Promise<void> {
    try {
      saved.value = await api.call('views:list')
    } catch {
      saved.value = []
    }
    await loadSavedCounts()
  }

  async function save(view: SavedView): Promise<void> {
    saved.value = await api.call('views:save', view)
    void loadSavedCounts()
  }

  /**
   * Saves what the queue shows now as a view named `name`, and returns its id. A relative range
   * replaces the fixed dates of the same field (it is worked out anew each time the view is used).
   */
  async function saveQueueAs(name: string, relative: RelativeRange | null): Promise<string> {
    const filters = { ...queue.activeFilters }
    if (relative?.startsWith('due')) {
      delete filters.dueFrom
      delete filters.dueTo
    } else if (relative?.startsWith('created')) {
      delete filters.createdFrom
      delete filters.createdTo
    }
    const id =
      typeof crypto !== 'undefined' && 'randomUUID' in crypto
        ? crypto.randomUUID()
        : `v${Date.now().toString(36)}`
    await save({
      id,
      name: name.trim(),
      view: queue.view,
      filters,
      sort: queue.sort,
      ...(relative ? { relative } : {}),
    })
    return id
  }

  /** Gives a saved view a new name; it keeps its place, filters and order. */
  async function rename(id: string, name: string): Promise<void> {
    const view = saved.value.find((v) => v.id === id)
    if (!view) return
    await save({ ...view, name: name.trim() })
  }

  async function remove(id: string): Promise<void> {
    saved.value = await api.call('views:delete', { id })
  }

  /** Forgets the session's counts and saved views (sign-out). */
  function reset(): void {
    if (timer) clearTimeout(timer)
    timer = null
    counts.value = {}
    saved.value = []
    savedCounts.value = {}
  }

  return {
    counts,
    saved,
    savedCounts,
    loadCounts,
    refreshCounts,
    loadSaved,
    save,
    saveQueueAs,
    rename,
    remove,
    reset,
  }
})

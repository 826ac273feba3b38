/** The side bar's data: live counts of the built-in views and the agent's saved views. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { SavedView, ViewCounts } from '../../../shared/domain/queue'
import { useClient } from '../composables/use-client'

export const useViewsStore = defineStore('views', () => {
  const api = useClient()
  const counts = ref<Partial<ViewCounts>>({})
  const saved = ref<SavedView[]>([])
  let timer: ReturnType<typeof setTimeout> | null = null
  let running = false

  async function loadCounts(): Promise<void> {
    if (running) return
    running = true
    try {
      counts.value = await api.call('tickets:counts', { filters: {} })
    } catch {
      // Keep the last counts; the status bar already says why.
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

  async function loadSaved(): Promise<void> {
    try {
      saved.value = await api.call('views:list')
    } catch {
      saved.value = []
    }
  }

  async function save(view: SavedView): Promise<void> {
    saved.value = await api.call('views:save', view)
  }

  async function remove(id: string): Promise<void> {
    saved.value = await api.call('views:delete', { id })
  }

  return { counts, saved, loadCounts, refreshCounts, loadSaved, save, remove }
})

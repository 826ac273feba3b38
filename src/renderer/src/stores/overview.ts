/**
 * The team overview (總覽): whose tickets (me, my group, everyone), how many days the per-day
 * charts cover, and the numbers the core counted in the cache. Counted again when cached tickets
 * change while the screen is open (a sync, a save), at most one question at a time; an answer
 * to an older question is dropped.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { OverviewData, OverviewDays, OverviewScopeName } from '../../../shared/domain/overview'
import { useClient } from '../composables/use-client'
import { useTicketsStore } from './tickets'

export const useOverviewStore = defineStore('overview', () => {
  const api = useClient()
  const tickets = useTicketsStore()
  const scope = ref<OverviewScopeName>('me')
  const days = ref<OverviewDays>(30)
  const data = shallowRef<OverviewData | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)
  /** Bumped when an answer arrives (the bench and tests wait on it). */
  const answered = ref(0)
  let generation = 0
  let watching: (() => void) | null = null
  /** The question asked as the screen opens, before its code has loaded, and its answer. */
  let prefetched: { key: string; answer: Promise<void> } | null = null
  const question = (): string => `${scope.value}/${days.value}`

  /** Asked while the screen's code loads: the screen's first load takes this answer. */
  function prefetch(): void {
    prefetched = { key: question(), answer: ask() }
  }

  /** Counts afresh (or takes the answer prefetched for the same question). */
  function load(): Promise<void> {
    const taken = prefetched
    prefetched = null
    return taken?.key === question() ? taken.answer : ask()
  }

  async function ask(): Promise<void> {
    const gen = ++generation
    loading.value = true
    try {
      const value = await api.call('insights:overview', { scope: scope.value, days: days.value })
      if (gen !== generation) return
      data.value = value
      error.value = null
    } catch (e) {
      if (gen === generation) error.value = e
    } finally {
      if (gen === generation) {
        loading.value = false
        answered.value++
      }
    }
  }

  function setScope(next: OverviewScopeName): Promise<void> {
    scope.value = next
    return load()
  }

  function setDays(next: OverviewDays): Promise<void> {
    days.value = next
    return load()
  }

  /** While the screen is open: counted again when the cached tickets change. */
  function watchChanges(): () => void {
    watching ??= tickets.onChanged(() => void load())
    return () => {
      watching?.()
      watching = null
    }
  }

  return {
    scope,
    days,
    data,
    loading,
    error,
    answered,
    prefetch,
    load,
    setScope,
    setDays,
    watchChanges,
  }
})

/**
 * Reference data from the cache: categories, termination codes, sponsors, known employees. Read
 * again after each sync, which may have brought new ones.
 */
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { Lookups } from '../../../shared/contract/contract'
import { employeeShortName } from '../../../shared/domain/people'
import { useClient } from '../composables/use-client'
import { useSettingsStore } from './settings'
import { useSyncStore } from './sync'

function empty(): Lookups {
  return { categories: [], terminationCodes: [], sponsors: [], employees: [] }
}

function option(record: { id: number; name?: string | null }): { value: number; label: string } {
  return { value: record.id, label: record.name ?? `#${record.id}` }
}

export const useLookupsStore = defineStore('lookups', () => {
  const api = useClient()
  const sync = useSyncStore()
  const settings = useSettingsStore()
  const lookups = ref<Lookups>(empty())
  const loaded = ref(false)

  const employeeName = computed(() => {
    const map = new Map<number, string>()
    for (const e of lookups.value.employees) map.set(e.id, employeeShortName(e))
    return map
  })
  /** Select options (unnamed records show their id). */
  const categoryOptions = computed(() => lookups.value.categories.map(option))
  const sponsorOptions = computed(() => lookups.value.sponsors.map(option))
  function subCategoryOptions(categoryId: number): Array<{ value: number; label: string }> {
    return (lookups.value.categories.find((c) => c.id === categoryId)?.children ?? []).map(option)
  }

  async function load(): Promise<void> {
    try {
      lookups.value = await api.call('lookups:get')
      loaded.value = true
    } catch {
      // Not connected yet or cache unavailable: the screens show ids until the next load.
    }
  }

  /** Forgets the session's lookups (sign-out). */
  function reset(): void {
    lookups.value = empty()
    loaded.value = false
  }

  watch(
    () => sync.status.lastSyncAt,
    (now, before) => {
      if (now && now !== before && settings.isReady) void load()
    },
  )

  return {
    lookups,
    loaded,
    employeeName,
    categoryOptions,
    sponsorOptions,
    subCategoryOptions,
    load,
    reset,
  }
})

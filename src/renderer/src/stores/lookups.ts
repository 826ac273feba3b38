/**
 * Reference data from the cache: categories, termination codes, sponsors, known employees. Read
 * again after each sync, which may have brought new ones.
 */
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { Lookups } from '../../../shared/contract/contract'
import { useClient } from '../composables/use-client'
import { useSettingsStore } from './settings'
import { useSyncStore } from './sync'

export const useLookupsStore = defineStore('lookups', () => {
  const api = useClient()
  const sync = useSyncStore()
  const settings = useSettingsStore()
  const lookups = ref<Lookups>({
    categories: [],
    terminationCodes: [],
    sponsors: [],
    employees: [],
  })
  const loaded = ref(false)

  const employeeName = computed(() => {
    const map = new Map<number, string>()
    for (const e of lookups.value.employees) map.set(e.id, e.name ?? e.employeeNo ?? `#${e.id}`)
    return map
  })
  /** Sub-category id to its parent category id. */
  const parentOfSub = computed(() => {
    const map = new Map<number, number>()
    for (const c of lookups.value.categories) for (const s of c.children) map.set(s.id, c.id)
    return map
  })

  async function load(): Promise<void> {
    try {
      lookups.value = await api.call('lookups:get')
      loaded.value = true
    } catch {
      // Not connected yet or cache unavailable: the screens show ids until the next load.
    }
  }

  watch(
    () => sync.status.lastSyncAt,
    (now, before) => {
      if (now && now !== before && settings.isReady) void load()
    },
  )

  return { lookups, loaded, employeeName, parentOfSub, load }
})

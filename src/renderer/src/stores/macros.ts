/**
 * The agent's macros: loaded once and kept in step with each change made here (they live in the
 * templates' file in the core, offline included). Settings, the ticket's macro menu, the command
 * palette and the bulk bar all read this list.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Macro, MacroInput } from '../../../shared/domain/macros'
import { useClient } from '../composables/use-client'

export const useMacrosStore = defineStore('macros', () => {
  const api = useClient()
  const list = ref<Macro[]>([])
  let loading: Promise<void> | null = null

  /** Loads the list once (again with `force`); a failure leaves the menus empty, never stuck. */
  function load(force = false): Promise<void> {
    if (loading && !force) return loading
    loading = api
      .call('macros:list', {})
      .then((macros) => {
        list.value = macros
      })
      .catch(() => {
        loading = null
      })
    return loading
  }

  async function save(macro: MacroInput, id?: number): Promise<Macro> {
    const saved = await api.call('macros:save', id ? { id, macro } : { macro })
    await load(true)
    return saved
  }

  async function remove(id: number): Promise<void> {
    await api.call('macros:delete', { id })
    await load(true)
  }

  async function reorder(ids: number[]): Promise<void> {
    list.value = await api.call('macros:reorder', { ids })
  }

  return { list, load, save, remove, reorder }
})

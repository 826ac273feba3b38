/**
 * The agent's text templates: loaded once and kept in step with each change made here (they live
 * in the core's own file, offline included). The form's picker and Settings both read this list.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import {
  parseTemplateFile,
  type Template,
  type TemplateInput,
} from '../../../shared/domain/templates'
import { useClient } from '../composables/use-client'

export const useTemplatesStore = defineStore('templates', () => {
  const api = useClient()
  const list = ref<Template[]>([])
  let loading: Promise<void> | null = null

  /** Loads the list once (again with `force`); a failure leaves the picker empty, never stuck. */
  function load(force = false): Promise<void> {
    if (loading && !force) return loading
    loading = api
      .call('templates:list', {})
      .then((templates) => {
        list.value = templates
      })
      .catch(() => {
        loading = null
      })
    return loading
  }

  async function save(template: TemplateInput, id?: number): Promise<Template> {
    const saved = await api.call('templates:save', id ? { id, template } : { template })
    await load(true)
    return saved
  }

  async function remove(id: number): Promise<void> {
    await api.call('templates:delete', { id })
    await load(true)
  }

  async function reorder(ids: number[]): Promise<void> {
    list.value = await api.call('templates:reorder', { ids })
  }

  async function exportFile(): Promise<{ fileName: string; text: string }> {
    return api.call('templates:export', {})
  }

  /** Appends a file's set, or throws why it was refused (nothing imported). */
  async function importFile(text: string): Promise<number> {
    // Checked here first as well, so a refusal comes with its reason however large the file is;
    // the core checks again, as it trusts no caller.
    parseTemplateFile(text)
    const { imported } = await api.call('templates:import', { text })
    await load(true)
    return imported
  }

  return { list, load, save, remove, reorder, exportFile, importFile }
})

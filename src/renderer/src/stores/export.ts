/**
 * Exporting the queue: the queue's current question (view, filters, search, sort) written by the
 * core to CSV or XLSX, with its progress and cancel. The desktop shell asks where to save first
 * and answers with the place; in the browser the finished file is downloaded.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  EXPORT_COLUMNS,
  QUEUE_EXPORT_COLUMNS,
  type ExportColumn,
  type ExportFormat,
  type ExportResult,
} from '../../../shared/contract/export-contract'
import { toErrorData, type AppErrorData } from '../../../shared/domain/errors'
import { useClient } from '../composables/use-client'
import { useQueueStore } from './queue'
import { useSettingsStore } from './settings'

/** An id the core's file is named by: letters and digits only. */
function newExportId(): string {
  return crypto.randomUUID().replace(/-/g, '')
}

export const useExportStore = defineStore('export', () => {
  const client = useClient()
  const queue = useQueueStore()
  const settings = useSettingsStore()

  // The agent's choices, kept for the next export while the app is open.
  const format = ref<ExportFormat>('xlsx')
  const columns = ref<ExportColumn[]>([...QUEUE_EXPORT_COLUMNS])
  const includeNationalIds = ref(false)

  const runningId = ref<string | null>(null)
  const done = ref(0)
  const total = ref(0)
  const result = ref<ExportResult | null>(null)
  const error = ref<AppErrorData | null>(null)
  const running = computed(() => runningId.value !== null)
  const percent = computed(() =>
    total.value > 0 ? Math.min(100, Math.round((done.value / total.value) * 100)) : 0,
  )

  client.on('export:progress', (progress) => {
    if (progress.id !== runningId.value) return
    done.value = progress.done
    total.value = progress.total
  })

  function reset(): void {
    result.value = null
    error.value = null
    done.value = 0
    total.value = 0
  }

  async function start(): Promise<void> {
    if (running.value || columns.value.length === 0) return
    reset()
    const id = newExportId()
    runningId.value = id
    total.value = queue.total ?? 0
    try {
      const answer = await client.call('export:start', {
        id,
        view: queue.view,
        filters: queue.activeFilters,
        sort: queue.sort,
        format: format.value,
        // In the table's order, whatever order they were ticked in.
        columns: EXPORT_COLUMNS.filter((c) => columns.value.includes(c)),
        includeNationalIds: includeNationalIds.value,
        language: settings.language,
      })
      if (answer.state === 'done' && !answer.savedTo)
        await client.download({ id, format: format.value, fileName: answer.fileName })
      result.value = answer
    } catch (e) {
      error.value = toErrorData(e)
    } finally {
      runningId.value = null
    }
  }

  async function cancel(): Promise<void> {
    const id = runningId.value
    if (id) await client.call('export:cancel', { id }).catch(() => undefined)
  }

  return {
    format,
    columns,
    includeNationalIds,
    running,
    done,
    total,
    percent,
    result,
    error,
    reset,
    start,
    cancel,
  }
})

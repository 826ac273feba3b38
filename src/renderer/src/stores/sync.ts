/** The sync engine's state as the main process reports it (online, offline, syncing, error). */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SyncStatus } from '../../../shared/contract/contract'
import { useClient } from '../composables/use-client'

export const useSyncStore = defineStore('sync', () => {
  const api = useClient()
  const status = ref<SyncStatus>({
    state: 'not_configured',
    lastSyncAt: null,
    progress: null,
    error: null,
  })
  let unsubscribe: (() => void) | null = null

  const state = computed(() => status.value.state)
  /**
   * Writing needs a connection to be set up, not the server to answer: offline, every save
   * waits in the outbox and is sent when the server is back.
   */
  const canWrite = computed(() => status.value.state !== 'not_configured')
  const offline = computed(() => status.value.state === 'offline')

  async function start(): Promise<void> {
    unsubscribe ??= api.on('sync:status', (s) => (status.value = s))
    try {
      status.value = await api.call('sync:status')
    } catch {
      // The event stream brings the state when the host answers again.
    }
  }

  function stop(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  async function syncNow(): Promise<void> {
    await api.call('sync:now')
  }

  async function cancel(): Promise<void> {
    await api.call('sync:cancel')
  }

  return { status, state, canWrite, offline, start, stop, syncNow, cancel }
})

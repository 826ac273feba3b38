/** The sync engine's state as the main process reports it (online, offline, syncing, error). */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SyncStatus } from '../../../shared/contract/contract'
import { useClient } from '../composables/use-client'

/** How long "back online" stays in the status bar. */
export const BACK_ONLINE_MS = 6_000

export const useSyncStore = defineStore('sync', () => {
  const api = useClient()
  const status = ref<SyncStatus>({
    state: 'not_configured',
    lastSyncAt: null,
    progress: null,
    error: null,
  })
  /** True for a few seconds after the server answered again following a failure. */
  const backOnline = ref(false)
  let backOnlineTimer: ReturnType<typeof setTimeout> | null = null
  let unsubscribe: (() => void) | null = null

  const state = computed(() => status.value.state)
  /**
   * Writing needs a connection to be set up, not the server to answer: offline, every save
   * waits in the outbox and is sent when the server is back.
   */
  const canWrite = computed(() => status.value.state !== 'not_configured')
  const offline = computed(() => status.value.state === 'offline')

  /** The last attempt failed: the next "online" (after any syncing in between) is news. */
  let failing = false

  function receive(next: SyncStatus): void {
    status.value = next
    if (next.state === 'offline' || next.state === 'error') {
      failing = true
      backOnline.value = false
    } else if (next.state === 'online' && failing) {
      failing = false
      backOnline.value = true
      if (backOnlineTimer) clearTimeout(backOnlineTimer)
      backOnlineTimer = setTimeout(() => (backOnline.value = false), BACK_ONLINE_MS)
    } else if (next.state === 'not_configured') {
      failing = false
    }
  }

  async function start(): Promise<void> {
    unsubscribe ??= api.on('sync:status', receive)
    try {
      receive(await api.call('sync:status'))
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

  return { status, state, canWrite, offline, backOnline, start, stop, syncNow, cancel }
})

/**
 * The sync engine's state as the main process reports it (online, offline, syncing, error), made
 * "offline" sooner than the next scheduled sync would: by the browser's own offline event and by
 * any call that failed for want of a connection (each also asks the core to check at once).
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SyncStatus } from '../../../shared/contract/contract'
import { isUnreachable } from '../../../shared/domain/app-error'
import { useClient } from '../composables/use-client'

/** How long "back online" stays in the status bar. */
export const BACK_ONLINE_MS = 6_000
/** A failed call asks the core to check the connection at most this often. */
const CHECK_EVERY_MS = 5_000

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
  /** The browser says it has no network (its `offline` event); false where it cannot tell. */
  const browserOffline = ref(typeof navigator !== 'undefined' && navigator.onLine === false)
  /** A call failed for want of a connection since the core last reported a working one. */
  const callFailed = ref(false)
  let lastCheck = 0

  /** What the screens show: the core's state, or offline as soon as the shell knows better. */
  const state = computed<SyncStatus['state']>(() => {
    const s = status.value.state
    if ((browserOffline.value || callFailed.value) && (s === 'online' || s === 'syncing'))
      return 'offline'
    return s
  })
  /**
   * Writing needs a connection to be set up, not the server to answer: offline, every save
   * waits in the outbox and is sent when the server is back.
   */
  const canWrite = computed(() => status.value.state !== 'not_configured')
  const offline = computed(() => state.value === 'offline')

  /** The last attempt failed: the next "online" (after any syncing in between) is news. */
  let failing = false

  function receive(next: SyncStatus): void {
    status.value = next
    // The core got an answer from the server: whatever failed before has been overtaken.
    if (next.state === 'online' && next.error === null) callFailed.value = false
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

  /** Asks the core to try the server now (it reports what it found), at most every few seconds. */
  function checkSoon(): void {
    const now = Date.now()
    if (now - lastCheck < CHECK_EVERY_MS) return
    lastCheck = now
    api.call('sync:now').catch(() => undefined)
  }

  const onBrowserOffline = (): void => {
    browserOffline.value = true
    checkSoon()
  }
  const onBrowserOnline = (): void => {
    browserOffline.value = false
    lastCheck = 0
    checkSoon()
  }
  let stopErrors: (() => void) | null = null

  async function start(): Promise<void> {
    if (!unsubscribe && typeof window !== 'undefined') {
      window.addEventListener('offline', onBrowserOffline)
      window.addEventListener('online', onBrowserOnline)
      stopErrors = api.onError((error) => {
        if (!isUnreachable(error.code) || status.value.state === 'not_configured') return
        callFailed.value = true
        checkSoon()
      })
    }
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
    stopErrors?.()
    stopErrors = null
    if (typeof window !== 'undefined') {
      window.removeEventListener('offline', onBrowserOffline)
      window.removeEventListener('online', onBrowserOnline)
    }
  }

  async function syncNow(): Promise<void> {
    await api.call('sync:now')
  }

  async function cancel(): Promise<void> {
    await api.call('sync:cancel')
  }

  return {
    status,
    state,
    canWrite,
    offline,
    browserOffline,
    backOnline,
    start,
    stop,
    syncNow,
    cancel,
  }
})

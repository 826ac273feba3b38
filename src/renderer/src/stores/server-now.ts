/**
 * The server's wall-clock now, for "overdue" and "time left": one shared value, refreshed every
 * 30 s and when the server's time zone changes (formatting it builds an Intl.DateTimeFormat, too
 * costly to do per render). The timer and the watcher live as long as the store, not as long as
 * the first screen that asked.
 */
import { defineStore } from 'pinia'
import { onScopeDispose, ref, watch } from 'vue'
import { serverNow } from '../../../shared/domain/server-time'
import { useSettingsStore } from './settings'

const TICK_MS = 30_000

export const useServerNowStore = defineStore('serverNow', () => {
  const settings = useSettingsStore()
  const now = ref(serverNow(settings.serverTimeZone))

  function reset(): void {
    now.value = serverNow(settings.serverTimeZone)
  }

  const timer = setInterval(reset, TICK_MS)
  onScopeDispose(() => clearInterval(timer))
  watch(() => settings.serverTimeZone, reset)

  return { now, reset }
})

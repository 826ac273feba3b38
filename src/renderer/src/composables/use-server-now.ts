/**
 * The server's wall-clock now, for "overdue" and "time left": one shared value, refreshed every
 * 30 s (formatting it builds an Intl.DateTimeFormat, too costly to do per render).
 */
import { computed, ref, watch, type ComputedRef } from 'vue'
import { serverNow } from '../../../shared/domain/server-time'
import { useSettingsStore } from '../stores/settings'

const now = ref('')
let timer: ReturnType<typeof setInterval> | null = null
let zone = ''

export function useServerNow(): ComputedRef<string> {
  const settings = useSettingsStore()
  if (!timer) {
    zone = settings.serverTimeZone
    now.value = serverNow(zone)
    timer = setInterval(() => (now.value = serverNow(zone)), 30_000)
    watch(
      () => settings.serverTimeZone,
      (tz) => {
        zone = tz
        now.value = serverNow(zone)
      },
    )
  }
  return computed(() => now.value)
}

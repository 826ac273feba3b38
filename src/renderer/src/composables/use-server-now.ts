/** The server's wall-clock now, refreshed every 30 s, for "overdue" and "time left". */
import { computed, onBeforeUnmount, ref, type ComputedRef } from 'vue'
import { serverNow } from '../../../shared/domain/server-time'
import { useSettingsStore } from '../stores/settings'

export function useServerNow(): ComputedRef<string> {
  const settings = useSettingsStore()
  const tick = ref(Date.now())
  const timer = setInterval(() => (tick.value = Date.now()), 30_000)
  onBeforeUnmount(() => clearInterval(timer))
  return computed(() => serverNow(settings.serverTimeZone, new Date(tick.value)))
}

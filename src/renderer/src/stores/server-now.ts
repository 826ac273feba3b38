/**
 * The server's wall-clock now, for "overdue" and "time left": one shared value, refreshed every
 * 30 s and when the server's time zone changes (formatting it builds an Intl.DateTimeFormat, too
 * costly to do per render). The timer and the watcher live as long as the store, not as long as
 * the first screen that asked.
 *
 * The first formatter a page builds costs tens of milliseconds (the zone's rules and the date
 * patterns are loaded), on the first screen's way to the glass. So the zone's offset from UTC is
 * kept in this browser's storage: a later start draws its first frame from it, and the exact
 * time (through the formatter) follows at the first idle moment after that frame, correcting the
 * rare start right after a daylight-saving change.
 */
import { defineStore } from 'pinia'
import { onScopeDispose, ref, watch } from 'vue'
import { offsetOfWallClock, serverNow, wallClockAtOffset } from '../../../shared/domain/server-time'
import { useSettingsStore } from './settings'
import { whenIdle } from '../utils/later'

const TICK_MS = 30_000
export const OFFSET_KEY = 'agent-console.server-utc-offset'
/** No zone is further than this from UTC: anything else in storage is damaged and ignored. */
const MAX_OFFSET_MINUTES = 18 * 60

/** The offset kept for `timeZone` (any zone if not given) by an earlier start, if sound. */
export function rememberedOffset(timeZone?: string): number | undefined {
  try {
    const kept: unknown = JSON.parse(window.localStorage.getItem(OFFSET_KEY) ?? 'null')
    if (!kept || typeof kept !== 'object') return undefined
    const { zone, minutes } = kept as { zone?: unknown; minutes?: unknown }
    if (typeof zone !== 'string' || (timeZone !== undefined && zone !== timeZone)) return undefined
    if (typeof minutes !== 'number' || !Number.isInteger(minutes)) return undefined
    return Math.abs(minutes) <= MAX_OFFSET_MINUTES ? minutes : undefined
  } catch {
    // Unavailable storage or damaged text: the formatter decides, as on a first start.
    return undefined
  }
}

function rememberOffset(zone: string, minutes: number): void {
  try {
    window.localStorage.setItem(OFFSET_KEY, JSON.stringify({ zone, minutes }))
  } catch {
    // Not kept: the next start uses the formatter before its first frame, as this one did.
  }
}

export const useServerNowStore = defineStore('serverNow', () => {
  const settings = useSettingsStore()
  const offset = rememberedOffset(settings.serverTimeZone)
  // What storage holds: a tick writes only when the zone or its offset changed, not every 30 s.
  let kept = offset === undefined ? null : { zone: settings.serverTimeZone, minutes: offset }
  const now = ref(offset === undefined ? '' : wallClockAtOffset(offset))
  /** The zone's formatter is built: instants are shown exactly, not from the kept offset. */
  const exact = ref(offset === undefined)

  function reset(): void {
    const at = new Date()
    const zone = settings.serverTimeZone
    now.value = serverNow(zone, at)
    exact.value = true
    const minutes = offsetOfWallClock(now.value, at)
    if (kept?.zone === zone && kept.minutes === minutes) return
    kept = { zone, minutes }
    rememberOffset(zone, minutes)
  }

  if (offset === undefined) reset()
  // Idle, not just painted: the first screen's own answers and the agent's first keys come first.
  else whenIdle(reset, 2000)
  const timer = setInterval(reset, TICK_MS)
  onScopeDispose(() => clearInterval(timer))
  watch(() => settings.serverTimeZone, reset)

  /**
   * An app instant (ISO 8601, e.g. the last sync) as the server's wall-clock `YYYY-MM-DD HH:MM`:
   * the same zone and shape as every ticket time, never the PC's own zone. Until the formatter is
   * built at the first idle moment it comes from the kept offset (the offline banner and the status
   * bar are on the first screen); an instant across a daylight-saving change from now is then
   * an hour off for that moment, and redrawn exactly.
   */
  function dateTimeOf(iso: string | null | undefined): string {
    if (!iso) return ''
    const at = new Date(iso)
    if (Number.isNaN(at.getTime())) return ''
    const wallClock =
      !exact.value && kept
        ? wallClockAtOffset(kept.minutes, at)
        : serverNow(settings.serverTimeZone, at)
    return wallClock.slice(0, 16)
  }

  return { now, reset, dateTimeOf }
})

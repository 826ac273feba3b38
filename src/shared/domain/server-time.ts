/**
 * The API's datetimes are the server's local wall-clock time with no zone. We never convert them;
 * to compare with "now" (overdue, due soon) we format now in the server's zone the same way.
 */
export const DEFAULT_SERVER_TIME_ZONE = 'Asia/Taipei'

// Building a formatter for a zone costs tens of milliseconds the first time (the zone's rules
// are loaded); one per zone is kept.
const formats = new Map<string, Intl.DateTimeFormat>()
function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
    formats.set(timeZone, format)
  }
  return format
}

/** Now (or `at`) as `YYYY-MM-DD HH:MM:SS` wall-clock time in `timeZone`. */
export function serverNow(timeZone = DEFAULT_SERVER_TIME_ZONE, at: Date = new Date()): string {
  const parts = wallClockFormat(timeZone).formatToParts(at)
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`
}

/** `at` as a `YYYY-MM-DD HH:MM:SS` UTC wall-clock string. */
function utcWallClock(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ')
}

/** How far `wallClock` (a zone's time at the instant `at`) is ahead of UTC, in minutes. */
export function offsetOfWallClock(wallClock: string, at: Date): number {
  return Math.round(secondsBetween(utcWallClock(at), wallClock) / 60)
}

/**
 * Now (or `at`) as wall-clock time at a fixed offset from UTC: no formatter, so nothing to load.
 * Right only while the zone keeps that offset; the caller checks with `serverNow` later.
 */
export function wallClockAtOffset(offsetMinutes: number, at: Date = new Date()): string {
  return addSeconds(utcWallClock(at), offsetMinutes * 60)
}

/** Adds seconds to a `YYYY-MM-DD HH:MM:SS` wall-clock string without any zone arithmetic. */
export function addSeconds(wallClock: string, seconds: number): string {
  const ms = Date.parse(wallClock.replace(' ', 'T') + 'Z') + seconds * 1000
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}

/** Seconds from `a` to `b`, both wall-clock strings in the same zone. */
export function secondsBetween(a: string, b: string): number {
  return (Date.parse(b.replace(' ', 'T') + 'Z') - Date.parse(a.replace(' ', 'T') + 'Z')) / 1000
}

/**
 * True when `Intl` knows `timeZone` (an IANA name such as Asia/Taipei). The settings are checked
 * on every read, and the first formatter a page builds costs tens of milliseconds on the first
 * screen's way to the glass: so a zone is checked by building its wall-clock formatter once (kept
 * for serverNow; only valid zones are kept, so bad input cannot grow the cache past the few
 * hundred real zones), and the default, the vendor's own zone that every ICU build knows, never.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone === '' || timeZone.length > 64) return false
  if (timeZone === DEFAULT_SERVER_TIME_ZONE || formats.has(timeZone)) return true
  try {
    wallClockFormat(timeZone)
    return true
  } catch {
    return false
  }
}

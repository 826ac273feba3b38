import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  isValidTimeZone,
  offsetOfWallClock,
  serverNow,
  wallClockAtOffset,
} from '../../src/shared/domain/server-time'

describe("the server's wall clock from a kept offset", () => {
  it.each([
    ['Asia/Taipei', '2026-01-15T03:04:05Z', 480],
    ['Asia/Taipei', '2026-07-15T23:59:59Z', 480],
    ['America/New_York', '2026-01-15T03:04:05Z', -300],
    ['America/New_York', '2026-07-15T03:04:05Z', -240],
    ['Asia/Kolkata', '2026-03-01T20:45:00Z', 330],
  ])('%s at %s: the offset gives the same time as the zone formatter', (zone, iso, minutes) => {
    const at = new Date(iso)
    expect(offsetOfWallClock(serverNow(zone, at), at)).toBe(minutes)
    expect(wallClockAtOffset(minutes, at)).toBe(serverNow(zone, at))
  })

  it('an offset kept before a daylight-saving change is an hour off after it', () => {
    const winterDay = new Date('2026-03-01T12:00:00Z')
    const winter = offsetOfWallClock(serverNow('America/New_York', winterDay), winterDay)
    const summer = new Date('2026-03-20T12:00:00Z')
    expect(wallClockAtOffset(winter, summer)).toBe('2026-03-20 07:00:00')
    expect(serverNow('America/New_York', summer)).toBe('2026-03-20 08:00:00')
  })
})

describe('checking a time zone name', () => {
  afterEach(() => vi.restoreAllMocks())

  it('knows real zones and refuses anything else', () => {
    expect(isValidTimeZone('Asia/Taipei')).toBe(true)
    expect(isValidTimeZone('Europe/Berlin')).toBe(true)
    for (const bad of ['', 'Asia/Taipie', 'Mars/Olympus', 'x'.repeat(65)]) {
      expect(isValidTimeZone(bad)).toBe(false)
    }
  })

  // The settings are checked on every read: a formatter per check would cost every screen.
  it('builds no formatter for the default zone, and one per other zone however often asked', async () => {
    // A fresh copy of the module: no formatter kept from the tests above.
    vi.resetModules()
    const { isValidTimeZone } = await import('../../src/shared/domain/server-time')
    const built = vi.spyOn(Intl, 'DateTimeFormat')
    expect(isValidTimeZone('Asia/Taipei')).toBe(true)
    expect(built).not.toHaveBeenCalled()
    for (let i = 0; i < 3; i++) expect(isValidTimeZone('America/Chicago')).toBe(true)
    expect(built).toHaveBeenCalledTimes(1)
    // A bad name is asked again each time: it is not kept, so bad input cannot grow the cache.
    for (let i = 0; i < 2; i++) expect(isValidTimeZone('Nowhere/Else')).toBe(false)
    expect(built).toHaveBeenCalledTimes(3)
  })
})

import { describe, expect, it } from 'vitest'
import { serverNow, utcOffsetMinutes, wallClockAtOffset } from '../../src/shared/domain/server-time'

describe("the server's wall clock from a kept offset", () => {
  it.each([
    ['Asia/Taipei', '2026-01-15T03:04:05Z', 480],
    ['Asia/Taipei', '2026-07-15T23:59:59Z', 480],
    ['America/New_York', '2026-01-15T03:04:05Z', -300],
    ['America/New_York', '2026-07-15T03:04:05Z', -240],
    ['Asia/Kolkata', '2026-03-01T20:45:00Z', 330],
  ])('%s at %s: the offset gives the same time as the zone formatter', (zone, iso, minutes) => {
    const at = new Date(iso)
    expect(utcOffsetMinutes(zone, at)).toBe(minutes)
    expect(wallClockAtOffset(minutes, at)).toBe(serverNow(zone, at))
  })

  it('an offset kept before a daylight-saving change is an hour off after it', () => {
    const winter = utcOffsetMinutes('America/New_York', new Date('2026-03-01T12:00:00Z'))
    const summer = new Date('2026-03-20T12:00:00Z')
    expect(wallClockAtOffset(winter, summer)).toBe('2026-03-20 07:00:00')
    expect(serverNow('America/New_York', summer)).toBe('2026-03-20 08:00:00')
  })
})

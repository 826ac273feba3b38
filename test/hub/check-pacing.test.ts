/**
 * A floor of new desktops at once: the hub's vendor checks of their tokens stay paced, and every
 * desktop, told when to come back, is let in at about the pace's rate, not in waves.
 */
import { describe, expect, it } from 'vitest'
import { CheckPacing } from '../../src/hub/check-pacing'

/**
 * Runs callers that come back exactly when told, for at most an hour of simulated time; returns
 * each admission's time (ms). Callers still waiting then are not admitted.
 */
function floor(pacing: CheckPacing, clock: { t: number }, desktops: number): number[] {
  const admitted: number[] = []
  // [when, key], kept sorted by time.
  let due: Array<[number, string]> = Array.from({ length: desktops }, (_, i) => [0, `d${i}`])
  while (due.length > 0 && due[0]![0] <= 3_600_000) {
    const [at, key] = due.shift()!
    clock.t = at
    const wait = pacing.take(key)
    if (wait === 0) admitted.push(at)
    else {
      due.push([at + wait * 1000, key])
      due = due.sort((a, b) => a[0] - b[0])
    }
  }
  return admitted
}

describe('pacing the vendor checks of new tokens', () => {
  it('lets 1,000 new desktops in within (1,000 - burst) / rate seconds, never faster than the pace', () => {
    const clock = { t: 0 }
    const admitted = floor(new CheckPacing(20, 5, () => clock.t), clock, 1000)
    expect(admitted).toHaveLength(1000)
    const last = Math.max(...admitted)
    expect(last).toBeLessThanOrEqual(((1000 - 20) / 5 + 2) * 1000)
    // Over any 10 s: at most the burst plus 10 s at the pace (and one slot's rounding).
    for (const from of admitted) {
      const within = admitted.filter((t) => t >= from && t < from + 10_000).length
      expect(within).toBeLessThanOrEqual(20 + 5 * 10 + 1)
    }
  })

  it('keeps a slot for the desktop it was given to: a newcomer does not take it', () => {
    const clock = { t: 0 }
    const pacing = new CheckPacing(1, 1, () => clock.t)
    expect(pacing.take('a')).toBe(0)
    const wait = pacing.take('b')
    expect(wait).toBe(1)
    clock.t = 1000
    expect(pacing.take('newcomer')).toBeGreaterThan(0)
    expect(pacing.take('b')).toBe(0)
  })

  it('gives up a slot not used within a minute, and remembers at most as many as it may', () => {
    const clock = { t: 0 }
    const pacing = new CheckPacing(1, 1, () => clock.t, 2)
    pacing.take('a')
    expect(pacing.take('b')).toBe(1)
    expect(pacing.take('c')).toBe(2)
    // Full: told how long the line is, without a slot (its coming back is a new arrival).
    expect(pacing.take('d')).toBe(3)
    clock.t = 120_000
    expect(pacing.take('b')).toBe(0) // its slot was forgotten; the line is empty again
  })
})

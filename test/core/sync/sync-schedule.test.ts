/**
 * The schedule alone, on plain numbers (no server, no timers): what is due when, after a first
 * sync, a restart, runs, failures, another process holding the file, and a pause.
 */
import { describe, expect, it } from 'vitest'
import type { AppErrorData } from '../../../src/shared/domain/errors'
import type { SyncKind } from '../../../src/main/core/sync/sync-engine'
import { SyncSchedule, type DueRun } from '../../../src/main/core/sync/sync-schedule'
import { DEFAULT_TIERS, type TierPlan } from '../../../src/main/core/sync/sync-tiers'

const T0 = Date.parse('2025-03-03T01:00:00Z')
const S = 1_000
const HOUR = 3600 * S

function schedule(plan: Partial<TierPlan> = {}, hasMe = true): SyncSchedule {
  return new SyncSchedule({ plan: () => ({ ...DEFAULT_TIERS, ...plan }), hasMe: () => hasMe })
}

/**
 * Drives the schedule as the engine does: at each due time, the run that is due starts and is
 * told to the schedule as done (taking no time). Returns what ran, with its offset from `from`.
 */
/** When the failed run is tried again (never null but for "busy"). */
function retryIn(s: SyncSchedule, kind: SyncKind, error: AppErrorData, now: number): number {
  return (s.failed(kind, error, now) ?? NaN) - now
}

function simulate(s: SyncSchedule, from: number, until: number): string[] {
  const ran: string[] = []
  let now = from
  while (now <= until) {
    const due: DueRun | null = s.due(now, true)
    if (due) {
      ran.push(`${due.kind}@${(now - from) / S}`)
      if (due.kind === 'mine') s.mineRan(now)
      else if (due.kind === 'hot') s.hotRan(now)
      else if (due.kind === 'lookups') s.lookupsRan(now)
      else s.sweepCompleted(now, 1)
      s.succeeded()
      continue
    }
    now += s.timerDelay(now)
  }
  return ran
}

describe('the sync schedule', () => {
  it('runs the first sync at once and at full speed, and nothing before it', () => {
    const s = schedule()
    s.load(T0, null)
    expect(s.due(T0, false)).toEqual({ kind: 'all', paced: false })
    // Failed (the server is down): 15 s later it is due again, still unpaced; nothing else is.
    expect(s.failed('all', { code: 'offline', message: 'down' }, T0)).toBe(T0 + 15 * S)
    expect(s.due(T0 + 14 * S, false)).toBeNull()
    expect(s.due(T0 + 15 * S, false)).toEqual({ kind: 'all', paced: false })
  })

  it('after a sweep: mine every 58 s, every fifth of them the hot read; the daily sweep paced', () => {
    const s = schedule()
    s.load(T0, null)
    s.sweepCompleted(T0, 1_000)
    s.mineRan(T0)
    const ran = simulate(s, T0, T0 + 2 * 290 * S)
    expect(ran).toEqual([
      'mine@58',
      'mine@116',
      'mine@174',
      'mine@232',
      'hot@290',
      'mine@348',
      'mine@406',
      'mine@464',
      'mine@522',
      'hot@580',
    ])
    // The next sweep starts early enough that its 1,000 paced pages end within the day.
    const sweepAt = T0 + 24 * HOUR - 1_000 * (DEFAULT_TIERS.pacePageMs + 500)
    expect(s.due(sweepAt - S, true)?.kind).not.toBe('all')
    expect(s.due(sweepAt, true)).toEqual({ kind: 'all', paced: true })
  })

  it('without "who am I" there is no mine tier', () => {
    const s = schedule({}, false)
    s.load(T0, null)
    s.sweepCompleted(T0, 1)
    expect(simulate(s, T0, T0 + 600 * S)).toEqual(['hot@290', 'hot@580'])
  })

  it('a restart keeps the daily sweep where the stored mark says; hot and mine run at once', () => {
    const s = schedule()
    const lastSweep = T0 - 3 * HOUR
    s.load(T0, { at: '2025-03-03 06:00:00', ms: lastSweep, pages: 1_000 })
    expect(s.due(T0, true)).toEqual({ kind: 'hot', paced: false })
    s.hotRan(T0)
    expect(s.due(T0, true)).toBeNull()
    expect(s.due(T0 + 58 * S, true)).toEqual({ kind: 'mine', paced: false })
    const sweepAt = lastSweep + 24 * HOUR - 1_000 * (DEFAULT_TIERS.pacePageMs + 500)
    s.hotRan(sweepAt - 10 * S)
    s.mineRan(sweepAt - 10 * S)
    s.lookupsRan(sweepAt - 10 * S)
    expect(s.due(sweepAt - S, true)).toBeNull()
    expect(s.due(sweepAt, true)).toEqual({ kind: 'all', paced: true })
  })

  it('backs off 15 s, 30 s, 60 s while the server fails; a refused token waits the hot period', () => {
    const s = schedule()
    s.load(T0, null)
    s.sweepCompleted(T0, 1)
    const error = { code: 'server_error' as const, message: '500', status: 500 }
    const waits = [1, 2, 3, 4].map((n) => retryIn(s, 'hot', error, T0 + n * HOUR))
    expect(waits).toEqual([15 * S, 30 * S, 60 * S, 60 * S])
    // A success resets the backoff; a Retry-After longer than it wins.
    s.succeeded()
    const throttled = { code: 'rate_limited' as const, message: '429', retryAfterMs: 120 * S }
    expect(retryIn(s, 'hot', throttled, T0)).toBe(120 * S)
    const fresh = schedule()
    fresh.load(T0, null)
    fresh.sweepCompleted(T0, 1)
    const refused = { code: 'unauthorized' as const, message: '401', status: 401 }
    expect(retryIn(fresh, 'mine', refused, T0)).toBe(DEFAULT_TIERS.hotMs)
  })

  it('another process syncing the file: tried again a mine period later, quietly', () => {
    const s = schedule()
    s.load(T0, null)
    s.sweepCompleted(T0, 1)
    expect(s.failed('hot', { code: 'busy', message: 'another process' }, T0 + 290 * S)).toBeNull()
    expect(s.due(T0 + 290 * S, true)).toBeNull()
    expect(s.due(T0 + 348 * S, true)).toEqual({ kind: 'hot', paced: false })
  })

  it('resumes with a catch-up of mine and hot at once, and wakes within a minute', () => {
    const s = schedule()
    s.load(T0, null)
    s.sweepCompleted(T0, 1)
    s.hotRan(T0)
    const later = T0 + 100 * S
    expect(s.due(later, true)).toEqual({ kind: 'mine', paced: false })
    s.mineRan(later)
    s.resumed(later + S)
    expect(s.due(later + S, true)).toEqual({ kind: 'hot', paced: false })
    s.hotRan(later + S)
    expect(s.timerDelay(later + S)).toBe(58 * S)
    // Nothing due for hours: the timer still wakes every minute (staleness moves with time).
    const slow = schedule({ hotMs: 3 * HOUR, mineMs: 2 * HOUR })
    slow.load(T0, null)
    slow.sweepCompleted(T0, 1)
    slow.hotRan(T0)
    expect(slow.timerDelay(T0)).toBe(60 * S)
  })

  it('a save that goes through after failures brings the next refresh forward to now', () => {
    const s = schedule()
    s.load(T0, null)
    s.sweepCompleted(T0, 1)
    s.failed('hot', { code: 'offline', message: 'down' }, T0)
    expect(s.due(T0 + S, true)).toBeNull()
    s.serverBack(T0 + S)
    // Hot first (it reads my open tickets too); the daily sweep is not pulled forward.
    expect(s.due(T0 + S, true)).toEqual({ kind: 'hot', paced: false })
    s.hotRan(T0 + S)
    expect(s.due(T0 + S, true)).toBeNull()
    // A first sync that failed is tried again at once when the server is back.
    const fresh = schedule()
    fresh.load(T0, null)
    fresh.failed('all', { code: 'offline', message: 'down' }, T0)
    fresh.serverBack(T0 + S)
    expect(fresh.due(T0 + S, false)).toEqual({ kind: 'all', paced: false })
    // A save failing for the server's sake: the sync tries again 15 s later.
    expect(s.writeFailed(T0 + 2 * S)).toBe(T0 + 17 * S)
  })
})

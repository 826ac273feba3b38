/** Saved views' relative date ranges, worked out in server wall-clock time when used. */
import { describe, expect, it } from 'vitest'
import { savedViewFilters } from '../../src/renderer/src/stores/queue'
import { resolveRelativeRange, savedViewSchema } from '../../src/shared/domain/queue'

describe('relative date ranges', () => {
  const now = '2026-12-01 10:42:00'

  it('resolve today, the next 24 hours and the last 7 days from the server’s now', () => {
    expect(resolveRelativeRange('dueToday', now)).toEqual({
      dueFrom: '2026-12-01 00:00:00',
      dueTo: '2026-12-01 23:59:59',
    })
    expect(resolveRelativeRange('dueNext24h', now)).toEqual({
      dueFrom: now,
      dueTo: '2026-12-02 10:42:00',
    })
    expect(resolveRelativeRange('createdToday', now)).toEqual({
      createdFrom: '2026-12-01 00:00:00',
      createdTo: '2026-12-01 23:59:59',
    })
    expect(resolveRelativeRange('createdLast7d', now)).toEqual({
      createdFrom: '2026-11-24 10:42:00',
      createdTo: now,
    })
  })

  it('are kept by a saved view and applied in the server’s zone, whatever the PC’s', () => {
    const view = savedViewSchema.parse({
      id: 'v1',
      name: '今天到期的急件',
      view: 'open',
      filters: { priorities: [3] },
      sort: { column: 'default', direction: 'asc' },
      relative: 'dueToday',
    })
    const filters = savedViewFilters(view, 'Asia/Taipei')
    expect(filters.priorities).toEqual([3])
    expect(filters.dueFrom).toMatch(/^\d{4}-\d\d-\d\d 00:00:00$/)
    expect(filters.dueTo).toBe(`${filters.dueFrom!.slice(0, 10)} 23:59:59`)
    // A view saved before relative ranges existed still parses and keeps its filters.
    const old = savedViewSchema.parse({ ...view, relative: undefined })
    expect(savedViewFilters(old, 'Asia/Taipei')).toEqual({ priorities: [3] })
  })
})

import { describe, expect, it } from 'vitest'
import { dueState, maskId, splitDuration } from '../../src/renderer/src/utils/format'

describe('maskId', () => {
  it('keeps the first four and last two characters', () => {
    expect(maskId('A123456789')).toBe('A123****89')
  })
  it('masks short values and passes empty ones', () => {
    expect(maskId('A12')).toBe('A**')
    expect(maskId(null)).toBe('')
  })
})

describe('dueState (server wall-clock, no zone shift)', () => {
  const now = '2030-01-01 12:00:00'
  it('marks overdue, due within 24 h and later', () => {
    expect(dueState('2030-01-01 11:59:59', now)).toBe('overdue')
    expect(dueState('2030-01-02 12:00:00', now)).toBe('soon')
    expect(dueState('2030-01-02 12:00:01', now)).toBe('later')
    expect(dueState(null, now)).toBe('none')
  })
  it('reads a date without time as midnight', () => {
    expect(dueState('2030-01-01', now)).toBe('overdue')
  })
})

describe('splitDuration', () => {
  it('splits seconds into days, hours and minutes', () => {
    expect(splitDuration(2 * 86400 + 3 * 3600 + 5 * 60)).toEqual({ days: 2, hours: 3, minutes: 5 })
  })
})

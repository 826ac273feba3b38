import { describe, expect, it } from 'vitest'
import { FIRST_SORT_DIRECTION, SORT_COLUMNS } from '../../src/shared/domain/queue'

describe('the sort rules the screens use', () => {
  it('gives every sort column a first-click direction the way agents look', () => {
    for (const column of SORT_COLUMNS) expect(FIRST_SORT_DIRECTION[column]).toMatch(/^(asc|desc)$/)
    expect(FIRST_SORT_DIRECTION.priority).toBe('desc') // 3, urgent, first
    expect(FIRST_SORT_DIRECTION.due_at).toBe('asc') // due soonest first
    expect(FIRST_SORT_DIRECTION.updated_at).toBe('desc') // newest first
  })
})

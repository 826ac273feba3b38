import { describe, expect, it } from 'vitest'
import { IdSet } from '../../../src/main/core/export/id-set'

describe('the ids an export has written', () => {
  it('knows every id added and no other, the server’s, local (negative) and very large ones', () => {
    const set = new IdSet()
    const added = [1, 7, 8, 9, 1023, 1024, 99_999, 100_000, -1, -42, 0, 1 << 26, 2 ** 40]
    for (const id of added) set.add(id)
    for (const id of added) expect(set.has(id), String(id)).toBe(true)
    for (const id of [2, 6, 10, 1022, 1025, 99_998, 100_001, -2, (1 << 26) - 1, 2 ** 40 + 1])
      expect(set.has(id), String(id)).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { rowKeys } from '../../../../../src/renderer/src/views/queue/modules/row-keys'

const at = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i)

describe('row keys', () => {
  it('keeps a ticket on its element while it stays in view, wherever it moves', () => {
    const keys = rowKeys()
    const first = keys([10, 11, 12, 13], at(0, 4))
    // A narrower filter: 11 and 13 stay, now on rows 0 and 1.
    const next = keys([11, 13, 20, 21], at(0, 4))
    expect(next[0]).toBe(first[1])
    expect(next[1]).toBe(first[3])
    // The new tickets take the elements 10 and 12 left: nothing new is made.
    expect(new Set(next)).toEqual(new Set(first))
  })

  it('gives a new view the elements of the old one, and each row its own key', () => {
    const keys = rowKeys()
    const first = keys([1, 2, 3], at(0, 3))
    const next = keys([7, 8, 9, 10], at(0, 4))
    expect(new Set(next).size).toBe(4)
    for (const key of first) expect(next).toContain(key)
  })

  it('gives each row of an all-new page the element that held its place, so none moves', () => {
    const keys = rowKeys()
    const first = keys([1, 2, 3, 4], at(0, 4))
    expect(keys([7, 8, 9, 10], at(0, 4))).toEqual(first)
    // Two stay (now on rows 0 and 1); the new ones take the freed elements top row first.
    const second = keys([8, 10, 11, 12], at(0, 4))
    expect(second).toEqual([first[1], first[3], first[0], first[2]])
  })

  it('keys rows still loading by position, and a ticket listed twice gets two keys', () => {
    const keys = rowKeys()
    const loading = keys([null, null], at(100, 2))
    expect(keys([null, null], at(100, 2))).toEqual(loading)
    const twice = keys([5, 5, 6], at(0, 3))
    expect(new Set(twice).size).toBe(3)
  })
})

/**
 * Keys for the grid's row elements. A ticket keeps its key while it stays among the rendered
 * rows (a refresh or a narrower filter only moves its element, whose text needs no new layout);
 * a ticket coming in takes the key of one that left, so Vue patches that element instead of
 * making a new one (a view change or a scroll step rewrites rows, it does not rebuild them). The
 * freed keys go out in the order their rows stood, so a page of all-new tickets moves none either.
 * Rows still loading (no ticket yet) get keys the same way, by their position.
 */
export type RowKeys = (ids: ReadonlyArray<number | null>, indexes: readonly number[]) => number[]

export function rowKeys(): RowKeys {
  let held = new Map<string, number>()
  let made = 0
  return (ids, indexes) => {
    const names = ids.map((id, i) => (id === null ? `at ${indexes[i]}` : `id ${id}`))
    const next = new Map<string, number>()
    // A name twice (a ticket on two pages while a refresh moves it) keeps its key once only.
    const keys = names.map((name) => {
      const key = held.get(name)
      if (key === undefined || next.has(name)) return undefined
      next.set(name, key)
      return key
    })
    const kept = new Set(next.values())
    // Reversed, so pop() hands the freed keys out in the order their rows stood: on a page of
    // all-new tickets each row keeps its element, and none is moved in the DOM.
    const free = [...held.values()].filter((key) => !kept.has(key)).reverse()
    held = next
    return keys.map((key, i) => {
      if (key !== undefined) return key
      const fresh = free.pop() ?? made++
      if (!next.has(names[i]!)) next.set(names[i]!, fresh)
      return fresh
    })
  }
}

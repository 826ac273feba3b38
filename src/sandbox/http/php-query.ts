/**
 * A query string read the way PHP reads it: `a[]=1&a[]=2` and `a[0]=1&a[1]=2` are arrays, a
 * plain `a=1` is a string, and a later plain value replaces an earlier one.
 */
export function parsePhpQuery(search: string): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>()
  const indexed = new Map<string, Map<number, string>>()
  for (const [rawKey, value] of new URLSearchParams(search)) {
    const m = /^([^[\]]+)\[(\d*)\]$/.exec(rawKey)
    if (!m) {
      out.set(rawKey, value)
      continue
    }
    const key = m[1] as string
    const slot = m[2]
    let current = out.get(key)
    if (!Array.isArray(current)) {
      current = []
      out.set(key, current)
    }
    if (slot === '' || slot === undefined) {
      current.push(value)
    } else {
      const byIndex = indexed.get(key) ?? new Map<number, string>()
      byIndex.set(Number(slot), value)
      indexed.set(key, byIndex)
    }
  }
  // Explicit indexes come in index order, after any `[]` items (close enough to PHP for filters).
  for (const [key, byIndex] of indexed) {
    const current = out.get(key)
    if (!Array.isArray(current)) continue
    const sorted = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v)
    current.push(...sorted)
  }
  return out
}

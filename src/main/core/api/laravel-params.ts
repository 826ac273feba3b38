/**
 * Query strings as Laravel reads them: arrays as `statuses[]=0&statuses[]=1`; absent, null and
 * empty values left out (an empty `statuses[]` would filter everything away).
 */
export function serializeLaravelParams(params: Record<string, unknown>): string {
  const out = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) {
      for (const item of value) {
        if (item !== undefined && item !== null) out.append(`${key}[]`, String(item))
      }
    } else {
      out.append(key, String(value))
    }
  }
  return out.toString()
}

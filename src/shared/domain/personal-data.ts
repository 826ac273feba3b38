/**
 * Personal data rules shared by every shell: how a national id number is masked for display, how
 * records are masked before they leave a tool, and the last line of defence for logs (anything
 * shaped like a national id number or a token is blanked out of a line before it is written).
 */

/** National id masked as A123****89: first four and last two characters kept. */
export function maskNationalId(value: string | null | undefined): string {
  if (!value) return ''
  if (value.length <= 6) return value.slice(0, 1) + '*'.repeat(Math.max(0, value.length - 1))
  return value.slice(0, 4) + '*'.repeat(value.length - 6) + value.slice(-2)
}

/** Fields of the API's records that hold a national id number. */
export const NATIONAL_ID_FIELDS: ReadonlySet<string> = new Set(['identity_no'])

/**
 * A deep copy of `value` with every national id field masked, and any national id number typed
 * into free text (subject, content, memos) masked where it stands (CLI output, exports).
 */
export function maskPersonalFields<T>(value: T): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return maskNationalIdsInText(node)
    if (Array.isArray(node)) return node.map(walk)
    if (node === null || typeof node !== 'object') return node
    const out: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(node)) {
      out[key] =
        NATIONAL_ID_FIELDS.has(key) && typeof child === 'string'
          ? maskNationalId(child)
          : walk(child)
    }
    return out
  }
  return walk(value) as T
}

/**
 * Taiwan's national id (letter, 1 or 2, eight digits) and resident certificate numbers (letter,
 * A-D or 8-9, eight digits), upper or lower case, not inside a longer word.
 */
const NATIONAL_ID = /(?<![A-Za-z0-9])[A-Za-z][12ABCDabcd89]\d{8}(?!\d)/g
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi
/** `token=…`, `"token":"…"`, `secret: …`, `authorization=…` and the like. */
const KEYED_SECRET =
  /(["']?\b(?:token|secret|password|passwd|authorization|api[_-]?key|cache[_-]?key)["']?\s*[:=]\s*["']?)(?!\[redacted\]|Bearer\b|Basic\b)([^"'\s,&}]+)/gi
const SECRET_KEY = /token|secret|password|passwd|authorization|api[_-]?key|cache[_-]?key|cookie/i

export const REDACTED = '[redacted]'

/** Masks every national id number inside a piece of free text, leaving the rest as typed. */
export function maskNationalIdsInText(text: string): string {
  return text.replace(NATIONAL_ID, (id) => maskNationalId(id))
}

/** Blanks out national id numbers and tokens from a line of text. */
export function redactText(text: string): string {
  return maskNationalIdsInText(text)
    .replace(BEARER, (_all, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(KEYED_SECRET, (_all, key: string) => `${key}${REDACTED}`)
}

/** A copy of a log entry's detail with secret-named keys blanked and every string redacted. */
export function redactDetail(detail: unknown, depth = 0): unknown {
  if (typeof detail === 'string') return redactText(detail)
  if (depth > 8 || detail === null || typeof detail !== 'object') return detail
  if (Array.isArray(detail)) return detail.map((item) => redactDetail(item, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(detail)) {
    if (SECRET_KEY.test(key) && value !== null && value !== undefined && value !== false)
      out[key] = REDACTED
    else if (NATIONAL_ID_FIELDS.has(key) && typeof value === 'string')
      out[key] = maskNationalId(value)
    else out[key] = redactDetail(value, depth + 1)
  }
  return out
}

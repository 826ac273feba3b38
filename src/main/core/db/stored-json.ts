/** Reading a ticket's stored JSON when it may be damaged (a stray control byte). */
import type { Ticket } from '../../../shared/domain/api-schemas'

/**
 * The stored JSON, parsed. Damage (a stray control byte, as a bad sector or a foreign writer
 * leaves) is salvaged where it can be, by escaping control characters (JSON.stringify never
 * writes them raw); null when even that does not parse.
 */
export function parseStored(json: string): Ticket | null {
  try {
    return JSON.parse(json) as Ticket
  } catch {
    try {
      const escaped = json.replace(
        /[\u0000-\u001f]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      )
      return JSON.parse(escaped) as Ticket
    } catch {
      return null
    }
  }
}

/** Whether the stored JSON parses as it is. */
export function isIntact(json: string): boolean {
  try {
    JSON.parse(json)
    return true
  } catch {
    return false
  }
}

/**
 * How a form's draft is named: per ticket (`ticket:ID`), for a new ticket for a caller
 * (`new:CONTACT`) or for a new ticket (`new`). Kept apart from the outbox's schemas, so the
 * screens that only name drafts (the start-up note is on the first screen) load no validator.
 */

/** Every valid draft key (outbox.ts validates with it). */
export const DRAFT_KEY_RE = /^(new(:\d+)?|ticket:\d+)$/

/** What a form's draft is for: a ticket's edit, or a new ticket (for a caller, or for nobody yet). */
export interface DraftTarget {
  ticketId: number | null
  contactId: number | null
}

/** The one spelling of a form's draft key. */
export function draftKeyOf({ ticketId, contactId }: DraftTarget): string {
  if (ticketId !== null) return `ticket:${ticketId}`
  return contactId !== null ? `new:${contactId}` : 'new'
}

/** What a draft key is for (the key is valid: DRAFT_KEY_RE). */
export function draftTarget(key: string): DraftTarget {
  const [kind, id] = key.split(':')
  const n = id === undefined ? null : Number(id)
  return kind === 'ticket' ? { ticketId: n, contactId: null } : { ticketId: null, contactId: n }
}

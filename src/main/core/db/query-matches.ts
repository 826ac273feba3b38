/**
 * Decoration of a page of search results: which words each row matched where, for the
 * highlights (see search-highlight.ts).
 */
import type { TicketRow } from '../../../shared/domain/queue'
import type { Db } from './open-database'
import { rowMatch, type MatchSource } from './search-highlight'
import { stmt } from './statements'
import type { SearchSet } from './ticket-search'

// The contact is a snapshot reference in the stored ticket (ticket-doc.ts).
const MATCH_SOURCE = `SELECT j.value AS id, json_extract(t.json, '$.content') AS content,
  json_extract(c.json, '$.membership_no') AS membershipNo,
  json_extract(c.json, '$.identity_no') AS identityNo
  FROM json_each(?) AS j CROSS JOIN ticket_json AS t ON t.id = j.value
  LEFT JOIN snapshots AS c ON c.id = json_extract(t.json, '$.contact')`
/** Each row's `match`: which words it matched where (see search-highlight.ts). */
export function withMatches(db: Db, page: TicketRow[], set: SearchSet): TicketRow[] {
  if (page.length === 0) return page
  const extra = new Map<number, Omit<MatchSource, 'subject' | 'contactName'>>()
  for (const r of stmt(db, MATCH_SOURCE).all(JSON.stringify(page.map((p) => p.id))) as {
    id: number
    content: unknown
    membershipNo: unknown
    identityNo: unknown
  }[]) {
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
    extra.set(r.id, {
      id: r.id,
      content: str(r.content),
      membershipNo: str(r.membershipNo),
      identityNo: str(r.identityNo),
    })
  }
  const words = set.words.map((w) => w.text)
  const ids = set.ticketIds.map((t) => t.id)
  return page.map((row) => {
    const more = extra.get(row.id)
    const match = rowMatch(
      {
        id: row.id,
        subject: row.subject,
        contactName: row.contactName,
        content: more?.content ?? null,
        membershipNo: more?.membershipNo ?? null,
        identityNo: more?.identityNo ?? null,
      },
      words,
      ids,
    )
    return { ...row, match }
  })
}

/**
 * Drafts of what the agent is typing in a form, kept in the outbox's file (table `drafts`, FULL
 * durability) so a crash or a closed window loses no typing. Plain functions on the outbox's
 * database; the store exposes them.
 */
import type { Draft } from '../../../shared/domain/outbox'
import type { Db } from '../db/open-database'

interface DraftRow {
  key: string
  ticket_values: string
  base_updated_at: string | null
  base_values: string | null
  updated_at: string
}

function draftOf(row: DraftRow): Draft {
  return {
    key: row.key,
    values: JSON.parse(row.ticket_values) as Record<string, unknown>,
    baseUpdatedAt: row.base_updated_at,
    baseValues:
      row.base_values === null ? null : (JSON.parse(row.base_values) as Record<string, unknown>),
    updatedAt: row.updated_at,
  }
}

export function getDraft(db: Db, key: string): Draft | null {
  const row = db.prepare<[string], DraftRow>('SELECT * FROM drafts WHERE key = ?').get(key)
  return row ? draftOf(row) : null
}

/**
 * Every draft kept, the latest typed first. One whose text cannot be read back is left out of
 * the list (and stays in the file: nothing typed is deleted unasked).
 */
export function listDrafts(db: Db): Draft[] {
  const rows = db.prepare<[], DraftRow>('SELECT * FROM drafts ORDER BY updated_at DESC, key').all()
  const out: Draft[] = []
  for (const row of rows) {
    try {
      out.push(draftOf(row))
    } catch {
      // Damaged JSON: not shown; sign-out still clears it with the rest.
    }
  }
  return out
}

export function saveDraft(db: Db, draft: Omit<Draft, 'updatedAt'>, at: string): Draft {
  db.prepare(
    `INSERT INTO drafts (key, ticket_values, base_updated_at, base_values, updated_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET ticket_values = excluded.ticket_values,
       base_updated_at = excluded.base_updated_at, base_values = excluded.base_values,
       updated_at = excluded.updated_at`,
  ).run(
    draft.key,
    JSON.stringify(draft.values),
    draft.baseUpdatedAt,
    draft.baseValues === null ? null : JSON.stringify(draft.baseValues),
    at,
  )
  return { ...draft, updatedAt: at }
}

export function clearDraft(db: Db, key: string): void {
  db.prepare('DELETE FROM drafts WHERE key = ?').run(key)
}

/** Every draft: they belong to the server and the agent of the connection that ends. */
export function clearAllDrafts(db: Db): number {
  return db.prepare('DELETE FROM drafts').run().changes
}

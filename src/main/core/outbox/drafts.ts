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

export function getDraft(db: Db, key: string): Draft | null {
  const row = db.prepare<[string], DraftRow>('SELECT * FROM drafts WHERE key = ?').get(key)
  if (!row) return null
  return {
    key: row.key,
    values: JSON.parse(row.ticket_values) as Record<string, unknown>,
    baseUpdatedAt: row.base_updated_at,
    baseValues:
      row.base_values === null ? null : (JSON.parse(row.base_values) as Record<string, unknown>),
    updatedAt: row.updated_at,
  }
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

export function countDrafts(db: Db): number {
  return db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM drafts').get()?.n ?? 0
}

/** Every draft: they belong to the server and the agent of the connection that ends. */
export function clearAllDrafts(db: Db): number {
  return db.prepare('DELETE FROM drafts').run().changes
}

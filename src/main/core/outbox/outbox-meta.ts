/**
 * The outbox file's bookkeeping beside the entries (table `outbox_meta`): who may send (one sender
 * per outbox, across processes) and the highest ticket id seen, the floor a create's look-up
 * starts above. Plain functions on the outbox's database; the store exposes them.
 */
import { hostname } from 'node:os'
import type { Db } from '../db/open-database'
import { heldByOther, type ProcessHolder } from '../db/sync-lock'

/**
 * Takes the right to send for `token` (one sender per outbox, across processes: the app, a
 * browser host, the CLI on one file). Inside BEGIN IMMEDIATE, so two processes cannot both take
 * it; a holder whose process is gone is taken over (its `sending` entries are then settled as
 * lost answers). Returns the other holder while someone else has it.
 */
export function claimSender(db: Db, token: string): ProcessHolder | null {
  return db
    .transaction((): ProcessHolder | null => {
      const holder = readSender(db)
      if (heldByOther(holder ?? undefined, token)) return holder
      const mine: ProcessHolder = { pid: process.pid, host: hostname(), token }
      db.prepare(
        `INSERT INTO outbox_meta (key, value) VALUES ('sender', ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      ).run(JSON.stringify(mine))
      return null
    })
    .immediate()
}

/** Gives the right to send back, if `token` has it. */
export function releaseSender(db: Db, token: string): void {
  db.transaction(() => {
    const holder = readSender(db)
    if (holder && holder.pid === process.pid && holder.token === token)
      db.prepare("DELETE FROM outbox_meta WHERE key = 'sender'").run()
  }).immediate()
}

function readSender(db: Db): ProcessHolder | null {
  const row = db
    .prepare<[], { value: string }>("SELECT value FROM outbox_meta WHERE key = 'sender'")
    .get()
  if (!row) return null
  try {
    return JSON.parse(row.value) as ProcessHolder
  } catch {
    return null
  }
}

/** The highest ticket id this outbox has seen (survives a cleared cache). */
export function knownMaxId(db: Db): number {
  const row = db
    .prepare<[], { value: string }>("SELECT value FROM outbox_meta WHERE key = 'maxId'")
    .get()
  return row ? Number(row.value) : 0
}

export function raiseKnownMaxId(db: Db, id: number): void {
  db.prepare(
    `INSERT INTO outbox_meta (key, value) VALUES ('maxId', ?)
     ON CONFLICT(key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), excluded.value)`,
  ).run(String(id))
}

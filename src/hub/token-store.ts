/**
 * The tokens the vendor accepted, kept in the hub's (encrypted) store as SHA-256 hashes with the
 * time of their check: a restarted hub admits the floor's desktops at once instead of asking the
 * vendor about each again (at its pace of a few a second, a floor of 1,000 would wait minutes and
 * sync directly meanwhile). A token is still asked about again once its check is older than the
 * recheck period, as before the restart.
 */
import type { Db } from '../main/core/db/open-database'

const SCHEMA = `CREATE TABLE IF NOT EXISTS hub_tokens (
  hash TEXT PRIMARY KEY,
  checked_at INTEGER NOT NULL
)`

export interface AcceptedToken {
  hash: string
  at: number
}

export interface TokenStore {
  /** The accepted tokens checked after `since` (ms since the epoch). */
  load(since: number): AcceptedToken[]
  accepted(token: AcceptedToken): void
  /** The vendor refused it (or it was dropped): no longer admitted from the store. */
  forget(hash: string): void
}

/** The store on the hub's connection; `db` is asked each time (a rebuilt store is a new file). */
export function sqliteTokenStore(db: () => Db): TokenStore {
  const ready = (): Db => {
    const d = db()
    d.exec(SCHEMA)
    return d
  }
  return {
    load(since) {
      const d = ready()
      d.prepare('DELETE FROM hub_tokens WHERE checked_at <= ?').run(since)
      return d
        .prepare('SELECT hash, checked_at AS at FROM hub_tokens ORDER BY checked_at')
        .all() as AcceptedToken[]
    },
    accepted({ hash, at }) {
      ready()
        .prepare(
          'INSERT INTO hub_tokens (hash, checked_at) VALUES (?, ?) ' +
            'ON CONFLICT (hash) DO UPDATE SET checked_at = excluded.checked_at',
        )
        .run(hash, at)
    },
    forget(hash) {
      ready().prepare('DELETE FROM hub_tokens WHERE hash = ?').run(hash)
    },
  }
}

/** Prepared statements cached per connection and SQL text, so hot paths never re-prepare. */
import type { Statement } from 'better-sqlite3-multiple-ciphers'
import type { Db } from './open-database'

const caches = new WeakMap<Db, Map<string, Statement>>()

export function stmt(db: Db, sql: string): Statement {
  let cache = caches.get(db)
  if (!cache) {
    cache = new Map()
    caches.set(db, cache)
  }
  let prepared = cache.get(sql)
  if (!prepared) {
    // Bounded: queue queries vary only by which filters are set, but never let it grow forever.
    if (cache.size > 500) cache.clear()
    prepared = db.prepare(sql)
    cache.set(sql, prepared)
  }
  return prepared
}

import { AppError } from '../../../shared/domain/errors'
import { MIGRATIONS } from './migrations'
import type { Migration } from './migrations/migration'
import type { Db } from './open-database'

export function schemaVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }))
}

/**
 * Brings the file to the newest schema: every pending migration in one transaction, so a crash
 * leaves the old version intact. A file written by a newer app is refused, never downgraded.
 */
export function runMigrations(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const from = schemaVersion(db)
  const latest = migrations[migrations.length - 1]?.version ?? 0
  if (from > latest) {
    throw new AppError({
      code: 'cache_unavailable',
      message:
        `The cache file has schema version ${from} but this app knows only up to ${latest}: ` +
        'the app is older than the cache. Update the app, or remove the cache file to rebuild it.',
    })
  }
  const pending = migrations.filter((m) => m.version > from)
  if (pending.length === 0) return { from, to: from }
  db.transaction(() => {
    for (const migration of pending) {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    }
  })()
  // Only for a file that had tickets: a new one has nothing to give back.
  if (from > 0 && pending.some((m) => m.vacuumAfter)) {
    try {
      db.exec('VACUUM')
    } catch {
      // E.g. no room for its temporary copy: the migrated file is whole, only larger.
    }
  }
  return { from, to: latest }
}

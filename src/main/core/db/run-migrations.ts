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
  if (!migrations.some((m) => m.version > from)) return { from, to: from }
  // IMMEDIATE takes the write lock before the version is read again: two processes opening a new
  // file at once (two CLI commands on one --db) would otherwise both see version 0 and the second
  // would fail on "table already exists" once the first committed.
  let ran: readonly Migration[] = []
  db.transaction(() => {
    const current = schemaVersion(db)
    ran = migrations.filter((m) => m.version > current)
    for (const migration of ran) {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    }
  }).immediate()
  const pending = ran
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

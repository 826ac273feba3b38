/** Classifies better-sqlite3's errors by their SQLite result code. */

function sqliteCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null
}

/** The file's content is damaged or not a database at all: set it aside and rebuild. */
export function isCorruption(error: unknown): boolean {
  const code = sqliteCode(error)
  return code !== null && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
}

/** Another process holds the file, or we may not write it: the file itself is fine. */
export function isBusyOrDenied(error: unknown): boolean {
  const code = sqliteCode(error)
  if (code === null) {
    const errno = (error as { code?: unknown } | null)?.code
    return errno === 'EACCES' || errno === 'EPERM' || errno === 'EBUSY'
  }
  return (
    code.startsWith('SQLITE_BUSY') ||
    code.startsWith('SQLITE_LOCKED') ||
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_PERM' ||
    code === 'SQLITE_AUTH'
  )
}

/** Turns any failure into one line for the terminal and an exit code (never a stack). */
import { AppError } from '../shared/domain/errors'

export class UsageError extends Error {}

const HINTS: Partial<Record<string, string>> = {
  offline: 'the API cannot be reached; check --api-url and the network',
  timeout: 'the API did not answer in time',
  unauthorized:
    'the API refused the token (401); check AGENT_CONSOLE_TOKEN, --token-stdin or --token',
  not_this_api: 'the address answers, but not as the ticket API; check --api-url',
  cache_unavailable: 'the cache file cannot be used',
  damaged_record: 'run `sync` to fetch it again',
  busy: 'try again when it is done',
}

export function describeError(error: unknown): { line: string; exitCode: number } {
  if (error instanceof UsageError) return { line: `error: ${error.message}`, exitCode: 2 }
  if (error instanceof AppError) {
    const hint = HINTS[error.code]
    return { line: `error: ${error.message}${hint ? ` (${hint})` : ''}`, exitCode: 1 }
  }
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    return { line: `error: ${(error as Error).message} (try --help)`, exitCode: 2 }
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return {
      line: 'error: the cache file is locked by another process; try again when it is done',
      exitCode: 1,
    }
  }
  if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code)) {
    return { line: 'error: the cache file is damaged; run `sync` to rebuild it', exitCode: 1 }
  }
  const message = error instanceof Error ? error.message : String(error)
  return { line: `error: ${message.split('\n')[0]}`, exitCode: 1 }
}

/**
 * The core's logger port. Never pass personal data (national id numbers, tokens) to it; as a last
 * line of defence every line is redacted by pattern before it is written (`formatLogLine`), and
 * the shells decide where lines go (stderr in Node, a rotating file in the desktop app).
 */
import { redactDetail, redactText } from '../../shared/domain/personal-data'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']

export interface Logger {
  debug(message: string, detail?: Record<string, unknown>): void
  info(message: string, detail?: Record<string, unknown>): void
  warn(message: string, detail?: Record<string, unknown>): void
  error(message: string, detail?: Record<string, unknown>): void
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
}

/** The text of one entry (without time and level), redacted: what every sink writes. */
export function formatLogLine(message: string, detail?: Record<string, unknown>): string {
  let extra = ''
  if (detail) {
    try {
      extra = ' ' + JSON.stringify(redactDetail(detail))
    } catch {
      extra = ' [detail not serializable]'
    }
  }
  return redactText(message) + extra
}

/** A logger that hands each redacted line to `sink`, dropping levels below `level`. */
export function createLineLogger(
  level: LogLevel,
  sink: (level: LogLevel, line: string) => void,
): Logger {
  const min = LOG_LEVELS.indexOf(level)
  const write =
    (lvl: LogLevel) =>
    (message: string, detail?: Record<string, unknown>): void => {
      if (LOG_LEVELS.indexOf(lvl) >= min) sink(lvl, formatLogLine(message, detail))
    }
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') }
}

/** Writes one line per entry to stderr; used by the CLI, the browser host and the sandbox. */
export function createStderrLogger(level: LogLevel = 'info'): Logger {
  return createLineLogger(level, (lvl, line) =>
    process.stderr.write(`[${new Date().toISOString()}] ${lvl} ${line}\n`),
  )
}

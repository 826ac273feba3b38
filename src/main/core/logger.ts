/**
 * The core's logger port. Never pass personal data (national id numbers, tokens) to it; the
 * shells decide where lines go. Today all of them (the desktop app and its core worker, the
 * browser host, the sandbox) write to stderr with createStderrLogger; none writes a log file.
 */
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

/** Writes one line per entry to stderr; used by the CLI, the browser host and the sandbox. */
export function createStderrLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = ['debug', 'info', 'warn', 'error'] as const
  const min = order.indexOf(level)
  const write =
    (lvl: (typeof order)[number]) =>
    (message: string, detail?: Record<string, unknown>): void => {
      if (order.indexOf(lvl) < min) return
      const extra = detail ? ' ' + JSON.stringify(detail) : ''
      process.stderr.write(`[${new Date().toISOString()}] ${lvl} ${message}${extra}\n`)
    }
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') }
}

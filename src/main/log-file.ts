/**
 * The desktop app's log: one line per entry, already redacted by the core's formatLogLine, in
 * `<logs folder>/agent-console.log`, rotated at 5 MB with three older files kept
 * (agent-console.1.log is the newest of them), so an IT team can ask an agent for the folder.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { createLineLogger, type Logger, type LogLevel } from './core'

export const LOG_FILE = 'agent-console.log'

export interface LogFileOptions {
  dir: string
  level: LogLevel
  maxBytes?: number
  keep?: number
  /** Also to stderr (development). */
  echo?: boolean
}

export function createFileLogger(options: LogFileOptions): Logger & { file: string } {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024
  const keep = options.keep ?? 3
  const file = join(options.dir, LOG_FILE)
  mkdirSync(options.dir, { recursive: true, mode: 0o700 })
  let size = existsSync(file) ? statSync(file).size : 0

  const rotate = (): void => {
    rmSync(join(options.dir, `agent-console.${keep}.log`), { force: true })
    for (let i = keep - 1; i >= 1; i--) {
      const from = join(options.dir, `agent-console.${i}.log`)
      if (existsSync(from)) renameSync(from, join(options.dir, `agent-console.${i + 1}.log`))
    }
    if (existsSync(file)) renameSync(file, join(options.dir, 'agent-console.1.log'))
    size = 0
  }

  const logger = createLineLogger(options.level, (level, line) => {
    const text = `[${new Date().toISOString()}] ${level} ${line}\n`
    if (options.echo) process.stderr.write(text)
    try {
      if (size + text.length > maxBytes) rotate()
      appendFileSync(file, text, { mode: 0o600 })
      size += Buffer.byteLength(text)
    } catch {
      // A full or read-only disk must not stop the app; stderr still has the line.
    }
  })
  return Object.assign(logger, { file })
}

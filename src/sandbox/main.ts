/**
 * `npm run sandbox -- [--port N] [--db FILE] [--tickets N] [--seed S] [--token T]
 *   [--per-page-cap N] [--open-share F] [--time-zone ZONE] [--no-gzip]`
 * Prints the sandbox's URL on stdout; logs go to stderr; stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util'
import { createStderrLogger } from '../main/core/logger'
import { startSandbox } from './server'

function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`--${name} must be a whole number, got "${value}"\n`)
    process.exit(2)
  }
  return n
}

function shareOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    process.stderr.write(`--${name} must be a number from 0 to 1, got "${value}"\n`)
    process.exit(2)
  }
  return n
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      db: { type: 'string' },
      tickets: { type: 'string' },
      seed: { type: 'string' },
      token: { type: 'string' },
      'per-page-cap': { type: 'string' },
      'open-share': { type: 'string' },
      'time-zone': { type: 'string' },
      'no-gzip': { type: 'boolean' },
    },
  })
  const logger = createStderrLogger('info')
  const port = intOption('port', values.port)
  const tickets = intOption('tickets', values.tickets)
  const seed = intOption('seed', values.seed)
  const perPageCap = intOption('per-page-cap', values['per-page-cap'])
  const openShare = shareOption('open-share', values['open-share'])
  const timeZone = values['time-zone']
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    process.stderr.write(
      `--time-zone must be an IANA zone such as Asia/Taipei, got "${timeZone}"\n`,
    )
    process.exit(2)
  }
  const started = Date.now()
  const sandbox = await startSandbox({
    ...(port !== undefined ? { port } : {}),
    ...(values.db !== undefined ? { dbPath: values.db } : {}),
    ...(tickets !== undefined ? { tickets } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(values.token !== undefined ? { token: values.token } : {}),
    ...(perPageCap !== undefined ? { perPageCap } : {}),
    ...(openShare !== undefined ? { openShare } : {}),
    ...(timeZone !== undefined ? { timeZone } : {}),
    ...(values['no-gzip'] ? { gzip: false } : {}),
    logger,
  })
  logger.info('sandbox ready', { ms: Date.now() - started, apiBase: sandbox.apiBase })
  process.stdout.write(sandbox.url + '\n')

  const stop = (signal: string): void => {
    logger.info('sandbox stopping', { signal })
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox failed to start: ${String(error)}\n`)
  process.exit(1)
})

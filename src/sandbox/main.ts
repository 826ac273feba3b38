/**
 * `npm run sandbox -- [--port N] [--db FILE] [--tickets N] [--seed S] [--token T]`
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      db: { type: 'string' },
      tickets: { type: 'string' },
      seed: { type: 'string' },
      token: { type: 'string' },
      'per-page-cap': { type: 'string' },
    },
  })
  const logger = createStderrLogger('info')
  const port = intOption('port', values.port)
  const tickets = intOption('tickets', values.tickets)
  const seed = intOption('seed', values.seed)
  const perPageCap = intOption('per-page-cap', values['per-page-cap'])
  const started = Date.now()
  const sandbox = await startSandbox({
    ...(port !== undefined ? { port } : {}),
    ...(values.db !== undefined ? { dbPath: values.db } : {}),
    ...(tickets !== undefined ? { tickets } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(values.token !== undefined ? { token: values.token } : {}),
    ...(perPageCap !== undefined ? { perPageCap } : {}),
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

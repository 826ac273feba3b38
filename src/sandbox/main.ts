/**
 * `npm run sandbox -- [options]` (see HELP). Prints the sandbox's URL on stdout; logs go to
 * stderr; stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util'
import { stopOnSignals } from '../main/core/host/node-host'
import { createStderrLogger } from '../main/core/logger'
import { startSandbox } from './server'

export const HELP = `Agent Console sandbox: a stand-in for the vendor's ticket API, for demos, training and tests

Usage: npm run sandbox -- [options]
  --port N           port on 127.0.0.1 (default: a free one)
  --db FILE          keep the generated data in this SQLite file (default: in memory)
  --tickets N        how many tickets to generate (default 200)
  --seed S           seed of the generated data (default 1; the same seed, the same tickets)
  --token T          require "Authorization: Bearer T" on the API (default: no token)
  --per-page-cap N   the most rows one page may return (default 100, as the vendor's API)
  --open-share F     share of generated tickets left open, 0 to 1
  --time-zone ZONE   the server's time zone for its datetimes (default Asia/Taipei)
  --no-gzip          never compress answers (by default gzip when the client asks)
  -h, --help         this text

It prints its root address, e.g. http://127.0.0.1:PORT. The ticket API is under /api/v1 (give
that to the console: npm run web -- --api-url http://127.0.0.1:PORT/api/v1); the root itself
answers "not found" in a browser.

Control surface (what the real API does not have), under /__sandbox, JSON, never faulted:
  GET    /__sandbox/health              ok and the ticket count
  GET    /__sandbox/tickets             every ticket's id and updated_at
  POST   /__sandbox/tickets             create a ticket as another agent ("creater_id": N)
  GET    /__sandbox/tickets/ID          one ticket as stored
  PUT    /__sandbox/tickets/ID          change a ticket as another agent (e.g. {"handler_id": 7}
                                        hands it to employee 7: their console raises an alert)
  DELETE /__sandbox/tickets/ID          delete a ticket as another agent
  PUT    /__sandbox/faults              inject faults into /api: {"latencyMs": 800},
                                        {"errorRate": 0.2}, {"burst429": {"count": 3,
                                        "retryAfterSec": 10}}, {"dropRate": 0.1},
                                        {"failNext": {"count": 1, "status": 503, "method": "PUT"}}
  GET    /__sandbox/faults, DELETE /__sandbox/faults   read or clear them
  GET    /__sandbox/stats, DELETE /__sandbox/stats     requests, answers and bytes per route
  PUT    /__sandbox/clock               pin the server's clock: {"now": "2026-12-01 09:00:00"}
                                        ({"now": null} lets it run again)
Example: curl -X PUT -H 'content-type: application/json' -d '{"handler_id": 7}' \\
           http://127.0.0.1:PORT/__sandbox/tickets/3450
`

const OPTIONS = {
  port: { type: 'string' },
  db: { type: 'string' },
  tickets: { type: 'string' },
  seed: { type: 'string' },
  token: { type: 'string' },
  'per-page-cap': { type: 'string' },
  'open-share': { type: 'string' },
  'time-zone': { type: 'string' },
  'no-gzip': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

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
  let parsed
  try {
    parsed = parseArgs({ options: OPTIONS })
  } catch (error) {
    process.stderr.write(
      `error: ${error instanceof Error ? error.message : String(error)}\n` +
        `Run npm run sandbox -- --help for the options.\n`,
    )
    process.exit(2)
  }
  const { values } = parsed
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
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

  stopOnSignals(async () => {
    logger.info('sandbox stopping')
    await sandbox.close()
  })
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox failed to start: ${String(error)}\n`)
  process.exit(1)
})

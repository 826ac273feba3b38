/**
 * `npm run web -- [--api-url URL] [--token T] [--db FILE] [--port N]`: the browser host. Runs the
 * core in Node and prints the address to open (with its per-start secret).
 */
import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createStderrLogger } from '../main/core/logger'
import { createMemorySecretStore } from '../main/core/settings/secret-store'
import { startCoreWorker } from '../main/core/worker/core-worker-client'
import { startWebHost } from './web-host'

const HELP = `Agent Console browser host

Usage: npm run web -- [options]
  --api-url URL   start connected to this ticket API (e.g. http://127.0.0.1:8080/api/v1)
  --token T       bearer token for the API (kept in memory only)
  --db FILE       cache file (default ~/.agent-console/web/cache.sqlite)
  --port N        port on 127.0.0.1 (default: a free one)
  --static DIR    built renderer (default out/web)
  -h, --help      this text
`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'api-url': { type: 'string' },
      token: { type: 'string' },
      db: { type: 'string' },
      port: { type: 'string' },
      static: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`error: --port must be a number from 0 to 65535\n`)
    process.exit(2)
  }
  const dbPath = resolve(values.db ?? join(homedir(), '.agent-console', 'web', 'cache.sqlite'))
  mkdirSync(dirname(dbPath), { recursive: true })
  const logger = createStderrLogger('info')
  // Tokens stay in memory in the browser host; the core runs in a worker thread, as in the app.
  const secrets = createMemorySecretStore(values.token ?? null)
  const core = await startCoreWorker({
    script: new URL('../main/core/worker/ts-worker-loader.mjs', import.meta.url),
    extraData: { tsEntry: new URL('../main/core/worker/core-worker.ts', import.meta.url).href },
    core: {
      host: 'web',
      version: process.env['npm_package_version'] ?? '0.0.0',
      dataDir: dirname(dbPath),
      dbPath,
      logLevel: 'info',
      ...(values['api-url'] ? { connect: { apiUrl: values['api-url'] } } : {}),
    },
    readToken: () => secrets.get(),
    storeToken: (token) => secrets.set(token),
    logger,
  })
  const host = await startWebHost({
    core,
    staticDir: resolve(values.static ?? 'out/web'),
    port,
    logger,
  })
  process.stdout.write(`Agent Console is running. Open ${host.openUrl}\n`)

  const stop = async (): Promise<void> => {
    await host.close()
    await core.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})

/**
 * `npm run web -- [--api-url URL] [--db FILE] [--port N]`: the browser host. Runs the core in Node
 * and prints the address to open (with its per-start secret). The token comes from
 * AGENT_CONSOLE_TOKEN, --token-stdin or --token.
 */
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startWebHost } from './web-host'
import {
  checkTokenAddresses,
  confirmDiscard,
  createMemorySecretStore,
  createStderrLogger,
  DISCARD_FLAG,
  DISCARD_WORD,
  failUsage,
  LOG_LEVELS,
  parsePort,
  privateDir,
  readHostToken,
  runHost,
  startCoreWorker,
  stopOnSignals,
  TOKEN_ENV,
  type LogLevel,
} from '../main/core'

const HELP = `Agent Console browser host

Usage: npm run web -- [options]
  --api-url URL   start connected to this ticket API (e.g. http://127.0.0.1:8080/api/v1)
  --token-stdin   read the API token from the first line of standard input
  --token T       the API token (visible in the process list: prefer ${TOKEN_ENV}=T)
  --allow-insecure  accept an http:// --api-url that is not this computer
  --hub-url URL   follow this team hub (npm run hub) instead of each desktop reading the API
  --db FILE       cache file (default ~/.agent-console/web/cache.sqlite), encrypted with the
                  key in FILE.key (made when missing; the CLI uses the same one)
  --port N        port on 127.0.0.1 (default: a free one)
  --static DIR    built renderer (default out/web)
  ${DISCARD_FLAG}
                  when the key file is lost or changed while edits wait (the host then stops
                  and says so): set those edits aside, after typing ${DISCARD_WORD}
  --log-level L   what goes to standard error: debug, info (default), warn or error
  -h, --help      this text
`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'api-url': { type: 'string' },
      'hub-url': { type: 'string' },
      token: { type: 'string' },
      'token-stdin': { type: 'boolean' },
      'allow-insecure': { type: 'boolean' },
      db: { type: 'string' },
      port: { type: 'string' },
      static: { type: 'string' },
      'discard-waiting-edits': { type: 'boolean' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const port = parsePort(values.port)
  const dbPath = resolve(values.db ?? join(homedir(), '.agent-console', 'web', 'cache.sqlite'))
  // The default folder is ours: made (or tightened to) 0700. A --db elsewhere keeps its folder's
  // mode; the cache, its key file and settings are 0600 wherever they are.
  privateDir(dirname(dbPath), { tighten: values.db === undefined })
  const logLevel = (values['log-level'] ?? 'info') as LogLevel
  if (!LOG_LEVELS.includes(logLevel))
    failUsage(`--log-level must be one of ${LOG_LEVELS.join(', ')}`)
  const logger = createStderrLogger(logLevel)
  const apiUrl = values['api-url']
  const hubUrl = values['hub-url']
  const allowInsecure = values['allow-insecure'] ?? false
  // The hub is sent the agent's vendor token on every request: the same rule as the API's.
  checkTokenAddresses([apiUrl, hubUrl], allowInsecure)
  const discardWaitingEdits = values['discard-waiting-edits'] ?? false
  if (discardWaitingEdits) {
    if (values['token-stdin'])
      throw new Error(
        `${DISCARD_FLAG} reads its confirmation from standard input: give the token in ${TOKEN_ENV}`,
      )
    await confirmDiscard()
  }
  const token = await readHostToken({
    flag: values.token,
    fromStdin: values['token-stdin'],
    logger,
  })
  // Tokens stay in memory in the browser host; the core runs in a worker thread, as in the app.
  const secrets = createMemorySecretStore()
  const core = await startCoreWorker({
    script: new URL('../main/core/worker/ts-worker-loader.mjs', import.meta.url),
    extraData: { tsEntry: new URL('../main/core/worker/core-worker.ts', import.meta.url).href },
    core: {
      host: 'web',
      version: process.env['npm_package_version'] ?? '0.0.0',
      dataDir: dirname(dbPath),
      dbPath,
      logLevel,
      ...(discardWaitingEdits ? { discardWaitingEdits } : {}),
      ...(hubUrl ? { hubUrl } : {}),
      ...(apiUrl
        ? {
            connect: {
              apiUrl,
              allowInsecure,
              ...(token !== undefined ? { token } : {}),
            },
          }
        : {}),
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

  stopOnSignals(async () => {
    await host.close()
    await core.close()
  })
}

runHost(main)

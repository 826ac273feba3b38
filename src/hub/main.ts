/**
 * `npm run hub -- --api-url URL [--db FILE] [--port N] [--host ADDR]`: the team hub, one per call
 * center. Its vendor token comes from AGENT_CONSOLE_TOKEN or --token-stdin. Prints its address
 * (`http://127.0.0.1:PORT`) on a line of its own once it listens.
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  checkTokenAddresses,
  createStderrLogger,
  failUsage,
  keyFromFile,
  parsePort,
  privateDir,
  readHostToken,
  runHost,
  stopOnSignals,
  TOKEN_ENV,
} from '../main/core'
import { isLoopbackHost } from '../shared/domain/api-address'
import { DEFAULT_SERVER_TIME_ZONE, isValidTimeZone } from '../shared/domain/server-time'
import { HUB_LIMITS } from '../shared/hub/protocol'
import { DEFAULT_HUB_LIMITS, startHubServer } from './hub-server'
import { DEFAULT_HUB_TIERS, Ingester } from './ingester'

const HELP = `Agent Console team hub

Usage: npm run hub -- --api-url URL [options]
  --api-url URL        the vendor's ticket API (e.g. https://tickets.example.com/api/v1)
  --token-stdin        read the hub's vendor token from the first line of standard input
                       (or set ${TOKEN_ENV})
  --db FILE            the hub's store (default ~/.agent-console/hub/hub.sqlite), encrypted with
                       the key in FILE.key (made when missing)
  --host ADDR          address to listen on (default 127.0.0.1); any other needs --tls-cert and
                       --tls-key, or --allow-insecure
  --port N             port (default: a free one)
  --tls-cert FILE      PEM certificate: serve https
  --tls-key FILE       PEM private key of --tls-cert
  --allow-insecure     serve plain http on a non-loopback address (warned at every start), and
                       accept an http:// --api-url that is not this computer
  --server-time-zone Z the vendor's time zone (default ${DEFAULT_SERVER_TIME_ZONE})
  --retention-days N   keep changes and tombstones N days (default ${HUB_LIMITS.retentionDays}, at least 8)
Tuning (defaults in README "Team hub"): --new-ms, --open-ms, --lookups-ms, --all-ms,
  --pace-page-ms, --token-recheck-ms, --presence-ttl-ms, --ping-ms, --request-burst,
  --touched-burst, --streams-per-token
  -h, --help           this text
`

const MS_FLAGS = [
  'new-ms',
  'open-ms',
  'lookups-ms',
  'all-ms',
  'pace-page-ms',
  'token-recheck-ms',
  'presence-ttl-ms',
  'ping-ms',
  'request-burst',
  'touched-burst',
  'streams-per-token',
  'retention-days',
] as const

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'api-url': { type: 'string' },
      'token-stdin': { type: 'boolean' },
      db: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'allow-insecure': { type: 'boolean' },
      'server-time-zone': { type: 'string' },
      ...Object.fromEntries(MS_FLAGS.map((f) => [f, { type: 'string' as const }])),
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const num = (name: (typeof MS_FLAGS)[number], fallback: number, min = 1): number => {
    const text = (values as Record<string, string | undefined>)[name]
    if (text === undefined) return fallback
    const n = Number(text)
    if (!Number.isInteger(n) || n < min)
      failUsage(`--${name} must be a whole number of at least ${min}`)
    return n
  }
  const apiUrl = values['api-url']
  if (!apiUrl) failUsage('--api-url is required (the vendor API the hub reads)')
  const allowInsecure = values['allow-insecure'] ?? false
  const host = values.host ?? '127.0.0.1'
  const port = parsePort(values.port)
  const certFile = values['tls-cert']
  const keyFile = values['tls-key']
  if ((certFile === undefined) !== (keyFile === undefined)) {
    failUsage('--tls-cert and --tls-key go together')
  }
  const logger = createStderrLogger('info')
  if (!isLoopbackHost(host) && !certFile) {
    if (!allowInsecure) {
      failUsage(
        `--host ${host} is reachable from other computers: give --tls-cert and --tls-key, ` +
          'or --allow-insecure to serve the tickets unencrypted',
      )
    }
    logger.warn(
      'serving plain http on a non-loopback address: tokens and tickets cross the network unencrypted',
      { host },
    )
  }
  const timeZone = values['server-time-zone'] ?? DEFAULT_SERVER_TIME_ZONE
  if (!isValidTimeZone(timeZone)) failUsage(`--server-time-zone ${timeZone} is not a time zone`)
  checkTokenAddresses([apiUrl], allowInsecure)
  const token = await readHostToken({
    fromStdin: values['token-stdin'],
    logger,
    required: `the hub needs its own vendor token: set ${TOKEN_ENV} or use --token-stdin`,
  })
  if (!token) return

  const dbPath = resolve(values.db ?? join(homedir(), '.agent-console', 'hub', 'hub.sqlite'))
  privateDir(dirname(dbPath), { tighten: true })
  const key = keyFromFile(dbPath, { logger })
  const ingester = new Ingester({
    dbPath,
    key,
    apiUrl,
    token,
    timeZone,
    retentionDays: num('retention-days', HUB_LIMITS.retentionDays, HUB_LIMITS.retentionDays),
    tiers: {
      newMs: num('new-ms', DEFAULT_HUB_TIERS.newMs),
      openMs: num('open-ms', DEFAULT_HUB_TIERS.openMs),
      lookupsMs: num('lookups-ms', DEFAULT_HUB_TIERS.lookupsMs),
      allMs: num('all-ms', DEFAULT_HUB_TIERS.allMs),
      pacePageMs: num('pace-page-ms', DEFAULT_HUB_TIERS.pacePageMs, 0),
    },
    logger,
  })
  const server = await startHubServer({
    ingester,
    dbPath,
    key,
    timeZone,
    host,
    port,
    ...(certFile && keyFile
      ? { tls: { cert: readFileSync(certFile), key: readFileSync(keyFile) } }
      : {}),
    limits: {
      ...DEFAULT_HUB_LIMITS,
      requestBurst: num('request-burst', DEFAULT_HUB_LIMITS.requestBurst),
      touchedBurst: num('touched-burst', DEFAULT_HUB_LIMITS.touchedBurst),
      streamsPerToken: num('streams-per-token', DEFAULT_HUB_LIMITS.streamsPerToken),
    },
    tokenRecheckMs: num('token-recheck-ms', 3600_000),
    presenceTtlMs: num('presence-ttl-ms', HUB_LIMITS.presenceTtlMs),
    pingMs: num('ping-ms', HUB_LIMITS.streamPingMs),
    logger,
  })
  ingester.start()
  process.stdout.write(`${server.url}\n`)

  stopOnSignals(async () => {
    await server.close()
    await ingester.close()
  })
}

runHost(main)

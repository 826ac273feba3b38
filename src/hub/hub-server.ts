/**
 * The hub's HTTP service: the feed (snapshot, changes, stream), presence, touched, history and
 * health under /hub/v1, every request authenticated with the caller's vendor token, rate-limited
 * per token and schema-checked. No CORS headers: a web page elsewhere cannot read the feed.
 */
import { once } from 'node:events'
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { constants as zlib, createGzip } from 'node:zlib'
import { createVendorClient } from '../main/core/api'
import type { Db } from '../main/core/db/open-database'
import { schemaVersion } from '../main/core/db/run-migrations'
import type { Logger } from '../main/core/logger'
import { serverNow } from '../shared/domain/server-time'
import {
  changesQuerySchema,
  formatCursor,
  HUB_PREFIX,
  parseCursor,
  presenceSchema,
  SNAPSHOT_FORM_ROWS,
  snapshotQuerySchema,
  streamQuerySchema,
  touchedSchema,
  type HubHealth,
} from '../shared/hub/protocol'
import { epochOf, headSeq, prunedThrough } from './change-log'
import { cursorServable, readChanges, readHistory, snapshotChunks } from './feed'
import {
  bearerToken,
  HubError,
  parseOrBadRequest,
  readBody,
  sendError,
  sendJson,
  BASE_HEADERS,
} from './http-util'
import type { Ingester } from './ingester'
import { PresenceBook } from './presence'
import { RowsSnapshots, sendRowsBuild } from './rows-snapshot'
import { CheckPacing } from './check-pacing'
import { RateLimiter } from './rate-limit'
import { Streams } from './streams'
import { tokenHash, TokenCheck } from './token-check'
import { sqliteTokenStore } from './token-store'

export interface HubLimits {
  /** Requests per token: burst, then per second. */
  requestBurst: number
  requestsPerSecond: number
  /** Ticket ids a token may send to /touched: burst, then per second. */
  touchedBurst: number
  touchedPerSecond: number
  /** Open event streams per token, and in all. */
  streamsPerToken: number
  streamsTotal: number
  /** Snapshots read at the same time. */
  snapshotsAtOnce: number
}

export const DEFAULT_HUB_LIMITS: HubLimits = {
  requestBurst: 120,
  requestsPerSecond: 20,
  touchedBurst: 100,
  touchedPerSecond: 2,
  streamsPerToken: 50,
  streamsTotal: 5_000,
  snapshotsAtOnce: 4,
}

export interface HubServerOptions {
  ingester: Ingester
  dbPath: string
  key: Buffer | null
  timeZone: string
  host: string
  port: number
  tls?: { cert: Buffer; key: Buffer }
  limits: HubLimits
  /** How long a token the vendor accepted is trusted before it is checked again. */
  tokenRecheckMs: number
  presenceTtlMs: number
  pingMs: number
  logger: Logger
}

export interface HubServer {
  url: string
  close(): Promise<void>
}

export async function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const { ingester, limits, logger, timeZone } = options
  const db = (): Db => ingester.database
  // Vendor checks of tokens not yet known, for all callers together.
  const checks = new CheckPacing(20, 5)
  const tokens = new TokenCheck({
    recheckMs: options.tokenRecheckMs,
    store: sqliteTokenStore(db),
    mayAsk: (hash) => checks.take(hash),
    ask: async (token) => {
      const client = createVendorClient({
        baseUrl: ingester.api.baseUrl,
        token,
        retry: { retries: 1, maxTotalMs: 10_000 },
      })
      try {
        await client.listEmployees({ page: 1, per_page: 1 })
        return true
      } catch (error) {
        const code = (error as { code?: string }).code
        if (code === 'unauthorized' || code === 'forbidden') return false
        throw error
      }
    },
  })
  const requests = new RateLimiter(limits.requestBurst, limits.requestsPerSecond)
  const touched = new RateLimiter(limits.touchedBurst, limits.touchedPerSecond)
  let streams: Streams | null = null
  const presence = new PresenceBook(options.presenceTtlMs, (picture) => streams?.presence(picture))
  streams = new Streams({
    db,
    timeZone,
    pingMs: options.pingMs,
    onClose: ({ desktopId }) => {
      if (desktopId) presence.forget(desktopId)
    },
  })
  let snapshots = 0
  const rowsSnapshots = new RowsSnapshots(options.dbPath, options.key, (error) =>
    logger.error('the rows snapshot could not be built', {
      message: error instanceof Error ? error.message : String(error),
    }),
  )

  const cursorOf = (text: string): { epoch: string; seq: number } => {
    const cursor = parseCursor(text)
    if (!cursor) throw new HubError('bad_request', 'after: a cursor is "<epoch>:<seq>"')
    return cursor
  }
  const snapshotRequired = (): HubError =>
    new HubError(
      'snapshot_required',
      'This cursor can no longer be followed (another store, or older than the changes kept): take a new snapshot',
    )

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET'
    const path = url.pathname.slice(HUB_PREFIX.length)
    const query = Object.fromEntries(url.searchParams)
    const token = bearerToken(req)
    if (!token) throw new HubError('unauthorized', 'Send Authorization: Bearer <your vendor token>')
    const owner = tokenHash(token)
    const wait = requests.take(owner)
    if (wait > 0) throw new HubError('rate_limited', 'Too many requests from this token', wait)
    const verdict = await tokens.check(token)
    if (verdict === 'refused')
      throw new HubError('unauthorized', 'The vendor does not accept this token')
    if (verdict === 'unreachable') {
      throw new HubError('unavailable', 'The vendor cannot be reached to check this token', 30)
    }
    if (typeof verdict === 'object') {
      throw new HubError(
        'unavailable',
        "The hub is checking other desktops' tokens with the vendor: come back when it says",
        verdict.retryAfterS,
      )
    }

    if (method === 'GET' && path === '/health') {
      const d = db()
      const body: HubHealth = {
        ...ingester.healthOf(),
        desktops: streams?.size ?? 0,
        head: formatCursor({ epoch: epochOf(d), seq: headSeq(d) }),
        epoch: epochOf(d),
        oldestSeq: prunedThrough(d),
        vendorTraffic: {
          ...ingester.api.traffic(),
          rereads: ingester.rereads,
          tokenChecks: tokens.checks,
        },
      }
      return sendJson(res, 200, body)
    }
    if (method === 'GET' && (path === '/changes' || path === '/snapshot') && !ingester.ready) {
      throw new HubError(
        'unavailable',
        'The hub has not finished its first read of the vendor: sync directly until then',
        30,
      )
    }
    if (method === 'GET' && path === '/changes') {
      const q = parseOrBadRequest(changesQuerySchema, query)
      const cursor = cursorOf(q.after)
      if (!cursorServable(db(), cursor.epoch, cursor.seq)) throw snapshotRequired()
      return sendJson(res, 200, readChanges(db(), cursor.seq, q.limit, timeZone))
    }
    if (method === 'GET' && path === '/stream') {
      const q = parseOrBadRequest(streamQuerySchema, query)
      const from = q.after ?? (req.headers['last-event-id'] as string | undefined)
      const d = db()
      const cursor = from ? cursorOf(from) : { epoch: epochOf(d), seq: headSeq(d) }
      if (!cursorServable(d, cursor.epoch, cursor.seq)) return streams?.reset(res)
      if ((streams?.countFor(owner) ?? 0) >= limits.streamsPerToken) {
        throw new HubError('rate_limited', 'Too many open streams for this token', 15)
      }
      if ((streams?.size ?? 0) >= limits.streamsTotal) {
        throw new HubError('unavailable', 'The hub serves as many streams as it can', 15)
      }
      return streams?.open(
        res,
        cursor.epoch,
        cursor.seq,
        owner,
        q.desktopId ?? null,
        presence.picture(),
      )
    }
    if (method === 'GET' && path === '/snapshot') return sendSnapshot(req, res, url)
    if (method === 'PUT' && path === '/presence') {
      const body = await readBody(req, presenceSchema)
      if (!presence.put(body, owner)) {
        throw new HubError('bad_request', 'desktopId belongs to another token, or the hub is full')
      }
      res.writeHead(204, BASE_HEADERS).end()
      return
    }
    if (method === 'POST' && path === '/touched') {
      const body = await readBody(req, touchedSchema)
      const ids = [...new Set(body.ids)]
      const waitIds = touched.take(owner, ids.length)
      if (waitIds > 0)
        throw new HubError('rate_limited', 'Too many touched tickets from this token', waitIds)
      ingester.touch(ids, body.by ?? null)
      return sendJson(res, 202, { accepted: ids.length })
    }
    const history = /^\/history\/(\d{1,15})$/.exec(path)
    if (method === 'GET' && history) {
      const id = Number(history[1])
      if (id < 1) throw new HubError('bad_request', 'ticketId: a positive ticket id')
      return sendJson(res, 200, readHistory(db(), id, timeZone))
    }
    throw new HubError('not_found', `No ${method} ${url.pathname} in the hub's protocol`)
  }

  async function sendSnapshot(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    const query = snapshotQuerySchema.safeParse(Object.fromEntries(url.searchParams))
    if (!query.success) throw new HubError('bad_request', `form, schema: form=${SNAPSHOT_FORM_ROWS}&schema=N`)
    // The stored form only for a desktop whose cache has this store's schema; the others get
    // the ticket form. Served from memory, so the limit on reads at once does not apply.
    if (gzip && query.data.form === SNAPSHOT_FORM_ROWS && query.data.schema === schemaVersion(db())) {
      const made = rowsSnapshots.current(epochOf(db()), headSeq(db()))
      if (made) return sendRowsBuild(res, made, BASE_HEADERS)
    }
    if (snapshots >= limits.snapshotsAtOnce) {
      throw new HubError('unavailable', 'Other desktops are taking snapshots: try again soon', 5)
    }
    snapshots += 1
    const chunks = snapshotChunks(options.dbPath, options.key)
    try {
      res.writeHead(200, {
        ...BASE_HEADERS,
        'content-type': 'application/x-ndjson; charset=utf-8',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      })
      // The fastest level: a snapshot is large and CPU is the hub's to share; level 1 still
      // shrinks ticket JSON about tenfold.
      const out = gzip ? createGzip({ level: zlib.Z_BEST_SPEED }) : res
      if (gzip) out.pipe(res)
      let aborted = false
      res.on('close', () => (aborted = true))
      for await (const chunk of chunks) {
        if (aborted) break
        // A desktop gone mid-snapshot never drains: its slot must come back all the same.
        if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(res, 'close')])
      }
      out.end()
    } finally {
      snapshots -= 1
      await chunks.return(undefined)
    }
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://hub')
    if (url.pathname !== HUB_PREFIX && !url.pathname.startsWith(HUB_PREFIX + '/')) {
      sendError(res, new HubError('not_found', `Not the hub's protocol: use ${HUB_PREFIX}/...`))
      return
    }
    route(req, res, url).catch((error: unknown) => {
      if (error instanceof HubError) return sendError(res, error)
      logger.error('hub request failed', {
        path: url.pathname,
        message: error instanceof Error ? error.message : String(error),
      })
      sendError(res, new HubError('unavailable', 'The hub could not answer: try again'))
    })
  }

  const server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler)
    : createHttpServer(handler)
  server.headersTimeout = 15_000
  server.requestTimeout = 0 // streams stay open
  server.keepAliveTimeout = 10_000
  const expiry = setInterval(() => {
    // The morning's first desktops find the rows snapshot ready.
    if (ingester.ready && !rowsSnapshots.started) rowsSnapshots.current(epochOf(db()), headSeq(db()))
    presence.expire()
    requests.sweep()
    touched.sweep()
  }, 1_000)
  expiry.unref()
  streams.start()
  server.listen(options.port, options.host)
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  const scheme = options.tls ? 'https' : 'http'
  const hostText = options.host.includes(':') ? `[${options.host}]` : options.host
  logger.info('hub listening', { at: serverNow(timeZone) })
  return {
    url: `${scheme}://${hostText}:${port}`,
    close: async () => {
      clearInterval(expiry)
      streams?.stop()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

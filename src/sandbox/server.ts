/**
 * The sandbox: the vendor's ticket API as the document describes it, with Laravel's behaviour
 * where the document is silent, on 127.0.0.1 only. `/api/v1/...` is the API (faults apply);
 * `/__sandbox/...` is the control surface (see control-routes.ts and control-client.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { gzipSync } from 'node:zlib'
import type { AddressInfo } from 'node:net'
import { silentLogger, type Logger } from '../main/core/logger'
import { handleApi, routeKey } from './http/api-routes'
import { handleControl, type SandboxStats } from './http/control-routes'
import { Faults } from './http/faults'
import { parsePhpQuery } from './http/php-query'
import { html, json, type Reply } from './http/reply'
import { openSandboxData } from './sandbox-data'

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number
  /** SQLite file; memory when absent. An existing file keeps its data. */
  dbPath?: string
  /** Generated tickets (default 200); see SandboxDataOptions. */
  tickets?: number
  seed?: number
  /** When set, /api requires `Authorization: Bearer <token>`. */
  token?: string
  /** Largest page served, whatever per_page asks (default 100). */
  perPageCap?: number
  /** The server's time zone (default Asia/Taipei): the zone of every datetime it writes. */
  timeZone?: string
  /** The share of generated tickets left open (default: the generator's own mix). */
  openShare?: number
  /**
   * Answer gzip when the client asks for it (default true), as nginx in front of Laravel does
   * (`gzip on; gzip_types application/json`), so byte counts match a real deployment.
   */
  gzip?: boolean
  logger?: Logger
}

export interface SandboxHandle {
  /** http://127.0.0.1:PORT */
  url: string
  /** url + '/api/v1' */
  apiBase: string
  close(): Promise<void>
}

const API_PREFIX = '/api/v1'
const CONTROL_PREFIX = '/__sandbox'
const MAX_BODY = 2 * 1024 * 1024
/** nginx's `gzip_min_length` is 20 bytes; below a few hundred gzip only adds its header. */
const GZIP_MIN_BYTES = 256

const FAULT_MESSAGES: Record<number, string> = {
  429: 'Too Many Attempts.',
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(new Error('body too large'))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** Whether the request's Accept-Encoding allows gzip (`gzip`, `gzip;q=0.5`, `*`; not `q=0`). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '')
  return text.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    if (name !== 'gzip' && name !== '*') return false
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    return q === undefined || Number(q.slice(2)) > 0
  })
}

/**
 * Writes a reply; returns the body bytes put on the wire (after gzip). With `cut`, only the
 * headers and half of the body are sent before the connection is destroyed.
 */
function send(
  res: ServerResponse,
  reply: Reply,
  gzip: boolean,
  bodyOverride?: string,
  cut = false,
): number {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'cache-control': 'no-cache, private',
    ...reply.headers,
  }
  const text = bodyOverride ?? reply.body
  let body: Buffer | undefined = text === undefined ? undefined : Buffer.from(text, 'utf8')
  if (body !== undefined && gzip && body.length >= GZIP_MIN_BYTES) {
    body = gzipSync(body)
    headers['content-encoding'] = 'gzip'
    headers.vary = 'Accept-Encoding'
  }
  if (body !== undefined) headers['content-length'] = String(body.length)
  res.writeHead(reply.status, headers)
  if (cut && body !== undefined) {
    const half = body.subarray(0, Math.floor(body.length / 2))
    res.write(half, () => res.socket?.destroy())
    return half.length
  }
  res.end(body)
  return body?.length ?? 0
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const PAGE = (title: string, text: string): string =>
  `<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const logger = options.logger ?? silentLogger
  const perPageCap = options.perPageCap ?? 100
  const data = openSandboxData({
    ...(options.dbPath !== undefined ? { dbPath: options.dbPath } : {}),
    ...(options.tickets !== undefined ? { tickets: options.tickets } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}),
    ...(options.openShare !== undefined ? { openShare: options.openShare } : {}),
  })
  const gzipEnabled = options.gzip ?? true
  const faults = new Faults()
  const stats: SandboxStats = { requests: {}, applied: {}, faults: {}, bytes: 0, rawBytes: 0 }
  const countFault = (kind: string): void => {
    stats.faults[kind] = (stats.faults[kind] ?? 0) + 1
  }

  /** Tokens /api accepts (the control surface's PUT /tokens replaces them: a revocation). */
  let tokens = options.token === undefined ? null : new Set([options.token])

  /** The guest's answer when a token is required and missing or wrong; null when allowed. */
  function authorize(req: IncomingMessage): Reply | null {
    if (tokens === null) return null
    const header = req.headers.authorization ?? ''
    if (header.startsWith('Bearer ') && tokens.has(header.slice(7))) return null
    // Laravel answers a guest with 401 JSON only when the client asks for JSON; otherwise it
    // redirects to the login page.
    if (!(req.headers.accept ?? '').includes('json')) {
      return { status: 302, headers: { location: '/login', 'content-type': 'text/html' }, body: '' }
    }
    return json(401, { message: 'Unauthenticated.' })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = (req.method ?? 'GET').toUpperCase()
    const bodyText = await readBody(req)
    const path = url.pathname
    const gzip = gzipEnabled && acceptsGzip(req.headers['accept-encoding'])
    /** An API answer: counted in the stats as the bytes sent and as the JSON they carry. */
    const sendApi = (reply: Reply, bodyOverride?: string, cut = false): void => {
      stats.bytes += send(res, reply, gzip, bodyOverride, cut)
      stats.rawBytes += Buffer.byteLength(bodyOverride ?? reply.body ?? '')
    }

    if (path === CONTROL_PREFIX + '/tokens' && method === 'PUT') {
      const body = parseJson(bodyText) as { tokens?: unknown }
      const list = Array.isArray(body?.tokens) ? body.tokens.filter((t) => typeof t === 'string') : []
      tokens = new Set(list as string[])
      send(res, json(200, { tokens: tokens.size }), false)
      return
    }
    if (path === CONTROL_PREFIX || path.startsWith(CONTROL_PREFIX + '/')) {
      const reply = handleControl(method, path.slice(CONTROL_PREFIX.length), parseJson(bodyText), {
        data,
        faults,
        stats,
      })
      send(res, reply, false)
      return
    }

    if (path === API_PREFIX || path.startsWith(API_PREFIX + '/')) {
      const apiPath = path.slice(API_PREFIX.length) || '/'
      const key = `${method} ${routeKey(apiPath) ?? apiPath}`
      stats.requests[key] = (stats.requests[key] ?? 0) + 1
      logger.debug('sandbox request', { route: key })

      const latency = faults.latencyMs()
      if (latency > 0) await sleep(latency)
      const fault = faults.decide(method)
      if (fault.kind === 'status') {
        countFault(`status_${fault.status}`)
        const headers: Record<string, string> = {}
        if (fault.retryAfterSec !== undefined) headers['retry-after'] = String(fault.retryAfterSec)
        if (fault.status === 429) {
          headers['x-ratelimit-limit'] = '60'
          headers['x-ratelimit-remaining'] = '0'
        }
        sendApi(json(fault.status, { message: FAULT_MESSAGES[fault.status] ?? 'Error' }, headers))
        return
      }
      if (fault.kind === 'drop' && fault.phase === 'before') {
        countFault('drop_before')
        req.socket.destroy()
        return
      }

      const reply =
        authorize(req) ??
        handleApi(
          { method, path: apiPath, query: parsePhpQuery(url.search), body: parseJson(bodyText) },
          data,
          perPageCap,
        )
      if (reply.status >= 200 && reply.status < 300)
        stats.applied[key] = (stats.applied[key] ?? 0) + 1
      if (fault.kind === 'drop') {
        countFault('drop_after')
        req.socket.destroy()
        return
      }
      if (fault.kind === 'cut' && reply.body) {
        countFault('cut')
        sendApi(reply, undefined, true)
        return
      }
      if (fault.kind === 'malformed' && reply.body) {
        countFault('malformed')
        sendApi(reply, reply.body.slice(0, Math.floor(reply.body.length / 2)))
        return
      }
      sendApi(reply)
      return
    }

    if (path === '/') {
      send(res, html(200, PAGE('Agent Console sandbox', `API: ${API_PREFIX}`)), false)
      return
    }
    if (path === '/login') {
      send(res, html(200, PAGE('Login', 'Please sign in.')), false)
      return
    }
    send(res, html(404, PAGE('404 Not Found', 'Not Found')), false)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error('sandbox handler failed', { error: String(error) })
      if (!res.headersSent) send(res, json(500, { message: 'Server Error' }), false)
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  logger.info('sandbox listening', { url, tickets: data.store.count() })

  let closed = false
  return {
    url,
    apiBase: url + API_PREFIX,
    close: async () => {
      if (closed) return
      closed = true
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      data.db.close()
    },
  }
}

/**
 * The browser host: the same core as the desktop app, with the contract over HTTP
 * (POST /rpc/<channel>) and its events over server-sent events (GET /events), serving the built
 * renderer. Loopback only. Every call must carry the per-start secret, the Host header must be
 * our own address (against DNS rebinding) and a cross-origin Origin is refused, so other local
 * web pages cannot drive it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CoreEndpoint } from '../main/core/core'
import type { Logger } from '../main/core/logger'
import { readStatic } from './static-files'

export const SECRET_HEADER = 'x-agent-console-secret'
const MAX_BODY = 1024 * 1024

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export interface WebHostOptions {
  core: CoreEndpoint
  staticDir: string
  port?: number
  secret?: string
  logger: Logger
}

export interface WebHost {
  /** http://127.0.0.1:PORT */
  url: string
  /** The address to open, with the secret in the fragment. */
  openUrl: string
  secret: string
  close(): Promise<void>
}

function sameSecret(given: string | null | undefined, secret: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new Error('body too large')
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  return text ? (JSON.parse(text) as unknown) : {}
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const secret = options.secret ?? randomBytes(24).toString('base64url')
  const streams = new Set<ServerResponse>()
  let allowedHosts: Set<string> = new Set()
  let allowedOrigins: Set<string> = new Set()
  let origin = ''

  const unsubscribe = options.core.subscribe((event, payload) => {
    const frame = `data: ${JSON.stringify({ event, payload })}\n\n`
    for (const res of streams) res.write(frame)
  })

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      options.logger.error('web host request failed', {
        error: error instanceof Error ? error.message : String(error),
      })
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Host error' } })
      else res.end()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(421).end('Misdirected request')
      return
    }
    const url = new URL(req.url ?? '/', origin)
    if (req.headers.origin && !allowedOrigins.has(req.headers.origin)) {
      sendJson(res, 403, {
        ok: false,
        error: { code: 'invalid_input', message: 'Cross-origin call refused' },
      })
      return
    }

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST' }).end()
        return
      }
      if (!sameSecret(req.headers[SECRET_HEADER] as string | undefined, secret)) {
        sendJson(res, 401, {
          ok: false,
          error: { code: 'unauthorized', message: 'Missing or wrong host secret' },
        })
        return
      }
      let input: unknown
      try {
        input = await readBody(req)
      } catch {
        sendJson(res, 400, {
          ok: false,
          error: { code: 'invalid_input', message: 'Body is not JSON' },
        })
        return
      }
      const channel = decodeURIComponent(url.pathname.slice('/rpc/'.length))
      sendJson(res, 200, await options.core.call(channel, input))
      return
    }

    if (url.pathname === '/events') {
      if (!sameSecret(url.searchParams.get('secret'), secret)) {
        res.writeHead(401).end()
        return
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      })
      res.write(': connected\n\n')
      streams.add(res)
      req.on('close', () => streams.delete(res))
      return
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET' }).end()
      return
    }
    const file = await readStatic(options.staticDir, url.pathname)
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
      return
    }
    res.writeHead(200, {
      'content-type': file.type,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cache-control': file.type.startsWith('text/html') ? 'no-store' : 'max-age=3600',
    })
    res.end(req.method === 'HEAD' ? undefined : file.body)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`))

  // Comments keep idle proxies and the browser from dropping a quiet event stream.
  const keepAlive = setInterval(() => streams.forEach((res) => res.write(': ping\n\n')), 15_000)
  keepAlive.unref()

  return {
    url: origin,
    openUrl: `${origin}/#secret=${encodeURIComponent(secret)}`,
    secret,
    close: async () => {
      clearInterval(keepAlive)
      unsubscribe()
      for (const res of streams) res.end()
      streams.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * The browser host: the same core as the desktop app, with the contract over HTTP
 * (POST /rpc/<channel>) and its events over server-sent events (GET /events), serving the built
 * renderer. Loopback only. Every call must carry the per-start secret in a header, the Host
 * header must be our own address (against DNS rebinding) and a cross-origin Origin is refused, so
 * other local web pages cannot drive it. The secret never appears in a URL: the event stream
 * (which EventSource opens with a plain GET) takes a short-lived, single-use ticket obtained by
 * an authenticated POST /events/ticket. An export the core wrote is downloaded the same way: an
 * authenticated POST /export/ticket names it, and a plain GET /export/file with that single-use
 * ticket streams it (the browser's own download) and deletes it. The page's calls go over one
 * WebSocket (GET /socket, opened with a single-use ticket from POST /socket/ticket).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { rm, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { z } from 'zod'
import {
  EXPORT_FORMATS,
  EXPORT_MIME,
  exportIdSchema,
  type ExportFormat,
} from '../shared/contract/export-contract'
import { createRpcSockets, refuseUpgrade, SOCKET_PATH, SOCKET_TICKET_PATH } from './rpc-socket'
import { createTicketBook } from './single-use-tickets'
import { readStatic } from './static-files'
import { spoolPath, type CoreEndpoint, type Logger } from '../main/core'

export const SECRET_HEADER = 'x-agent-console-secret'
/** Largest /rpc body (a ticket with the longest content the contract allows is ~200 KB). */
export const MAX_BODY = 1024 * 1024
/** How long an event-stream, socket or download ticket may wait to be used. */
export const EVENT_TICKET_TTL_MS = 30_000

/** Sent with every answer, whatever it is. */
const COMMON_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
}

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
/** Answers that are not pages still refuse to be framed (frame-ancestors works only as a header). */
const API_CSP = "default-src 'none'; frame-ancestors 'none'"

export interface WebHostOptions {
  core: CoreEndpoint
  staticDir: string
  /** The core's export folder (exportDirFor the cache): without it nothing can be downloaded. */
  exportDir?: string
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

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<unknown> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) throw new BodyTooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new BodyTooLarge()
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  return text ? (JSON.parse(text) as unknown) : {}
}

/** What POST /export/ticket names: an export of the core's folder, and the name to save it as. */
const downloadSchema = z.strictObject({
  id: exportIdSchema,
  format: z.enum(EXPORT_FORMATS),
  fileName: z.string().regex(/^[\w.-]{1,100}$/),
})

/** attachment; filename="…": the name as given (ASCII by the schema), RFC 6266's form too. */
function contentDisposition(fileName: string): string {
  return `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

const refuse = (res: ServerResponse, status: number, code: string, message: string): void =>
  sendJson(res, status, { ok: false, error: { code, message } })

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const secret = options.secret ?? randomBytes(24).toString('base64url')
  const streams = new Set<ServerResponse>()
  const streamTickets = createTicketBook<true>(EVENT_TICKET_TTL_MS)
  const socketTickets = createTicketBook<true>(EVENT_TICKET_TTL_MS)
  /** Each download ticket names one export's file. */
  const downloads = createTicketBook<{ id: string; format: ExportFormat; fileName: string }>(
    EVENT_TICKET_TTL_MS,
  )
  const sockets = createRpcSockets(options.core, MAX_BODY)
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

  const authorized = (req: IncomingMessage): boolean =>
    sameSecret(req.headers[SECRET_HEADER] as string | undefined, secret)

  // The socket for calls: our own Host and origin, and a ticket only an authorized POST gets.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    if (!allowedHosts.has(req.headers.host ?? '')) return refuseUpgrade(socket, 421, 'Misdirected')
    if (req.headers.origin && !allowedOrigins.has(req.headers.origin))
      return refuseUpgrade(socket, 403, 'Forbidden')
    let url: URL
    try {
      url = new URL(req.url ?? '/', origin)
    } catch {
      return refuseUpgrade(socket, 400, 'Bad Request')
    }
    if (url.pathname !== SOCKET_PATH) return refuseUpgrade(socket, 404, 'Not Found')
    if (!socketTickets.redeem(url.searchParams.get('ticket')))
      return refuseUpgrade(socket, 401, 'Unauthorized')
    sockets.accept(req, socket, head)
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value)
    res.setHeader('content-security-policy', API_CSP)
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request')
      return
    }
    let url: URL
    let pathname: string
    try {
      url = new URL(req.url ?? '/', origin)
      pathname = decodeURIComponent(url.pathname)
    } catch {
      refuse(res, 400, 'invalid_input', 'Bad percent-encoding in the address')
      return
    }
    if (req.headers.origin && !allowedOrigins.has(req.headers.origin)) {
      refuse(res, 403, 'invalid_input', 'Cross-origin call refused')
      return
    }

    /** POST with the host's secret, or the answer HTTP gives (405, 401) is already sent. */
    const authorizedPost = (req: IncomingMessage, res: ServerResponse): boolean => {
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST' }).end()
        return false
      }
      if (!authorized(req)) {
        refuse(res, 401, 'host_unauthorized', 'Missing or wrong host secret')
        return false
      }
      return true
    }

    if (pathname.startsWith('/rpc/')) {
      if (!authorizedPost(req, res)) return
      let input: unknown
      try {
        input = await readBody(req)
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          // Drop the rest of the upload and the connection once the answer is out.
          res.setHeader('connection', 'close')
          req.resume()
          refuse(res, 413, 'invalid_input', `Body larger than ${MAX_BODY} bytes`)
        } else refuse(res, 400, 'invalid_input', 'Body is not JSON')
        return
      }
      sendJson(res, 200, await options.core.call(pathname.slice('/rpc/'.length), input))
      return
    }

    if (pathname === '/events/ticket' || pathname === SOCKET_TICKET_PATH) {
      if (!authorizedPost(req, res)) return
      const book = pathname === SOCKET_TICKET_PATH ? socketTickets : streamTickets
      const ticket = book.issue(true)
      sendJson(res, 200, { ok: true, value: { ticket, expiresInMs: EVENT_TICKET_TTL_MS } })
      return
    }

    if (pathname === '/export/ticket') {
      if (!authorizedPost(req, res)) return
      let body: unknown
      try {
        body = await readBody(req)
      } catch {
        refuse(res, 400, 'invalid_input', 'Body is not JSON')
        return
      }
      const parsed = downloadSchema.safeParse(body)
      if (!parsed.success || !parsed.data.fileName.endsWith(`.${parsed.data.format}`)) {
        refuse(res, 400, 'invalid_input', 'Expected { id, format, fileName } of an export')
        return
      }
      const ticket = downloads.issue(parsed.data)
      sendJson(res, 200, { ok: true, value: { ticket, expiresInMs: EVENT_TICKET_TTL_MS } })
      return
    }

    if (pathname === '/export/file') {
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET' }).end()
        return
      }
      const wanted = downloads.redeem(url.searchParams.get('ticket'))
      if (!wanted) {
        refuse(res, 401, 'host_unauthorized', 'Missing, used or expired download ticket')
        return
      }
      const path = options.exportDir ? spoolPath(options.exportDir, wanted.id, wanted.format) : null
      const size = path ? ((await stat(path).catch(() => null))?.size ?? null) : null
      if (!path || size === null) {
        refuse(res, 404, 'not_found', 'No such export (already downloaded, or expired)')
        return
      }
      res.writeHead(200, {
        'content-type': EXPORT_MIME[wanted.format],
        'content-disposition': contentDisposition(wanted.fileName),
        'content-length': size,
        'cache-control': 'no-store',
      })
      // Streamed from the file: memory stays flat whatever its size. Delivered whole: deleted
      // (it holds personal data); a broken download leaves it to the folder's hourly clean-up.
      const file = createReadStream(path)
      res.once('finish', () => void rm(path, { force: true }))
      file.once('error', () => res.destroy())
      file.pipe(res)
      return
    }

    if (pathname === '/events') {
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET' }).end()
        return
      }
      if (!streamTickets.redeem(url.searchParams.get('ticket'))) {
        refuse(res, 401, 'host_unauthorized', 'Missing, used or expired event-stream ticket')
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
      sockets.close()
      for (const res of streams) res.end()
      streams.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

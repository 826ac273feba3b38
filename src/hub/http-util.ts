/** The hub's HTTP plumbing: error bodies in the protocol's shape, bounded JSON bodies. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { z } from 'zod'
import { HUB_LIMITS, type HubErrorBody, type HubErrorCode } from '../shared/hub/protocol'

const STATUS: Record<HubErrorCode, number> = {
  unauthorized: 401,
  bad_request: 400,
  too_large: 413,
  rate_limited: 429,
  snapshot_required: 410,
  not_found: 404,
  unavailable: 503,
}

/** An error answered in the protocol's shape; thrown by a route, written by the server. */
export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly retryAfterSec?: number,
  ) {
    super(message)
  }
}

/** Headers every answer carries: nothing cached, no sniffing, and no CORS (browsers refuse). */
export const BASE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

export function sendError(res: ServerResponse, error: HubError): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  if (error.retryAfterSec !== undefined) res.setHeader('retry-after', String(error.retryAfterSec))
  const body: HubErrorBody = { error: { code: error.code, message: error.message } }
  sendJson(res, STATUS[error.code], body)
}

/** The request's body, at most HUB_LIMITS.bodyMaxBytes, parsed as JSON and checked by `schema`. */
export async function readBody<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
): Promise<z.infer<S>> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > HUB_LIMITS.bodyMaxBytes) {
    req.resume()
    throw new HubError('too_large', `The body is over ${HUB_LIMITS.bodyMaxBytes} bytes`)
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > HUB_LIMITS.bodyMaxBytes) {
      throw new HubError('too_large', `The body is over ${HUB_LIMITS.bodyMaxBytes} bytes`)
    }
    chunks.push(chunk)
  }
  let value: unknown
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new HubError('bad_request', 'The body is not JSON')
  }
  return parseOrBadRequest(schema, value)
}

/** `value` checked by `schema`, or a bad_request naming the first field that failed. */
export function parseOrBadRequest<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the request'
  throw new HubError('bad_request', `${where}: ${issue?.message ?? 'invalid'}`)
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? ''
  const m = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header)
  return m ? (m[1] as string) : null
}

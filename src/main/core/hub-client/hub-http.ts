/**
 * The desktop's HTTP side of the team hub's protocol (src/shared/hub/protocol.ts): every request
 * with the agent's own vendor token, every answer validated, and every byte counted (the hub is
 * shared by the whole floor, as the vendor is). Plain node:http(s) rather than fetch, so the
 * bytes counted are the ones on the wire (gzip included) and a stream can be read line by line.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { createGunzip } from 'node:zlib'
import { PassThrough, type Readable } from 'node:stream'
import type { z } from 'zod'
import {
  HUB_PREFIX,
  changesResponseSchema,
  healthSchema,
  hubErrorBodySchema,
  historyResponseSchema,
  type ChangesResponse,
  type HistoryResponse,
  type HubHealth,
  type HubErrorCode,
  type Presence,
  type Touched,
} from '../../../shared/hub/protocol'

/** A failed hub request: `code` is the hub's error code, or `unreachable` when it did not answer. */
export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode | 'unreachable' | 'bad_response',
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message)
    this.name = 'HubError'
  }
}

export interface HubTraffic {
  requests: number
  /** Bytes received from the hub (as sent: compressed when gzip). */
  bytes: number
}

export interface HubHttpOptions {
  baseUrl: string
  token: () => string | null
  /** A request that has not answered by then counts as unreachable (default 15 s). */
  timeoutMs?: number
}

/** An answer being read: its body as a stream (already decompressed). */
export interface HubResponse {
  status: number
  headers: IncomingMessage['headers']
  body: Readable
  /** Stops reading (the socket is closed). */
  close(): void
}

export class HubHttp {
  private readonly counted: HubTraffic = { requests: 0, bytes: 0 }
  private readonly timeoutMs: number
  private readonly inflight = new Set<ClientRequest>()

  constructor(private readonly options: HubHttpOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000
  }

  /** Ends every request and stream in progress (the link is being stopped). */
  closeAll(): void {
    for (const req of this.inflight) req.destroy(new Error('the team hub link was stopped'))
    this.inflight.clear()
  }

  traffic(): HubTraffic {
    return { ...this.counted }
  }

  /**
   * Opens a request and resolves once the status line is in; a non-2xx answer is read and
   * thrown as HubError. `idleMs` closes a stream that stays silent that long (the hub pings).
   */
  open(
    method: 'GET' | 'PUT' | 'POST',
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; idleMs?: number } = {},
  ): Promise<HubResponse> {
    const token = this.options.token()
    if (!token) return Promise.reject(new HubError('unauthorized', 'No token for the team hub'))
    const url = new URL(HUB_PREFIX + path, this.options.baseUrl)
    const payload = options.body === undefined ? null : Buffer.from(JSON.stringify(options.body))
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    this.counted.requests += 1
    return new Promise<HubResponse>((resolve, reject) => {
      const req = send(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json, application/x-ndjson, text/event-stream',
          'accept-encoding': 'gzip',
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': String(payload.length) }
            : {}),
          ...options.headers,
        },
      })
      this.inflight.add(req)
      req.on('close', () => this.inflight.delete(req))
      const fail = (error: Error): void =>
        reject(error instanceof HubError ? error : new HubError('unreachable', error.message))
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error('the team hub did not answer')))
      req.on('error', fail)
      req.on('response', (res) => {
        res.on('data', (chunk: Buffer) => (this.counted.bytes += chunk.length))
        if (options.idleMs !== undefined) {
          // The stream's own silence limit replaces the answer's timeout.
          req.setTimeout(options.idleMs, () => req.destroy(new Error('the team hub fell silent')))
        }
        // Counting puts the answer in flowing mode: the body is read through a pipe, never lost.
        const gzip = res.headers['content-encoding'] === 'gzip'
        const body: Readable = res.pipe(gzip ? createGunzip({ chunkSize: 64 * 1024 }) : new PassThrough())
        res.on('error', (e) => body.destroy(e))
        res.on('aborted', () => body.destroy(new Error('the team hub closed the connection')))
        const status = res.statusCode ?? 0
        const response: HubResponse = {
          status,
          headers: res.headers,
          body,
          close: () => req.destroy(),
        }
        if (status >= 200 && status < 300) return resolve(response)
        readText(body)
          .then((text) => reject(errorOf(status, text, res.headers['retry-after'])))
          .catch(fail)
      })
      req.end(payload ?? undefined)
    })
  }

  /** A JSON request; the answer validated by `schema` (null: no body expected). */
  async json<T>(
    method: 'GET' | 'PUT' | 'POST',
    path: string,
    schema: z.ZodType<T> | null,
    body?: unknown,
  ): Promise<T | null> {
    const res = await this.open(method, path, body === undefined ? {} : { body })
    const text = await readText(res.body)
    if (!schema) return null
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch {
      throw new HubError('bad_response', `The team hub answered ${path} with something not JSON`)
    }
    const parsed = schema.safeParse(data)
    if (!parsed.success)
      throw new HubError('bad_response', `The team hub's answer to ${path} is not protocol v1`)
    return parsed.data
  }

  async changes(after: string, limit: number): Promise<ChangesResponse> {
    const query = new URLSearchParams({ after, limit: String(limit) })
    return (await this.json('GET', `/changes?${query}`, changesResponseSchema)) as ChangesResponse
  }

  async health(): Promise<HubHealth> {
    return (await this.json('GET', '/health', healthSchema)) as HubHealth
  }

  async history(ticketId: number): Promise<HistoryResponse> {
    return (await this.json(
      'GET',
      `/history/${ticketId}`,
      historyResponseSchema,
    )) as HistoryResponse
  }

  async presence(presence: Presence): Promise<void> {
    await this.json('PUT', '/presence', null, presence)
  }

  async touched(touched: Touched): Promise<void> {
    await this.json('POST', '/touched', null, touched)
  }
}

function errorOf(
  status: number,
  text: string,
  retryAfter: string | string[] | undefined,
): HubError {
  let code: HubErrorCode | 'bad_response' = 'bad_response'
  let message = `The team hub answered ${status}`
  try {
    const body = hubErrorBodySchema.safeParse(JSON.parse(text))
    if (body.success) {
      code = body.data.error.code
      message = body.data.error.message
    }
  } catch {
    // Not the hub's error shape (a proxy's page): keep the status.
  }
  const seconds = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter)
  return new HubError(code, message, status, Number.isFinite(seconds) ? seconds * 1000 : null)
}

/** The whole body as text (answers are small; streams are read with readLines). */
export async function readText(body: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of body) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** The body's lines, as they arrive (ndjson). */
export async function* readLines(body: Readable): AsyncGenerator<string> {
  // The pieces of the line being read: each chunk is searched once, and a line is joined once
  // (appending to one string and searching it again was quadratic in a line's length).
  let pieces: string[] = []
  body.setEncoding('utf8')
  for await (const chunk of body) {
    const text = chunk as string
    let from = 0
    let nl = text.indexOf('\n')
    while (nl >= 0) {
      pieces.push(text.slice(from, nl))
      const line = (pieces.length === 1 ? (pieces[0] as string) : pieces.join('')).trim()
      pieces = []
      if (line) yield line
      from = nl + 1
      nl = text.indexOf('\n', from)
    }
    if (from < text.length) pieces.push(text.slice(from))
  }
  const last = pieces.join('').trim()
  if (last) yield last
}

/**
 * A hostile server in front of a real sandbox, on 127.0.0.1: it passes requests on, then (per its
 * current `mode`) answers in the ways a broken or malicious server might. It counts what it got.
 *
 * - 'pass': the sandbox's answer as it is.
 * - 'drip': the answer's headers at once, then one byte every `dripMs`, never ending in time.
 * - 'endless': listings claim `last_page` 10^9 (the records are the sandbox's).
 * - 'repeat': every page of a listing is page 1 again, its meta claiming many more pages.
 * - 'late-post': a POST reaches the sandbox only after `postDelayMs` (a slow PHP worker that
 *   finishes the request after its client gave up); everything else passes at once.
 * - 'deep': the first record of every listing, and every record read by id, carries a field
 *   nested `depth` levels deep.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type HostileMode = 'pass' | 'drip' | 'endless' | 'repeat' | 'deep' | 'late-post'

export interface HostileServer {
  url: string
  apiBase: string
  mode: HostileMode
  dripMs: number
  postDelayMs: number
  depth: number
  /** Requests received, by `METHOD /path` (without the query). */
  requests: Map<string, number>
  total(): number
  close(): Promise<void>
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

type Json = Record<string, unknown>

function isPage(value: unknown): value is { data: Json[]; meta: Json } {
  const v = value as { data?: unknown; meta?: unknown } | null
  return !!v && Array.isArray(v.data) && typeof v.meta === 'object' && v.meta !== null
}

/** `value` as JSON with the marker string replaced by arrays nested `depth` deep. */
function withDeepField(value: unknown, depth: number): string {
  return JSON.stringify(value).replace('"__deep__"', '['.repeat(depth) + '1' + ']'.repeat(depth))
}

export async function startHostileServer(sandboxApiBase: string): Promise<HostileServer> {
  const pageOne = new Map<string, string>()
  const state: HostileServer = {
    url: '',
    apiBase: '',
    mode: 'pass',
    dripMs: 2000,
    postDelayMs: 1000,
    depth: 200_000,
    requests: new Map(),
    total: () => [...state.requests.values()].reduce((a, b) => a + b, 0),
    close: () => Promise.resolve(),
  }
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x')
      const key = `${req.method} ${url.pathname}`
      state.requests.set(key, (state.requests.get(key) ?? 0) + 1)
      const body = await readBody(req)
      // The fault itself is time: the create reaches the server only after the client gave up.
      if (state.mode === 'late-post' && req.method === 'POST')
        await new Promise((r) => setTimeout(r, state.postDelayMs))
      const target = sandboxApiBase + url.pathname.replace(/^\/api\/v1/, '') + url.search
      const headers: Record<string, string> = { accept: 'application/json' }
      if (req.headers.authorization) headers.authorization = req.headers.authorization
      if (req.headers['content-type']) headers['content-type'] = req.headers['content-type']
      const upstream = await fetch(target, {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
      })
      let text = await upstream.text()
      const mode = state.mode
      if (mode === 'drip') {
        res.writeHead(upstream.status, { 'content-type': 'application/json' })
        let at = 0
        const timer = setInterval(() => {
          if (res.destroyed || at >= text.length) {
            clearInterval(timer)
            res.end()
            return
          }
          res.write(text[at++])
        }, state.dripMs)
        res.on('close', () => clearInterval(timer))
        return
      }
      let value: unknown = null
      try {
        value = JSON.parse(text)
      } catch {
        value = null
      }
      if (mode === 'endless' && isPage(value)) {
        value.meta.last_page = 1_000_000_000
        text = JSON.stringify(value)
      } else if (mode === 'repeat' && isPage(value)) {
        const first = pageOne.get(url.pathname)
        if (first === undefined || url.searchParams.get('page') === '1') {
          pageOne.set(url.pathname, JSON.stringify(value.data))
        }
        const page = Number(url.searchParams.get('page') ?? '1')
        const perPage = Number(value.meta.per_page)
        value.data = JSON.parse(pageOne.get(url.pathname) ?? '[]') as Json[]
        value.meta = { ...value.meta, current_page: page, last_page: 50, total: 50 * perPage }
        text = JSON.stringify(value)
      } else if (mode === 'deep' && value && typeof value === 'object') {
        if (isPage(value)) {
          if (value.data[0]) value.data[0].extra_notes = '__deep__'
        } else (value as Json).extra_notes = '__deep__'
        text = withDeepField(value, state.depth)
      }
      res.writeHead(upstream.status, { 'content-type': 'application/json' })
      res.end(text)
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502)
      res.end(String(error))
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  state.url = `http://127.0.0.1:${port}`
  state.apiBase = `${state.url}/api/v1`
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    })
  return state
}

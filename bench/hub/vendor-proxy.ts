/**
 * The vendor as the hub bench sees it: a proxy in front of the sandbox that counts every request
 * and every byte on the wire by who sent it (the hub's own token, or a desktop's) and by what it
 * asked for, told apart by the request's own parameters the way the hub's tiers build them.
 */
import { createServer, request as httpRequest } from 'node:http'

export interface Tally {
  requests: number
  bytes: number
}

/** Counts by `who` ('hub', or the desktop's token) and kind. */
export type Counts = Map<string, Tally>

export interface VendorProxy {
  /** The proxy's root (http://127.0.0.1:PORT); the API is under /api/v1. */
  url: string
  counts: Counts
  /**
   * Requests (and bytes) sent by `who` ('hub', 'desktop' for every desktop, or one desktop's
   * token), optionally only of the kinds `kind` accepts.
   */
  total(who: string, kind?: (k: string) => boolean): Tally
  /** By kind for `who` ('hub' or 'desktop'). */
  byKind(who: string): Map<string, Tally>
  reset(): void
  close(): void
}

export const KIND = {
  newTier: 'new tier: listing of tickets created lately',
  openTier: 'open tier: listing of open tickets',
  closedLastDay: 'open tier: listing of tickets closed in the last day',
  sweep: 'daily sweep: listing pages',
  byId: 'read by id',
  tokenCheck: "token check (a desktop's token)",
  lookups: 'lookups',
} as const

function kindOf(path: string, method: string, fromHub: boolean): string {
  const u = new URL(path, 'http://vendor')
  const p = u.pathname.replace(/^\/api\/v1/, '')
  if (method !== 'GET') return `${method} ${p.replace(/\d+/g, ':id')}`
  if (/^\/ticket\/\d+$/.test(p)) return KIND.byId
  if (p === '/ticket') {
    const statuses = [...u.searchParams.keys()].some((k) => k.startsWith('statuses'))
    const since = u.searchParams.has('created_at__start')
    if (statuses && since) return KIND.closedLastDay
    if (statuses) return KIND.openTier
    if (since) return KIND.newTier
    return KIND.sweep
  }
  if (!fromHub && p === '/employee' && u.searchParams.get('per_page') === '1') return KIND.tokenCheck
  return KIND.lookups
}

export function startVendorProxy(target: string, hubToken: string): Promise<VendorProxy> {
  const upstream = new URL(target)
  const counts: Counts = new Map()
  const server = createServer((req, res) => {
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '')
    const fromHub = token === hubToken
    const key = `${fromHub ? 'hub' : token}|${kindOf(req.url ?? '/', req.method ?? 'GET', fromHub)}`
    const tally = counts.get(key) ?? { requests: 0, bytes: 0 }
    counts.set(key, tally)
    tally.requests++
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.on('data', (d: Buffer) => (tally.bytes += d.length))
        up.pipe(res)
      },
    )
    out.on('error', () => res.destroy())
    req.pipe(out)
  })
  const matches = (w: string, who: string): boolean =>
    who === 'desktop' ? w !== 'hub' : w === who
  const byKind: VendorProxy['byKind'] = (who) => {
    const out = new Map<string, Tally>()
    for (const [key, t] of counts) {
      const [w, k] = key.split('|') as [string, string]
      if (!matches(w, who)) continue
      const sum = out.get(k) ?? { requests: 0, bytes: 0 }
      out.set(k, { requests: sum.requests + t.requests, bytes: sum.bytes + t.bytes })
    }
    return out
  }
  const total: VendorProxy['total'] = (who, kind) => {
    const sum = { requests: 0, bytes: 0 }
    for (const [k, t] of byKind(who)) {
      if (kind && !kind(k)) continue
      sum.requests += t.requests
      sum.bytes += t.bytes
    }
    return sum
  }
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      ok({
        url: `http://127.0.0.1:${port}`,
        counts,
        total,
        byKind,
        reset: () => counts.clear(),
        close: () => {
          server.closeAllConnections()
          server.close()
        },
      })
    }),
  )
}

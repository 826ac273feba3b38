/**
 * Who may read the feed: a desktop proves it with its agent's own vendor token, checked with the
 * vendor by one cheap request when first seen and at most once per `recheckMs` after that. Only
 * a SHA-256 of the token is kept (in memory, and the accepted ones in the store when given); the
 * token itself is used for the check and dropped.
 */
import { createHash } from 'node:crypto'
import { isUnreachable, toErrorData } from '../shared/domain/errors'
import type { TokenStore } from './token-store'

export type Verdict = 'ok' | 'refused' | 'unreachable'
/** Not asked yet: the vendor checks are paced; come back in `retryAfterS`. */
export interface Waiting {
  retryAfterS: number
}

interface Known {
  ok: boolean
  at: number
}

export interface TokenCheckOptions {
  /** Asks the vendor whether `token` is accepted: resolves true/false, or throws when it cannot say. */
  ask: (token: string) => Promise<boolean>
  /** An accepted token is asked about again after this long (default an hour). */
  recheckMs?: number
  /** A refused token is answered from memory for this long (default a minute). */
  refusedMs?: number
  now?: () => number
  /** At most this many tokens remembered (oldest forgotten first). */
  maxTokens?: number
  /**
   * Whether the vendor may be asked about the token with this hash now (0), else the seconds
   * until it may (check-pacing.ts): a flood of made-up tokens must not become a flood of
   * requests to the vendor.
   */
  mayAsk?: (hash: string) => number
  /** Where accepted tokens outlive a restart (the hub's store). */
  store?: TokenStore
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export class TokenCheck {
  private readonly known = new Map<string, Known>()
  private readonly pending = new Map<string, Promise<Verdict>>()
  /** Vendor checks sent (what the vendor sees of the desktops' tokens). */
  checks = 0

  constructor(private readonly options: TokenCheckOptions) {
    const since = this.now() - this.recheckMs()
    for (const { hash, at } of options.store?.load(since) ?? [])
      this.known.set(hash, { ok: true, at })
    this.evict()
  }

  private recheckMs(): number {
    return this.options.recheckMs ?? 3600_000
  }

  private now(): number {
    return this.options.now?.() ?? Date.now()
  }

  /**
   * The verdict on `token`. When the vendor cannot be reached, a token it accepted before stays
   * accepted (the hub's readers keep reading; the vendor is asked again on the next request).
   */
  async check(token: string): Promise<Verdict | Waiting> {
    const hash = tokenHash(token)
    const known = this.known.get(hash)
    const age = known ? this.now() - known.at : Infinity
    if (known?.ok && age < this.recheckMs()) return 'ok'
    if (known && !known.ok && age < (this.options.refusedMs ?? 60_000)) return 'refused'
    let inFlight = this.pending.get(hash)
    if (!inFlight) {
      const wait = this.options.mayAsk?.(hash) ?? 0
      if (wait > 0) return known?.ok ? 'ok' : { retryAfterS: wait }
      inFlight = this.ask(hash, token, known).finally(() => this.pending.delete(hash))
      this.pending.set(hash, inFlight)
    }
    return inFlight
  }

  private async ask(hash: string, token: string, known: Known | undefined): Promise<Verdict> {
    this.checks += 1
    try {
      const ok = await this.options.ask(token)
      this.remember(hash, ok)
      return ok ? 'ok' : 'refused'
    } catch (error) {
      if (known?.ok && isUnreachable(toErrorData(error).code)) return 'ok'
      return 'unreachable'
    }
  }

  private remember(hash: string, ok: boolean): void {
    const at = this.now()
    this.known.delete(hash)
    this.known.set(hash, { ok, at })
    if (ok) this.options.store?.accepted({ hash, at })
    else this.options.store?.forget(hash)
    this.evict()
  }

  /** At most `maxTokens` remembered, the oldest forgotten first (in the store too). */
  private evict(): void {
    const max = this.options.maxTokens ?? 10_000
    while (this.known.size > max) {
      const oldest = this.known.keys().next().value
      if (oldest === undefined) break
      this.known.delete(oldest)
      this.options.store?.forget(oldest)
    }
  }
}

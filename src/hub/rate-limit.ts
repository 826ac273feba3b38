/** Token buckets per key (a token's hash): `burst` at once, refilled at `perSecond`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `cost` from `key`'s bucket: 0 when allowed, else the seconds to wait (at least 1). */
  take(key: string, cost = 1): number {
    const now = this.now()
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now }
    bucket.tokens = Math.min(
      this.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond,
    )
    bucket.at = now
    this.buckets.set(key, bucket)
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost
      return 0
    }
    return Math.max(1, Math.ceil((cost - bucket.tokens) / this.perSecond))
  }

  /** Forgets full buckets (called now and then, so the map does not grow with every token). */
  sweep(): void {
    const now = this.now()
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key)
    }
  }
}

/**
 * Fault injection for /api requests (never for the control surface). Rates use a seeded PRNG so
 * a sequential client sees the same faults on every run; `*Next` faults hit the next N matching
 * requests exactly, for tests that need one precise failure.
 */
import { Random } from '../seed/random'

export interface FaultConfig {
  /** Delay before answering, in ms. */
  latencyMs?: number
  /** Share of requests answered with `errorStatus` (default 500). */
  errorRate?: number
  errorStatus?: number
  /** The next `count` requests get 429 with Retry-After: retryAfterSec. */
  burst429?: { count: number; retryAfterSec: number }
  /** Share of requests whose connection is destroyed without an answer. */
  dropRate?: number
  /** 'after' (default): the server did the work, then the connection died; 'before': it did not. */
  dropPhase?: 'before' | 'after'
  /** Share of requests answered 200 with truncated JSON. */
  malformedRate?: number
  /** The next `count` matching requests fail with `status` (Retry-After when given). */
  failNext?: { count: number; status: number; retryAfterSec?: number; method?: string }
  /** The next `count` matching requests lose their connection, before or after the work. */
  dropNext?: { count: number; phase?: 'before' | 'after'; method?: string }
  /**
   * The next `count` matching requests get their headers and half of their body, then the
   * connection closes (a proxy or a flaky link cutting an answer off).
   */
  cutNext?: { count: number; method?: string }
  /** Seed of the fault PRNG (default 1). */
  seed?: number
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'status'; status: number; retryAfterSec?: number }
  | { kind: 'drop'; phase: 'before' | 'after' }
  | { kind: 'malformed' }
  | { kind: 'cut' }

export class Faults {
  private config: FaultConfig = {}
  private rng = new Random(1)

  get(): FaultConfig {
    return structuredClone(this.config)
  }

  set(config: FaultConfig): void {
    this.config = structuredClone(config)
    this.rng = new Random(config.seed ?? 1)
  }

  clear(): void {
    this.set({})
  }

  latencyMs(): number {
    return this.config.latencyMs ?? 0
  }

  /** Decides (and consumes) the fault for one request. */
  decide(method: string): FaultDecision {
    const c = this.config
    const matches = (m: string | undefined): boolean => !m || m.toUpperCase() === method
    if (c.failNext && c.failNext.count > 0 && matches(c.failNext.method)) {
      c.failNext.count--
      return { kind: 'status', status: c.failNext.status, retryAfterSec: c.failNext.retryAfterSec }
    }
    if (c.dropNext && c.dropNext.count > 0 && matches(c.dropNext.method)) {
      c.dropNext.count--
      return { kind: 'drop', phase: c.dropNext.phase ?? 'after' }
    }
    if (c.cutNext && c.cutNext.count > 0 && matches(c.cutNext.method)) {
      c.cutNext.count--
      return { kind: 'cut' }
    }
    if (c.burst429 && c.burst429.count > 0) {
      c.burst429.count--
      return { kind: 'status', status: 429, retryAfterSec: c.burst429.retryAfterSec }
    }
    // One draw per rate, always in the same order, so runs repeat exactly.
    const error = this.rng.next() < (c.errorRate ?? 0)
    const drop = this.rng.next() < (c.dropRate ?? 0)
    const malformed = this.rng.next() < (c.malformedRate ?? 0)
    if (error) return { kind: 'status', status: c.errorStatus ?? 500 }
    if (drop) return { kind: 'drop', phase: c.dropPhase ?? 'after' }
    if (malformed) return { kind: 'malformed' }
    return { kind: 'none' }
  }
}

/** Percentiles and timing helpers for the cache benchmark (it reports; it never asserts). */

export interface Summary {
  n: number
  p50: number
  p95: number
  p99: number
  max: number
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number): number =>
    round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0)
  return {
    n: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: round(sorted[sorted.length - 1] ?? 0),
  }
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/** Runs `fn`, returning its result and the milliseconds it held the thread. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now()
  const value = fn()
  return { value, ms: performance.now() - start }
}

/** CPU time (user + system, this thread's process) added up over timed calls. */
export interface CpuMeter {
  ms: number
}

/**
 * timed(), also adding the process's CPU time during the call to `meter`: on a shared machine
 * wall time includes waiting for a core; CPU time moves much less with the load.
 */
export function timedCpu<T>(meter: CpuMeter, fn: () => T): { value: T; ms: number } {
  const cpu = process.cpuUsage()
  const result = timed(fn)
  const used = process.cpuUsage(cpu)
  meter.ms += (used.user + used.system) / 1000
  return result
}

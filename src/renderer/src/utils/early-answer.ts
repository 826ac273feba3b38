/**
 * An answer asked as a route starts, before the screen that wants it exists (a ticket's read, a
 * view's first page), so it travels while the router and the screen do their work. The screen's
 * first read of the same question takes it once; anything else drops it.
 */

/** How long an answer asked ahead waits to be taken (a navigation that never arrived). */
export const EARLY_READ_MS = 1_000

export interface EarlyAnswer<T> {
  /** Whether an answer for `key` is held and still recent. */
  holds(key: string): boolean
  put(key: string, answer: Promise<T>): void
  /** The held answer when it is for `key` and recent, else null; either way nothing is held after. */
  take(key: string): Promise<T> | null
  /** Forgets the held answer (the cache changed under it). */
  drop(): void
}

export function earlyAnswer<T>(): EarlyAnswer<T> {
  let held: { key: string; at: number; answer: Promise<T> } | null = null
  const holds = (key: string): boolean =>
    held !== null && held.key === key && Date.now() - held.at < EARLY_READ_MS
  return {
    holds,
    put(key, answer) {
      answer.catch(() => undefined)
      held = { key, at: Date.now(), answer }
    },
    take(key) {
      const answer = holds(key) ? held!.answer : null
      held = null
      return answer
    },
    drop() {
      held = null
    },
  }
}

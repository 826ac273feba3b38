/**
 * An answer asked as a route starts, before the screen that wants it exists (a ticket's read, a
 * view's first page), so it travels while the router and the screen do their work. The screen's
 * first read of the same question takes it once; anything else drops it.
 */

/** How long an answer asked ahead waits to be taken (a navigation that never arrived). */
export const EARLY_READ_MS = 1_000

/**
 * How long a change of the queue's question (a view, a filter) waits for its first page before the
 * screen changes anyway (the old rows then stay, marked loading, until it comes): well above the
 * cache's answer, well below what an agent notices as a click not taken.
 */
export const ANSWER_WAIT_MS = 150

/**
 * Resolves once `answer` has settled (either way) or `ms` have passed, whichever is first: a
 * route may wait for its screen's answer, but never long on a slow or silent host.
 */
export function settledWithin(answer: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms)
    const finish = (): void => {
      clearTimeout(timer)
      done()
    }
    answer.then(finish, finish)
  })
}

export interface EarlyAnswer<T> {
  /** The held answer when it is for `key` and recent, else null; it stays held. */
  peek(key: string): Promise<T> | null
  put(key: string, answer: Promise<T>): void
  /** The held answer when it is for `key` and recent, else null; either way `key` is not held after. */
  take(key: string): Promise<T> | null
  /** Forgets every held answer (the cache changed under them). */
  drop(): void
}

/**
 * Answers held for a later read of the same question: at most `capacity` (the oldest goes first)
 * and each for `maxAgeMs`. One, briefly, by default: the read a route asked as it started.
 */
export function earlyAnswer<T>(
  options: { capacity?: number; maxAgeMs?: number } = {},
): EarlyAnswer<T> {
  const capacity = options.capacity ?? 1
  const maxAgeMs = options.maxAgeMs ?? EARLY_READ_MS
  const held = new Map<string, { at: number; answer: Promise<T> }>()
  const peek = (key: string): Promise<T> | null => {
    const entry = held.get(key)
    if (!entry) return null
    if (Date.now() - entry.at < maxAgeMs) return entry.answer
    held.delete(key)
    return null
  }
  return {
    peek,
    put(key, answer) {
      answer.catch(() => undefined)
      held.delete(key)
      while (held.size >= capacity) held.delete(held.keys().next().value as string)
      held.set(key, { at: Date.now(), answer })
    },
    take(key) {
      const answer = peek(key)
      held.delete(key)
      return answer
    },
    drop() {
      held.clear()
    },
  }
}

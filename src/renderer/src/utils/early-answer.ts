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
  /** The held answer when it is for `key` and recent, else null; either way nothing is held after. */
  take(key: string): Promise<T> | null
  /** Forgets the held answer (the cache changed under it). */
  drop(): void
}

export function earlyAnswer<T>(): EarlyAnswer<T> {
  let held: { key: string; at: number; answer: Promise<T> } | null = null
  const peek = (key: string): Promise<T> | null =>
    held !== null && held.key === key && Date.now() - held.at < EARLY_READ_MS ? held.answer : null
  return {
    peek,
    put(key, answer) {
      answer.catch(() => undefined)
      held = { key, at: Date.now(), answer }
    },
    take(key) {
      const answer = peek(key)
      held = null
      return answer
    },
    drop() {
      held = null
    },
  }
}

/**
 * The queue's answers asked before the screen wants them, held outside the reactive state so
 * nothing on screen changes (and no layout is forced) before the route does:
 * - a built-in view's first page asked as its route starts (`startView`), taken by the screen's
 *   first fetch of that same question;
 * - the other built-in views' first pages asked while the queue is idle (`warmViews`), so a click
 *   on one in the side bar changes the screen without a round trip to the host.
 * The cache's changes and a change of who the agent is drop them all (`drop`).
 */
import type {
  BuiltinView,
  TicketFilters,
  TicketPage,
  TicketQuery,
} from '../../../shared/domain/queue'
import { BUILTIN_VIEWS } from '../../../shared/domain/builtin-views'
import { earlyAnswer } from '../utils/early-answer'

/**
 * How long the other built-in views' first pages, asked while the queue is idle, stay good for a
 * click in the side bar: the cache's changes drop them at once, but a view's members also move
 * with the clock (due soon, overdue), so a page never waits longer than this to be asked again.
 */
export const WARM_MS = 30_000

export interface QueueAhead {
  /** The answer held for `question`, once; null when none is. */
  take(question: TicketQuery): Promise<TicketPage> | null
  put(question: TicketQuery, answer: Promise<TicketPage>): void
  /**
   * Asks `next`'s first page (unless held or shown already); resolves once it has arrived or
   * failed, so the route can change with its rows.
   */
  startView(next: BuiltinView): Promise<void>
  /**
   * Asks the first page of each built-in view not shown, one at a time, unless held already: the
   * host answers one call at a time, so an agent's own question waits behind at most one of them.
   * Stops as soon as `wanted` says no (the queue screen was left).
   */
  warmViews(wanted: () => boolean): Promise<void>
  drop(): void
}

export function queueAhead(deps: {
  query: (question: TicketQuery) => Promise<TicketPage>
  /** The first page of `view` under `filters`, in the current order. */
  questionOf: (view: BuiltinView, filters: TicketFilters) => TicketQuery
  /** Whether `view`, unfiltered and not a saved view, is what the screen shows. */
  isShown: (view: BuiltinView) => boolean
}): QueueAhead {
  const key = (question: TicketQuery): string => JSON.stringify(question)
  const ahead = earlyAnswer<TicketPage>()
  const warm = earlyAnswer<TicketPage>({ capacity: BUILTIN_VIEWS.length, maxAgeMs: WARM_MS })
  let warming = false

  return {
    take: (question) => ahead.take(key(question)),
    put: (question, answer) => ahead.put(key(question), answer),
    startView(next) {
      if (!BUILTIN_VIEWS.includes(next) || deps.isShown(next)) return Promise.resolve()
      const question = deps.questionOf(next, {})
      const k = key(question)
      let answer = ahead.peek(k)
      if (!answer) {
        answer = warm.take(k) ?? deps.query(question)
        ahead.put(k, answer)
      }
      return answer.then(
        () => undefined,
        () => undefined,
      )
    },
    async warmViews(wanted) {
      if (warming) return
      warming = true
      try {
        for (const next of BUILTIN_VIEWS) {
          if (!wanted()) return
          if (deps.isShown(next)) continue
          const question = deps.questionOf(next, {})
          if (warm.peek(key(question))) continue
          const answer = deps.query(question)
          warm.put(key(question), answer)
          // A host that fails one fails the next: nothing more is asked, nothing failed is held.
          if (
            !(await answer.then(
              () => true,
              () => false,
            ))
          ) {
            warm.drop()
            return
          }
        }
      } finally {
        warming = false
      }
    },
    drop() {
      ahead.drop()
      warm.drop()
    },
  }
}

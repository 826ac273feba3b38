/**
 * The queue's answers asked before the screen wants them, held outside the reactive state so
 * nothing on screen changes (and no layout is forced) before the route or the picks do:
 * - a new question's first page asked as its route starts (`startView`) or as its filters are
 *   picked, taken by the screen's first fetch of that same question;
 * - the first pages of the questions an agent's next click is likely to ask (the other built-in
 *   views, the choices of an open quick filter), asked while the queue is idle (`warm`), so that
 *   click changes the screen without a round trip to the host.
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
 * How long a page asked while the queue is idle stays good for the click it was asked for: the
 * cache's changes drop it at once, but a view's members also move with the clock (due soon,
 * overdue), so a page never waits longer than this to be asked again.
 */
export const WARM_MS = 30_000

/** The most pages held: the other built-in views and an open quick filter's choices. */
const WARM_HELD = 16

export interface QueueAhead {
  /** The answer held for `question`, once; null when none is. */
  take(question: TicketQuery): Promise<TicketPage> | null
  /** Asks `question` now (or takes its page asked while idle) and holds the answer for `take`. */
  ask(question: TicketQuery): Promise<TicketPage>
  /**
   * Asks `view`'s first page (unless held or shown already); resolves once it has arrived or
   * failed, so the route can change with its rows.
   */
  startView(view: BuiltinView): Promise<void>
  /** The first pages of the built-in views not shown. */
  otherViews(): TicketQuery[]
  /**
   * Asks `questions`' first pages one at a time, unless held already: the host answers one call
   * at a time, so an agent's own question waits behind at most one of them. A later call replaces
   * what an earlier one has not asked yet. Stops as soon as `wanted` says no.
   */
  warm(questions: TicketQuery[], wanted: () => boolean): Promise<void>
  drop(): void
}

/** Whether `answer` arrives rather than fails. */
const answered = (answer: Promise<unknown>): Promise<boolean> =>
  answer.then(
    () => true,
    () => false,
  )

export function queueAhead(deps: {
  query: (question: TicketQuery) => Promise<TicketPage>
  /** The first page of `view` under `filters`, in the current order. */
  questionOf: (view: BuiltinView, filters: TicketFilters) => TicketQuery
  /** Whether `view`, unfiltered and not a saved view, is what the screen shows. */
  isShown: (view: BuiltinView) => boolean
}): QueueAhead {
  const key = (question: TicketQuery): string => JSON.stringify(question)
  const ahead = earlyAnswer<TicketPage>()
  const warm = earlyAnswer<TicketPage>({ capacity: WARM_HELD, maxAgeMs: WARM_MS })
  let next: { questions: TicketQuery[]; wanted: () => boolean } | null = null
  let running: Promise<void> | null = null

  function ask(question: TicketQuery): Promise<TicketPage> {
    const k = key(question)
    const answer = warm.take(k) ?? deps.query(question)
    ahead.put(k, answer)
    return answer
  }

  async function drain(): Promise<void> {
    while (next) {
      const { questions, wanted } = next
      next = null
      for (const question of questions) {
        if (next || !wanted()) break
        if (warm.peek(key(question))) continue
        const answer = deps.query(question)
        warm.put(key(question), answer)
        // A host that fails one fails the next: nothing more is asked, nothing failed is held.
        if (!(await answered(answer))) {
          warm.drop()
          next = null
          return
        }
      }
    }
  }

  return {
    take: (question) => ahead.take(key(question)),
    ask,
    startView(view) {
      if (!BUILTIN_VIEWS.includes(view) || deps.isShown(view)) return Promise.resolve()
      const question = deps.questionOf(view, {})
      const answer = ahead.peek(key(question)) ?? ask(question)
      return answer.then(
        () => undefined,
        () => undefined,
      )
    },
    otherViews: () =>
      BUILTIN_VIEWS.filter((view) => !deps.isShown(view)).map((view) => deps.questionOf(view, {})),
    warm(questions, wanted) {
      next = { questions, wanted }
      running ??= drain().finally(() => (running = null))
      return running
    },
    drop() {
      ahead.drop()
      warm.drop()
    },
  }
}

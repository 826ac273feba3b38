/**
 * The queue: which view, filters and sort are active, and the pages of rows fetched from the cache
 * so far. Rows are fetched a page at a time as the grid scrolls; only the rows in view are ever
 * rendered. A generation number drops answers to questions that are no longer asked. When the
 * cached tickets change, the pages in view are re-read in place.
 */
import { defineStore } from 'pinia'
import { computed, ref, triggerRef, watch } from 'vue'
import type {
  BuiltinView,
  SavedView,
  TicketFilters,
  TicketPage,
  TicketRow,
  TicketSort,
} from '../../../shared/domain/queue'
import { DEFAULT_SORT, nextSort } from '../../../shared/domain/queue-rules'
import { changeOfPicks, cleanFilters, savedViewFilters, togglePick } from './queue-filters'
import { openSavedView } from './queue-saved'
import { PAGE_SIZE, queueRows } from './queue-rows'
import { useSettingsStore } from './settings'
import { ANSWER_WAIT_MS, settledWithin } from '../utils/early-answer'
import { queueAhead } from './queue-ahead'
import { useTicketsStore } from './tickets'

export { PAGE_SIZE } from './queue-rows'
export { cleanFilters, savedViewFilters } from './queue-filters'

export const useQueueStore = defineStore('queue', () => {
  const tickets = useTicketsStore()
  const settings = useSettingsStore()

  const view = ref<BuiltinView>('mine')
  const filters = ref<TicketFilters>({})
  const sort = ref<TicketSort>({ ...DEFAULT_SORT })
  const { savedViewId, markSaved, savedModified } = openSavedView(view, filters, sort)
  const total = ref<number | null>(null)
  const loaded = queueRows()
  const { pages, selectedId, selectedHint, rowAt, indexOfId, select } = loaded
  const loading = ref(false)
  const error = ref<unknown>(null)
  /** The first row in view (fractional while scrolled part-way), kept for coming back. */
  const topRow = ref(0)
  /** Names of contacts used as filters (contacts have no lookup list of their own). */
  const contactLabels = ref<Record<number, string>>({})
  /** Bumped when a new question's first page has arrived or failed (the bench and tests watch it). */
  const answered = ref(0)
  /** Bumped when a new question is asked (the bulk store's picks belong to the old one). */
  const asked = ref(0)
  /** The answered search's words and the ticket ids it put first (for the grid's highlights). */
  const searchInfo = ref<TicketPage['search'] | null>(null)

  let generation = 0
  /** The filters of a change asked and not yet shown (see setFilters). */
  let nextFilters: TicketFilters | null = null
  const inFlight = new Set<number>()
  /** The latest question's first page, answered or failed. */
  let asking: Promise<void> = Promise.resolve()

  const activeFilters = computed(() => cleanFilters(filters.value))

  type Question = Parameters<typeof tickets.query>[0]
  /** Page `page` of `v` under `f`, in the current order. */
  const questionOf = (v: BuiltinView, f: TicketFilters, page = 0): Question => ({
    view: v,
    filters: f,
    sort: sort.value,
    offset: page * PAGE_SIZE,
    limit: PAGE_SIZE,
  })
  const ahead = queueAhead({
    query: (question) => tickets.query(question),
    questionOf,
    isShown: (v) => view.value === v && savedViewId.value === null,
  })
  // "Mine" is someone else's tickets then.
  watch(
    () => settings.me?.id,
    () => ahead.drop(),
  )

  async function fetchPage(page: number, gen: number, fresh = false): Promise<void> {
    const key = gen * 1_000_000 + page
    if (inFlight.has(key)) return
    inFlight.add(key)
    try {
      const question = questionOf(view.value, activeFilters.value, page)
      const result = await ((fresh ? ahead.take(question) : null) ?? tickets.query(question))
      if (gen !== generation) return
      if (fresh) {
        // The first page of a new question replaces every old page in one render.
        pages.value = new Map([[page, result.rows]])
        select(0)
        topRow.value = 0
        settle()
      } else {
        pages.value.set(page, result.rows)
        triggerRef(pages)
        if (selectedId.value === null) selectedId.value = rowAt(selectedHint.value)?.id ?? null
      }
      total.value = result.total
      searchInfo.value = result.search ?? null
      error.value = null
    } catch (e) {
      if (gen === generation) {
        error.value = e
        if (fresh) settle()
      }
    } finally {
      inFlight.delete(key)
    }
  }

  /**
   * The new question is answered (or failed): set beside its rows, total and as-of, so a page swap
   * is one patch of the screen, not a second one a microtask later.
   */
  function settle(): void {
    loading.value = false
    answered.value++
  }

  /** Makes sure the rows [start, end) are loaded or loading. */
  function ensureRange(start: number, end: number): void {
    const last = total.value === null ? 0 : Math.max(0, total.value - 1)
    const first = Math.floor(Math.max(0, start) / PAGE_SIZE)
    const lastPage = Math.floor(Math.min(Math.max(start, end - 1), last) / PAGE_SIZE)
    for (let p = first; p <= lastPage; p++) {
      if (!pages.value.has(p)) void fetchPage(p, generation)
    }
  }

  /**
   * Asks the new question. The old rows stay on screen until the first new page arrives, so the
   * grid renders once per change instead of blanking first.
   */
  function reload(): Promise<void> {
    nextFilters = null
    asked.value++
    generation++
    loading.value = true
    const gen = generation
    asking = fetchPage(0, gen, true)
    return asking
  }

  /** Resolves once the question being asked now (if any) has its first page, or has failed. */
  async function whenSettled(): Promise<void> {
    for (let p = asking; ; p = asking) {
      await p
      if (p === asking) return
    }
  }

  /** The cache changed: re-reads the pages around `visible` in place, drops the others. */
  async function refresh(
    visibleStart = Math.floor(topRow.value),
    visibleEnd = visibleStart + 60,
  ): Promise<void> {
    generation++
    const gen = generation
    const keep = new Set<number>()
    for (
      let p = Math.floor(visibleStart / PAGE_SIZE);
      p <= Math.floor(visibleEnd / PAGE_SIZE);
      p++
    ) {
      keep.add(p)
    }
    const old = pages.value
    const next = new Map<number, TicketRow[]>()
    for (const p of keep) {
      const rows = old.get(p)
      if (rows) next.set(p, rows)
    }
    pages.value = next
    await Promise.all([...keep].map((p) => fetchPage(p, gen)))
    if (gen !== generation) return
    const at = selectedId.value === null ? -1 : indexOfId(selectedId.value, selectedHint.value)
    if (at >= 0) selectedHint.value = at
    else select(Math.min(selectedHint.value, Math.max(0, (total.value ?? 1) - 1)))
  }

  tickets.onChanged(() => {
    ahead.drop()
    if (total.value !== null) void refresh()
  })

  /** Forgets the session's queue (sign-out): the next agent starts from "mine", unfiltered. */
  function reset(): void {
    generation++
    nextFilters = null
    ahead.drop()
    inFlight.clear()
    asking = Promise.resolve()
    view.value = 'mine'
    savedViewId.value = null
    filters.value = {}
    sort.value = { ...DEFAULT_SORT }
    total.value = null
    pages.value = new Map()
    loading.value = false
    error.value = null
    selectedId.value = null
    selectedHint.value = 0
    topRow.value = 0
    contactLabels.value = {}
    searchInfo.value = null
    asked.value++
  }

  /**
   * The ticket `delta` rows from `id` in the current question (next / previous from the detail),
   * loading its page when needed; null at either end or when `id` is not in the loaded pages.
   */
  async function neighbour(id: number, delta: number): Promise<number | null> {
    const at = indexOfId(id, selectedHint.value)
    if (at < 0) return null
    const next = at + delta
    if (next < 0 || (total.value !== null && next >= total.value)) return null
    if (!rowAt(next)) await fetchPage(Math.floor(next / PAGE_SIZE), generation)
    const row = rowAt(next)
    if (!row) return null
    select(next)
    return row.id
  }

  function setView(next: BuiltinView): Promise<void> {
    view.value = next
    savedViewId.value = null
    return reload()
  }

  /** Asked at start-up, before the screen mounts; the screen's first showing takes it as is. */
  let early = false
  function askEarly(next: BuiltinView): Promise<void> {
    early = true
    return setView(next)
  }
  /** True once, for the first showing after `askEarly`: its answer is new, no refresh needed. */
  function takeEarly(): boolean {
    const was = early
    early = false
    return was
  }

  /**
   * Another built-in view chosen while the queue shows (fresh filters): its first page is asked
   * before the route changes, and the screen's `setView` for the new route takes that answer.
   * Nothing when that view, unfiltered, is already what is shown. Resolves when that answer has
   * arrived or failed (at once when nothing was asked), so the route can change with its rows.
   */
  const startView = (next: BuiltinView): Promise<void> => ahead.startView(next)
  /** Asks now while `wanted` says yes and no page of the rows in view is on its way. */
  async function warm(questions: () => Question[], wanted: () => boolean): Promise<void> {
    await whenSettled()
    await ahead.warm(questions(), () => wanted() && inFlight.size === 0)
  }

  /**
   * The other built-in views' first pages, asked once the question shown has its answer (the
   * queue screen calls it when idle, and stops it when left; a scroll's pages must not wait
   * behind them).
   */
  function warmViews(wanted: () => boolean = () => true): Promise<void> {
    return warm(ahead.otherViews, wanted)
  }

  /** An open quick filter's choices, each toggled: the agent's next click there is one of them. */
  function warmPicks(
    field: keyof TicketFilters,
    values: number[],
    wanted: () => boolean = () => true,
  ): Promise<void> {
    return warm(
      () =>
        values.map((v) =>
          questionOf(view.value, togglePick(nextFilters ?? filters.value, field, v)),
        ),
      wanted,
    )
  }

  function applySaved(saved: SavedView): Promise<void> {
    view.value = saved.view
    filters.value = savedViewFilters(saved, settings.serverTimeZone)
    sort.value = { ...saved.sort }
    markSaved(saved.id)
    return reload()
  }

  /** A question asked from elsewhere (a caller's tickets, an overview's bar): view and filters alone. */
  function showQuestion(next: BuiltinView, nextFilters: TicketFilters): Promise<void> {
    view.value = next
    savedViewId.value = null
    filters.value = cleanFilters(nextFilters)
    return reload()
  }

  /** A caller's tickets: every view, filtered to the contact (the chip shows their name). */
  function showContact(id: number, label: string): Promise<void> {
    contactLabels.value = { ...contactLabels.value, [id]: label }
    return showQuestion('all', { contactId: id })
  }

  /**
   * New filters: their first page is asked first and the screen changes with it (briefly waited
   * for, as a view change is), so the picks, chips and rows change in one patch and one frame.
   */
  async function setFilters(next: TicketFilters): Promise<void> {
    const cleaned = cleanFilters(next)
    nextFilters = cleaned
    const answer = ahead.ask(questionOf(view.value, cleaned))
    await settledWithin(answer, ANSWER_WAIT_MS)
    // Another question was asked meanwhile (a later change, a view): that one is shown, not this.
    if (nextFilters !== cleaned) return whenSettled()
    filters.value = cleaned
    return reload()
  }

  function patchFilters(patch: Partial<TicketFilters>): Promise<void> {
    return setFilters({ ...(nextFilters ?? filters.value), ...patch })
  }

  /** A quick choice changed from `shown` to `picked` (its field holds numbers). */
  function changePicks(field: keyof TicketFilters, shown: number[], picked: number[]) {
    const asked = ((nextFilters ?? filters.value)[field] as number[] | undefined) ?? []
    return patchFilters({ [field]: changeOfPicks(asked, shown, picked) })
  }

  function clearFilters(): Promise<void> {
    return setFilters({})
  }

  function setSort(next: TicketSort): Promise<void> {
    sort.value = next
    return reload()
  }

  /** Cycles a column's sort (nextSort: first way, reversed, the default order). */
  function toggleSort(column: TicketSort['column']): Promise<void> {
    return setSort(nextSort(sort.value, column))
  }

  return {
    view,
    savedViewId,
    filters,
    activeFilters,
    sort,
    total,
    pages,
    loading,
    error,
    selectedId,
    selectedIndex: loaded.selectedIndex,
    topRow,
    answered,
    asked,
    searchInfo,
    indexOfId,
    contactLabels,
    rowAt,
    select,
    ensureRange,
    reload,
    whenSettled,
    refresh,
    setView,
    askEarly,
    takeEarly,
    startView,
    warmViews,
    warmPicks,
    applySaved,
    markSaved,
    savedModified,
    setFilters,
    showContact,
    showQuestion,
    patchFilters,
    changePicks,
    clearFilters,
    setSort,
    toggleSort,
    reset,
    neighbour,
    positionOf: loaded.positionOf,
  }
})

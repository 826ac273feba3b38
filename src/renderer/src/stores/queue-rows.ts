/**
 * The queue's loaded pages of rows and the selection among them: looking rows up by position or
 * by ticket id, and keeping the highlight on the same ticket when a refresh moves it.
 */
import { computed, ref, shallowRef } from 'vue'
import type { TicketRow } from '../../../shared/domain/queue'

export const PAGE_SIZE = 100

export function queueRows() {
  const pages = shallowRef(new Map<number, TicketRow[]>())
  /** The selected ticket: the highlight stays on it when a refresh moves it to another row. */
  const selectedId = ref<number | null>(null)
  /** Where the selection was last seen (and where it goes when its ticket leaves the view). */
  const selectedHint = ref(0)

  function rowAt(index: number): TicketRow | null {
    return pages.value.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE] ?? null
  }

  /** The row index of ticket `id` among the loaded pages, trying `hint` first; -1 if not loaded. */
  function indexOfId(id: number, hint: number): number {
    if (rowAt(hint)?.id === id) return hint
    for (const [page, rows] of pages.value) {
      const i = rows.findIndex((r) => r.id === id)
      if (i >= 0) return page * PAGE_SIZE + i
    }
    return -1
  }

  /** The selected ticket's row now. */
  const selectedIndex = computed(() => {
    if (selectedId.value === null) return selectedHint.value
    const at = indexOfId(selectedId.value, selectedHint.value)
    return at >= 0 ? at : selectedHint.value
  })

  /** Selects the ticket on row `index` (or the row itself until its page arrives). */
  function select(index: number): void {
    selectedHint.value = index
    selectedId.value = rowAt(index)?.id ?? null
  }

  /** Where ticket `id` stands in the current question (1-based), if its page is loaded. */
  function positionOf(id: number): number | null {
    const at = indexOfId(id, selectedHint.value)
    return at < 0 ? null : at + 1
  }

  return { pages, selectedId, selectedHint, rowAt, indexOfId, selectedIndex, select, positionOf }
}

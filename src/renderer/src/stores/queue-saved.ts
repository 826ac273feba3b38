/**
 * Which saved view the queue shows, and whether the agent has changed its filters or order since
 * it was opened or saved: the screen then says the queue is no longer the view its title names.
 */
import { computed, ref, type Ref } from 'vue'
import type { BuiltinView, TicketFilters, TicketSort } from '../../../shared/domain/queue'
import { questionKey } from './queue-filters'

export function openSavedView(
  view: Ref<BuiltinView>,
  filters: Ref<TicketFilters>,
  sort: Ref<TicketSort>,
) {
  const savedViewId = ref<string | null>(null)
  /** The saved view's question as opened or saved. */
  const baseline = ref('')
  const asked = (): string => questionKey(view.value, filters.value, sort.value)

  /** The queue as it stands is saved view `id` (opened, or just saved). */
  function markSaved(id: string): void {
    savedViewId.value = id
    baseline.value = asked()
  }
  const savedModified = computed(() => savedViewId.value !== null && asked() !== baseline.value)
  return { savedViewId, markSaved, savedModified }
}

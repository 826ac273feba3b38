/**
 * The form's draft: what the agent types is kept in the outbox's database as they type (not in the
 * window), so a reload, a crash or a restart of the desktop app or the browser host offers it back.
 * One draft per ticket (`ticket:ID`), per caller a new ticket is for (`new:CONTACT`) and one for
 * a new ticket (`new`). A draft holds the fields the agent changed, not the whole form
 * (form-model.ts, `editedFields`), and for an edit what those fields held when the agent began:
 * restored, the form compares with that, so a field a colleague changed since is a conflict the
 * agent decides when saving, not overwritten unseen.
 */
import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue'
import { watch } from 'vue'
import type { Draft } from '../../../../../shared/domain/outbox'
import { useOutboxStore } from '../../../stores/outbox'
import { useServerNowStore } from '../../../stores/server-now'
import { holdForm } from '../../../utils/open-forms'
import { editedFields, isDirty, type TicketFormModel } from './form-model'

const DRAFT_DEBOUNCE_MS = 400

export function useFormDraft(options: {
  key: string
  model: Ref<TicketFormModel>
  initial: Ref<TicketFormModel>
  /** The server copy's `updated_at` the edit started from (null for a new ticket). */
  basedOn: string | null
}) {
  const { key, model, initial } = options
  const outbox = useOutboxStore()
  const clock = useServerNowStore()
  const offered = ref<Draft | null>(null)
  let timer: ReturnType<typeof setTimeout> | null = null
  let stored = false

  function store(): void {
    timer = null
    if (offered.value) return // not over the one still offered
    if (isDirty(initial.value, model.value)) {
      stored = true
      const values = editedFields(initial.value, model.value)
      const baseValues =
        options.basedOn === null
          ? null
          : Object.fromEntries(
              (Object.keys(values) as (keyof TicketFormModel)[]).map((k) => [k, initial.value[k]]),
            )
      void outbox
        .saveDraft({ key, values, baseUpdatedAt: options.basedOn, baseValues })
        .catch(() => undefined)
    } else if (stored) {
      stored = false
      void outbox.clearDraft(key).catch(() => undefined)
    }
  }
  watch(
    model,
    () => {
      if (timer) clearTimeout(timer)
      timer = setTimeout(store, DRAFT_DEBOUNCE_MS)
    },
    { deep: true },
  )
  /** What the debounce still holds is stored now: the form is going (closed, or the page is). */
  function flush(): void {
    if (!timer) return
    clearTimeout(timer)
    store()
  }
  // A reload or a closed window unmounts nothing: without this, what was typed (or put back)
  // in the last moment before it would be missing from the draft offered on the next open.
  window.addEventListener('pagehide', flush)
  // Another tab of the app starting now does not count this draft as left behind.
  const release = holdForm(key)
  onBeforeUnmount(() => {
    window.removeEventListener('pagehide', flush)
    release()
    flush()
  })
  onMounted(async () => {
    try {
      const draft = await outbox.getDraft(key)
      if (!draft) return
      if (isDirty(initial.value, { ...initial.value, ...draft.values })) offered.value = draft
      // What it holds is what the form holds already (saved since, here or another way): it
      // would only linger in the waiting-edits screen's list.
      else if (!stored) void outbox.clearDraft(key).catch(() => undefined)
    } catch {
      // No draft to offer when the host does not answer.
    }
  })

  function restore(): void {
    const draft = offered.value
    if (!draft) return
    offered.value = null
    model.value = { ...initial.value, ...(draft.values as Partial<TicketFormModel>) }
    // Where the agent began, for the fields they changed: the save's base (use-form-save.ts).
    if (draft.baseValues)
      initial.value = { ...initial.value, ...(draft.baseValues as Partial<TicketFormModel>) }
  }
  function discard(): void {
    offered.value = null
    stored = false
    void outbox.clearDraft(key).catch(() => undefined)
  }
  /** After a save: the draft is what was saved, so it goes. */
  async function clear(): Promise<void> {
    offered.value = null
    stored = false
    if (timer) clearTimeout(timer)
    timer = null
    await outbox.clearDraft(key).catch(() => undefined)
  }
  /** When the draft was kept, as the server's wall-clock time like every other time on screen. */
  const time = computed(() => (offered.value ? clock.dateTimeOf(offered.value.updatedAt) : ''))
  /** The ticket was changed (by anyone) after the draft began: worth a look before restoring. */
  const changedSince = computed(
    () =>
      offered.value !== null &&
      options.basedOn !== null &&
      offered.value.baseUpdatedAt !== null &&
      offered.value.baseUpdatedAt !== options.basedOn,
  )

  /**
   * The drafted fields changed after the draft began (by a colleague, or the agent another way),
   * to a value other than the draft's: restored and saved, each is a conflict the agent settles
   * in the waiting edits.
   */
  const alsoChanged = computed((): (keyof TicketFormModel)[] => {
    const draft = offered.value
    if (!draft?.baseValues) return []
    const base = draft.baseValues as Partial<TicketFormModel>
    const mine = draft.values as Partial<TicketFormModel>
    return (Object.keys(base) as (keyof TicketFormModel)[]).filter(
      (k) => base[k] !== initial.value[k] && mine[k] !== initial.value[k],
    )
  })

  return { offered, time, changedSince, alsoChanged, restore, discard, clear }
}

/**
 * The open ticket's state: the cached copy (with the agent's waiting edits laid over it), when it
 * was synced, whether it is missing or was deleted while open. Re-reads itself when the cache says
 * this ticket changed, and asks the server for a fresh copy once per opening. A ticket created here
 * and not sent yet (a negative id) is shown as typed; once sent, the route moves to its real id.
 */
import { useNotification } from 'naive-ui'
import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { useRouter } from 'vue-router'
import type { Ticket } from '../../../../../shared/domain/api-schemas'
import { isAppError } from '../../../../../shared/domain/app-error'
import type { OutboxState } from '../../../../../shared/domain/outbox'
import { useErrorText } from '../../../composables/use-error-text'
import { useAlertsStore } from '../../../stores/alerts'
import { usePeopleStore } from '../../../stores/people'
import { useTicketsStore } from '../../../stores/tickets'

export function useOpenTicket(id: Ref<number>, onChange: () => void = () => undefined) {
  const router = useRouter()
  const tickets = useTicketsStore()
  const alerts = useAlertsStore()
  const people = usePeopleStore()
  const notification = useNotification()
  const errorText = useErrorText()

  /** Created here and not sent yet: only its values as typed, nothing to edit here. */
  const local = computed(() => id.value < 0)
  const ticket = ref<Ticket | null>(null)
  const syncedAt = ref<string | null>(null)
  /** Edits of this ticket waiting in the outbox (already laid over `ticket`). */
  const pending = ref<{ state: OutboxState; deleting: boolean } | null>(null)
  const loading = ref(true)
  const missing = ref(false)
  /** Deleted while open (or found deleted): only "back" is offered. */
  const deleted = ref(false)
  let refreshedFor: number | null = null

  function gone(): void {
    // Seen here before (or deleted under us): it was deleted, not never there.
    deleted.value = ticket.value !== null || deleted.value
    missing.value = true
    ticket.value = null
  }

  async function load(): Promise<void> {
    const wanted = id.value
    if (!Number.isInteger(wanted) || wanted === 0) return
    try {
      const result = await tickets.get(wanted)
      if (id.value !== wanted) return
      // Sent meanwhile: the core answers with the server's ticket; show it under its own id.
      if (local.value && result.ticket.id > 0) {
        void router.replace({ name: 'ticket', params: { id: result.ticket.id } })
        return
      }
      ticket.value = result.ticket
      syncedAt.value = result.syncedAt
      pending.value = result.pending ?? null
      missing.value = false
      deleted.value = false
      const c = result.ticket.contact
      if (c?.name) people.rememberContact(c.id, c.name)
      void alerts.seen(result.ticket.id)
      if (!local.value && refreshedFor !== wanted) {
        // Opened: the cached copy is shown; the server's replaces it if it changed (the store's
        // change event reloads this view). One created here has no server copy yet.
        refreshedFor = wanted
        void tickets.refresh(wanted)
      }
    } catch (e) {
      if (id.value !== wanted) return
      if (isAppError(e) && e.code === 'not_found') gone()
      else notification.error({ content: () => errorText(e), duration: 5000 })
    } finally {
      if (id.value === wanted) loading.value = false
    }
  }

  watch(
    id,
    () => {
      loading.value = true
      deleted.value = false
      ticket.value = null
      void load()
    },
    { immediate: true },
  )

  const off = tickets.onChanged((e) => {
    if (e.reason === 'delete' && e.ids?.includes(id.value) && ticket.value) {
      deleted.value = true
      missing.value = true
      ticket.value = null
      return
    }
    if (!e.ids || e.ids.includes(id.value) || local.value) void load()
    onChange()
  })
  onBeforeUnmount(off)

  return { local, ticket, syncedAt, pending, loading, missing, deleted, load }
}

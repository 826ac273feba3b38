/** The ticket form mounted with the app's stores and a fake host: shared by the form's tests. */
import TicketForm from '../../src/renderer/src/views/ticket-form/modules/ticket-form.vue'
import { useLookupsStore } from '../../src/renderer/src/stores/lookups'
import { useSyncStore } from '../../src/renderer/src/stores/sync'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import type { TicketFormModel } from '../../src/renderer/src/views/ticket-form/modules/form-model'
import { fakeApi, mountWithApp, settle, type FakeHandlers } from './harness'
import { LOOKUPS, outboxEntry } from './fixtures'

export const base: FakeHandlers = {
  'lookups:get': () => LOOKUPS,
  'employees:search': () => LOOKUPS.employees,
  'contacts:search': () => [],
  'sync:status': () => ({ state: 'online', lastSyncAt: null, progress: null, error: null }),
  'drafts:get': () => null,
  'drafts:save': (input) => ({ ...input, updatedAt: '2030-01-01T00:00:00.000Z' }),
  'drafts:clear': ({ key }) => ({ key }),
  'outbox:discard': () => ({ removed: true }),
  'outbox:summary': () => ({ waiting: 0, needsAttention: 0, ticketIds: [] }),
  'outbox:list': () => [],
}

/** A waiting edit of the form's ticket (42). */
export const entry = outboxEntry

export async function mountForm(
  props: { ticket?: Ticket | null; preset?: Partial<TicketFormModel> },
  handlers: FakeHandlers = {},
  online = true,
) {
  const api = fakeApi({ ...base, ...handlers })
  const mounted = await mountWithApp(TicketForm, { api, props })
  const lookups = useLookupsStore()
  lookups.lookups = LOOKUPS
  const sync = useSyncStore()
  sync.status = {
    state: online ? 'online' : 'offline',
    lastSyncAt: null,
    progress: null,
    error: null,
  }
  await settle()
  // The form's initial model reads lookups at setup; remount-free: set them before interactions.
  return { api, ...mounted }
}

export function formVm(w: Awaited<ReturnType<typeof mountForm>>['wrapper']) {
  return w.findComponent(TicketForm).vm as unknown as {
    save: () => Promise<void>
    model: {
      status: number
      terminationCodeId: number | null
      categoryId: number | null
      subCategoryId: number | null
      subject: string
      content: string
      handlerId: number | null
    }
  }
}

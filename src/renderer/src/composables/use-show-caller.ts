/**
 * "Show this caller's tickets", the same from the palette, the queue's caller suggestions and a
 * ticket's contact card: the All view, filtered to that contact alone (no other filter or search
 * left over to hide some of them), with the caller's name on the filter chip.
 */
import { useRouter } from 'vue-router'
import { useQueueStore } from '../stores/queue'

export function useShowCaller(): (contact: { id: number; name?: string | null }) => Promise<void> {
  const router = useRouter()
  const queue = useQueueStore()
  return async (contact) => {
    // The question first: the queue screen, opening on the All view, sees it already asked.
    const asked = queue.showContact(contact.id, contact.name ?? `#${contact.id}`)
    await router.push({ name: 'queue', params: { view: 'all' } })
    await asked
  }
}

/**
 * The team hub as the screens see it: colleagues' desktops (who has which ticket open, who is
 * editing), the tickets a colleague just changed, this desktop's own presence, and a ticket's
 * history. Without a hub every list is empty and nothing is sent.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Colleagues, HubChanged } from '../../../shared/contract/hub-contract'
import { useClient } from '../composables/use-client'

export type Colleague = Colleagues['desktops'][number]
export type HubChange = HubChanged['changes'][number]

/** A colleague's change is "just now" on the ticket's screen for this long. */
export const JUST_NOW_MS = 60_000

export const useHubStore = defineStore('hub', () => {
  const api = useClient()
  const colleagues = ref<Colleague[]>([])
  /** The latest change of each ticket the feed brought while the app was open. */
  const changed = ref(new Map<number, HubChange & { receivedAt: number }>())
  let unsubscribe: (() => void)[] = []
  /**
   * Counts the pictures the core pushed. A call's answer travels apart from the events (another
   * channel in the browser host), so an answer is kept only when no event came while it was on
   * its way: otherwise an older picture would overwrite a colleague who just arrived, until the
   * next change.
   */
  let pushed = 0

  async function fetchPicture(call: () => Promise<Colleagues>): Promise<void> {
    const before = pushed
    const next = await call()
    if (pushed === before) colleagues.value = next.desktops
  }

  async function start(): Promise<void> {
    if (unsubscribe.length > 0) return
    unsubscribe = [
      api.on('hub:colleagues', (next) => {
        pushed += 1
        colleagues.value = next.desktops
      }),
      api.on('hub:changed', ({ changes }) => {
        const next = new Map(changed.value)
        for (const change of changes)
          next.set(change.ticketId, { ...change, receivedAt: Date.now() })
        changed.value = next
      }),
    ]
    try {
      await fetchPicture(() => api.call('hub:colleagues'))
    } catch {
      // No answer yet: the next event brings the picture.
    }
  }

  function stop(): void {
    for (const off of unsubscribe) off()
    unsubscribe = []
  }

  /** Colleagues with `ticketId` open, editors first. */
  function on(ticketId: number): Colleague[] {
    return colleagues.value
      .filter((c) => c.ticketId === ticketId)
      .sort((a, b) => Number(b.editing) - Number(a.editing))
  }

  /** Ticket ids a colleague has open (the queue's marker), with whether one is editing. */
  const openTickets = computed(() => {
    const map = new Map<number, { editing: boolean; names: string[] }>()
    for (const c of colleagues.value) {
      if (c.ticketId === null) continue
      const entry = map.get(c.ticketId) ?? { editing: false, names: [] }
      entry.editing ||= c.editing
      entry.names.push(c.name)
      map.set(c.ticketId, entry)
    }
    return map
  })

  /** This desktop's agent has `ticketId` open (null: none), editing or not. */
  async function setPresence(ticketId: number | null, editing: boolean): Promise<void> {
    try {
      await fetchPicture(() => api.call('hub:presence', { ticketId, editing }))
    } catch {
      // Presence is best effort: the hub away costs the picture, never the agent's work.
    }
  }

  /** The colleague's change of `ticketId` made within the last minute, or null. */
  function recentChange(
    ticketId: number,
    now = Date.now(),
  ): (HubChange & { receivedAt: number }) | null {
    const change = changed.value.get(ticketId)
    return change && change.by && now - change.receivedAt < JUST_NOW_MS ? change : null
  }

  function history(ticketId: number) {
    return api.call('hub:history', { id: ticketId })
  }

  return { colleagues, changed, openTickets, start, stop, on, setPresence, recentChange, history }
})

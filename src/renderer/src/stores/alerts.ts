/**
 * Alerts as the screens see them: the ones not opened yet (the title, the side bar and the queue
 * count and highlight them, the side bar's list says why each was raised), an in-app toast for
 * each new batch and, in the browser host, the desktop notification of each new one (the Web
 * Notifications API, permission asked once; the desktop shell notifies by itself). The core
 * decides what is an alert and remembers what it raised, so a reload raises nothing again.
 */
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { Alert } from '../../../shared/contract/contract'
import { useClient } from '../composables/use-client'
import { useSettingsStore } from './settings'

/** The parts of the Web Notifications API used here; tests and other hosts pass their own. */
export interface WebNotifications {
  permission(): NotificationPermission
  requestPermission(): Promise<NotificationPermission>
  show(title: string, options: { body: string; tag: string }, onClick: () => void): void
}

/** The browser's own Notification, or null where there is none. */
export function browserNotifications(): WebNotifications | null {
  if (typeof window === 'undefined' || typeof window.Notification !== 'function') return null
  const N = window.Notification
  return {
    permission: () => N.permission,
    requestPermission: () => N.requestPermission(),
    show: (title, options, onClick) => {
      const n = new N(title, options)
      n.onclick = () => {
        window.focus()
        onClick()
        n.close()
      }
    },
  }
}

/** At most this many notifications for one batch of alerts; the rest are summed up in one. */
const MAX_PER_BATCH = 3

/** One notification (or toast) of a batch: `ticketId` is the ticket its click opens. */
export interface AlertNote {
  title: string
  body: string
  tag: string
  ticketId: number
}

export const useAlertsStore = defineStore('alerts', () => {
  const api = useClient()
  const settings = useSettingsStore()
  const active = ref<Alert[]>([])
  let notifier: WebNotifications | null = null
  let openTicket: (id: number) => void = () => undefined
  let texts: (alert: Alert) => { title: string; body: string } = (a) => ({
    title: a.kind,
    body: `#${a.ticketId}`,
  })
  let moreText: (n: number) => string = (n) => `+${n}`
  let toast: (note: AlertNote) => void = () => undefined
  let started = false
  const stops: Array<() => void> = []

  const count = computed(() => new Set(active.value.map((a) => a.ticketId)).size)
  const ticketIds = computed(() => new Set(active.value.map((a) => a.ticketId)))
  /** How many alerts of each kind: what the side bar's pill says it counts. */
  const byKind = computed(() => {
    const out: Partial<Record<Alert['kind'], number>> = {}
    for (const a of active.value) out[a.kind] = (out[a.kind] ?? 0) + 1
    return out
  })

  /** The browser host notifies by itself; in the desktop app the shell does. */
  const notifiesHere = computed(() => settings.appInfo?.host !== 'desktop')

  /** A batch as notes: the first few one each, the rest summed up in one. */
  function notesOf(alerts: Alert[]): AlertNote[] {
    const notes: AlertNote[] = alerts
      .slice(0, MAX_PER_BATCH)
      .map((a) => ({ ...texts(a), tag: a.key, ticketId: a.ticketId }))
    const rest = alerts.slice(MAX_PER_BATCH)
    if (rest.length > 0) {
      notes.push({
        title: moreText(rest.length),
        body: rest.map((a) => `#${a.ticketId}`).join(' '),
        tag: `more:${rest[0]!.key}`,
        ticketId: rest[0]!.ticketId,
      })
    }
    return notes
  }

  function notify(alerts: Alert[]): void {
    if (alerts.length === 0) return
    const notes = notesOf(alerts)
    // Inside the app, always: a count changing in a corner is easy to miss.
    for (const note of notes) toast(note)
    if (!notifier || !notifiesHere.value || !settings.notifications) return
    if (notifier.permission() !== 'granted') return
    for (const note of notes) {
      notifier.show(note.title, { body: note.body, tag: note.tag }, () => openTicket(note.ticketId))
    }
  }

  /**
   * Starts listening (once): `open` shows a ticket, `text` and `more` word a notification in the
   * agent's language, `toast` shows one inside the app, `notifications` is the browser's API
   * (null: none).
   */
  function start(options: {
    open: (id: number) => void
    text: (alert: Alert) => { title: string; body: string }
    more: (n: number) => string
    toast?: (note: AlertNote) => void
    notifications: WebNotifications | null
  }): void {
    openTicket = options.open
    texts = options.text
    moreText = options.more
    toast = options.toast ?? (() => undefined)
    notifier = options.notifications
    if (started) return
    started = true
    stops.push(
      api.on('alerts:raised', ({ alerts }) => {
        const known = new Set(active.value.map((a) => a.key))
        const fresh = alerts.filter((a) => !known.has(a.key))
        active.value = [...[...fresh].reverse(), ...active.value]
        notify(fresh)
      }),
      api.on('alerts:open', ({ ticketId }) => openTicket(ticketId)),
    )
    void load()
  }

  async function load(): Promise<void> {
    try {
      active.value = await api.call('alerts:list')
    } catch {
      // Not connected yet: nothing to count.
    }
  }

  /** Asks the browser for permission once, if notifications are on and it has not been asked. */
  async function askPermission(): Promise<NotificationPermission | null> {
    if (!notifier || !notifiesHere.value || !settings.notifications) return null
    if (notifier.permission() !== 'default') return notifier.permission()
    try {
      return await notifier.requestPermission()
    } catch {
      return null
    }
  }

  /** The agent opened this ticket: its alerts stop counting. */
  async function seen(ticketId: number): Promise<void> {
    if (!ticketIds.value.has(ticketId)) return
    active.value = active.value.filter((a) => a.ticketId !== ticketId)
    try {
      active.value = await api.call('alerts:seen', { ticketId })
    } catch {
      // Counted again on the next load.
    }
  }

  /** Clears every alert from the list, as if each ticket had been opened. */
  async function clearAll(): Promise<void> {
    const ids = [...ticketIds.value]
    active.value = []
    for (const ticketId of ids) {
      try {
        active.value = await api.call('alerts:seen', { ticketId })
      } catch {
        // Counted again on the next load.
      }
    }
  }

  /** Sign-out: nothing to count. */
  function reset(): void {
    active.value = []
  }

  // Another "who am I": the core starts a new book for them; the old one's alerts go now.
  watch(
    () => settings.me?.id ?? null,
    (id, before) => {
      if (id === before) return
      reset()
      if (started && id !== null) void load()
    },
  )

  function stop(): void {
    stops.splice(0).forEach((s) => s())
    started = false
  }

  return {
    active,
    count,
    ticketIds,
    byKind,
    start,
    load,
    askPermission,
    seen,
    clearAll,
    reset,
    stop,
  }
})

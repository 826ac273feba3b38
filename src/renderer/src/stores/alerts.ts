/**
 * Alerts as the screens see them: the ones not opened yet (the title, the side bar and the queue
 * count and highlight them, the side bar's list says why each was raised), an in-app toast for
 * each new batch and, in the browser host, the desktop notification of each new one (the Web
 * Notifications API, permission asked once; the desktop shell notifies by itself). The core
 * decides what is an alert and remembers what it raised, so a reload raises nothing again.
 */
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import {
  alertNotices,
  type AlertNotice,
  type AlertWords,
} from '../../../shared/contract/alert-notices'
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

export const useAlertsStore = defineStore('alerts', () => {
  const api = useClient()
  const settings = useSettingsStore()
  const active = ref<Alert[]>([])
  let notifier: WebNotifications | null = null
  let openTicket: (id: number) => void = () => undefined
  let words: AlertWords = (key) => key
  let toast: (notice: () => AlertNotice) => void = () => undefined
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

  function notify(alerts: Alert[]): void {
    if (alerts.length === 0) return
    const notices = alertNotices(alerts, words)
    // Inside the app, always: a count changing in a corner is easy to miss. Worded as it is
    // drawn, so a toast follows a change of language while it shows.
    notices.forEach((_, i) => toast(() => alertNotices(alerts, words)[i]!))
    if (!notifier || !notifiesHere.value || !settings.notifications) return
    if (notifier.permission() !== 'granted') return
    for (const notice of notices) {
      notifier.show(notice.title, { body: notice.body, tag: notice.tag }, () =>
        openTicket(notice.ticketId),
      )
    }
  }

  /**
   * Starts listening (once): `open` shows a ticket, `words` words a notice in the agent's
   * language (vue-i18n's `t`), `toast` shows one inside the app (worded again each time it is
   * called), `notifications` is the browser's API (null: none).
   */
  function start(options: {
    open: (id: number) => void
    words: AlertWords
    toast?: (notice: () => AlertNotice) => void
    notifications: WebNotifications | null
  }): void {
    openTicket = options.open
    words = options.words
    toast = options.toast ?? (() => undefined)
    notifier = options.notifications
    // Each start reads the list once (a second start: the agent is ready again after a change).
    if (started) return void load()
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

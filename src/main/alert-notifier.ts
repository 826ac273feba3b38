/**
 * The desktop shell's side of alerts: the core raises `alerts:raised`, this shows each as an
 * operating-system notification (Electron's Notification, passed in so tests give a stand-in) and
 * a click brings the window forward and tells the screens to open the ticket (`alerts:open`).
 * The batching and the words are the browser host's too (alert-notices.ts), in the screens'
 * language; the renderer does not notify in the desktop app.
 */
import { alertNotices, alertWordsIn } from '../shared/contract/alert-notices'
import type { EventName, EventPayload, Settings } from '../shared/contract/contract'

export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown
  show(): void
}
export type NotificationFactory = (options: { title: string; body: string }) => NotificationLike

export interface AlertNotifierOptions {
  subscribe(listener: <E extends EventName>(name: E, payload: EventPayload<E>) => void): () => void
  /** Whether notifications are on and which language to speak (the core's settings). */
  settings(): Promise<Pick<Settings, 'language' | 'notifications'>>
  notify: NotificationFactory
  /** Brings the window forward and sends it `alerts:open`. */
  open(ticketId: number): void
}

/** Starts listening; returns the function that stops. */
export function attachAlertNotifier(options: AlertNotifierOptions): () => void {
  return options.subscribe((name, payload) => {
    if (name !== 'alerts:raised') return
    const { alerts } = payload as EventPayload<'alerts:raised'>
    void options.settings().then((s) => {
      if (s.notifications === false || alerts.length === 0) return
      for (const notice of alertNotices(alerts, alertWordsIn(s.language))) {
        const n = options.notify({ title: notice.title, body: notice.body })
        n.on('click', () => options.open(notice.ticketId))
        n.show()
      }
    })
  })
}

/**
 * The desktop shell's side of alerts: the core raises `alerts:raised`, this shows each as an
 * operating-system notification (Electron's Notification, passed in so tests give a stand-in) and
 * a click brings the window forward and tells the screens to open the ticket (`alerts:open`).
 * Texts come from the screens' language setting; the renderer does not notify in the desktop app.
 */
import type { Alert, EventName, EventPayload, Settings } from '../shared/contract/contract'

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
  /** At most this many notifications per batch; the rest are summed up in one (default 3). */
  maxPerBatch?: number
}

type Language = Settings['language']

const TEXT: Record<Language, Record<Alert['kind'], string> & { more: (n: number) => string }> = {
  'zh-TW': {
    assigned: '新指派給你的工單',
    due_soon: '你的工單 30 分鐘內到期',
    overdue: '你的工單已逾期',
    more: (n) => `另有 ${n} 則提醒`,
  },
  en: {
    assigned: 'New ticket assigned to you',
    due_soon: 'Your ticket is due within 30 minutes',
    overdue: 'Your ticket is overdue',
    more: (n) => `${n} more alerts`,
  },
}

/** What one alert's notification says. */
export function alertText(alert: Alert, language: Language): { title: string; body: string } {
  return {
    title: TEXT[language][alert.kind],
    body: `#${alert.ticketId} ${alert.subject ?? ''}`.trim(),
  }
}

/** Starts listening; returns the function that stops. */
export function attachAlertNotifier(options: AlertNotifierOptions): () => void {
  const max = options.maxPerBatch ?? 3
  return options.subscribe((name, payload) => {
    if (name !== 'alerts:raised') return
    const { alerts } = payload as EventPayload<'alerts:raised'>
    void options.settings().then((s) => {
      if (s.notifications === false || alerts.length === 0) return
      const language = s.language
      for (const alert of alerts.slice(0, max)) {
        const n = options.notify(alertText(alert, language))
        n.on('click', () => options.open(alert.ticketId))
        n.show()
      }
      if (alerts.length > max) {
        const rest = alerts.slice(max)
        const n = options.notify({
          title: TEXT[language].more(rest.length),
          body: rest.map((a) => `#${a.ticketId}`).join(' '),
        })
        n.on('click', () => options.open(rest[0]!.ticketId))
        n.show()
      }
    })
  })
}

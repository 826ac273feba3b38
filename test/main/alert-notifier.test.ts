/** The desktop shell's notifications, with a stand-in for Electron's Notification class. */
import { describe, expect, it } from 'vitest'
import { attachAlertNotifier, type NotificationLike } from '../../src/main/alert-notifier'
import { EventBus } from '../../src/main/core/events/event-bus'
import type { Alert, Settings } from '../../src/shared/contract/contract'
import { waitFor } from '../helpers/wait'

class StandInNotification implements NotificationLike {
  static shown: StandInNotification[] = []
  private clicks: Array<() => void> = []
  constructor(readonly options: { title: string; body: string }) {}
  on(_event: 'click', listener: () => void): this {
    this.clicks.push(listener)
    return this
  }
  show(): void {
    StandInNotification.shown.push(this)
  }
  click(): void {
    this.clicks.forEach((c) => c())
  }
}

function alert(ticketId: number, kind: Alert['kind'] = 'assigned'): Alert {
  return {
    key: `${kind}:${ticketId}`,
    kind,
    ticketId,
    subject: `退款 ${ticketId}`,
    priority: 3,
    dueAt: null,
    raisedAt: '2026-12-01T02:00:00.000Z',
  }
}

/** Lets the queued work run (the notifier reads the settings first): for checking that nothing shows. */
async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0))
}

describe('desktop alert notifications', () => {
  it('show each alert in the agent’s language, and a click opens its ticket', async () => {
    StandInNotification.shown = []
    const bus = new EventBus()
    const opened: number[] = []
    let settings: Pick<Settings, 'language' | 'notifications'> = { language: 'zh-TW' }
    const stop = attachAlertNotifier({
      subscribe: (l) => bus.subscribe(l),
      settings: async () => settings,
      notify: (o) => new StandInNotification(o),
      open: (id) => opened.push(id),
    })
    bus.emit('alerts:raised', { alerts: [alert(5)] })
    await waitFor(() => StandInNotification.shown.length === 1, 'the first notification')
    expect(StandInNotification.shown.map((n) => n.options)).toEqual([
      { title: '新指派給你的工單', body: '#5 退款 5' },
    ])
    StandInNotification.shown[0]!.click()
    expect(opened).toEqual([5])

    settings = { language: 'en', notifications: true }
    bus.emit('alerts:raised', { alerts: [1, 2, 3, 4, 5].map((i) => alert(i, 'overdue')) })
    await waitFor(() => StandInNotification.shown.length === 5, 'four more notifications')
    // Three notifications and one that sums up the rest.
    expect(StandInNotification.shown.slice(1).map((n) => n.options.title)).toEqual([
      'Your ticket is overdue',
      'Your ticket is overdue',
      'Your ticket is overdue',
      '2 more alerts',
    ])
    // One left over is one alert, not "1 more alerts".
    bus.emit('alerts:raised', { alerts: [6, 7, 8, 9].map((i) => alert(i, 'overdue')) })
    await waitFor(() => StandInNotification.shown.length === 9, 'four more notifications')
    expect(StandInNotification.shown.at(-1)!.options.title).toBe('1 more alert')

    settings = { language: 'en', notifications: false }
    bus.emit('alerts:raised', { alerts: [alert(9)] })
    bus.emit('tickets:changed', { reason: 'sync' })
    await flush()
    expect(StandInNotification.shown).toHaveLength(9)
    stop()
  })
})

/**
 * What a batch of alerts looks like as desktop notifications, for both shells (the desktop
 * shell's Electron notifications and the browser host's Web Notifications): the batching rule and
 * the words, in both languages. The renderer's locale files take their `alerts` section from
 * ALERT_TEXTS, so the screens and the notifications speak the same words.
 */
import type { Alert, Language } from './contract'

/** At most this many notifications for one batch of alerts; the rest are summed up in one. */
export const MAX_NOTICES_PER_BATCH = 3

export type AlertTextKey = Alert['kind'] | 'more' | 'ticket'

/**
 * Templates with `{name}` slots, as vue-i18n reads them; English counts have a singular and a
 * plural form. Traditional Chinese first.
 */
export const ALERT_TEXTS: Record<Language, Record<AlertTextKey, string>> = {
  'zh-TW': {
    assigned: '新指派給你的工單',
    due_soon: '你的工單 30 分鐘內到期',
    overdue: '你的工單已逾期',
    more: '另有 {n} 則提醒',
    ticket: '#{id} {subject}',
  },
  en: {
    assigned: 'New ticket assigned to you',
    due_soon: 'Your ticket is due within 30 minutes',
    overdue: 'Your ticket is overdue',
    more: '{n} more alert | {n} more alerts',
    ticket: '#{id} {subject}',
  },
}

/** Words for a key with its values filled in (the renderer passes vue-i18n's `t`). */
export type AlertWords = (key: `alerts.${AlertTextKey}`, values?: Record<string, unknown>) => string

/**
 * ALERT_TEXTS in one language, for a shell without vue-i18n. A `singular | plural` text picks its
 * form by `n`, as vue-i18n does with a named `n`.
 */
export function alertWordsIn(language: Language): AlertWords {
  return (key, values = {}) => {
    const text: string = ALERT_TEXTS[language][key.slice('alerts.'.length) as AlertTextKey]
    const forms = text.split('|').map((form) => form.trim())
    const template = forms.length === 2 && values.n !== 1 ? forms[1]! : forms[0]!
    return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''))
  }
}

export interface AlertNotice {
  title: string
  body: string
  /** Notifications with the same tag replace each other (the browser's). */
  tag: string
  /** The ticket a click opens. */
  ticketId: number
}

/** The notifications of one batch: one per alert up to the maximum, then one for the rest. */
export function alertNotices(alerts: readonly Alert[], words: AlertWords): AlertNotice[] {
  const notices: AlertNotice[] = alerts.slice(0, MAX_NOTICES_PER_BATCH).map((alert) => ({
    title: words(`alerts.${alert.kind}`),
    body: words('alerts.ticket', { id: alert.ticketId, subject: alert.subject ?? '' }).trim(),
    tag: alert.key,
    ticketId: alert.ticketId,
  }))
  const rest = alerts.slice(MAX_NOTICES_PER_BATCH)
  if (rest.length > 0) {
    notices.push({
      title: words('alerts.more', { n: rest.length }),
      body: rest.map((a) => `#${a.ticketId}`).join(' '),
      tag: `more:${rest[0]!.key}`,
      ticketId: rest[0]!.ticketId,
    })
  }
  return notices
}

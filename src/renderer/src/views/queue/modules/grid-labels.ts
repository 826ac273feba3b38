/** The queue grid's row words and the code keys its cells are styled by. */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import {
  isPriority,
  isTicketStatus,
  PRIORITY_KEYS,
  STATUS_KEYS,
} from '../../../../../shared/domain/codes'

export type StatusKey = (typeof STATUS_KEYS)[keyof typeof STATUS_KEYS] | 'unknown'
export type PriorityKey = (typeof PRIORITY_KEYS)[keyof typeof PRIORITY_KEYS] | 'unknown'
export function statusKey(s: number | null): StatusKey {
  return isTicketStatus(s) ? STATUS_KEYS[s] : 'unknown'
}
export function priorityKey(p: number | null): PriorityKey {
  return isPriority(p) ? PRIORITY_KEYS[p] : 'unknown'
}
/** The grid's words, looked up once per language rather than in every cell of every row. */
export function useGridLabels() {
  const { t } = useI18n()
  return computed(() => ({
    status: {
      pending: t('status.pending'),
      inProgress: t('status.inProgress'),
      resolved: t('status.resolved'),
      closed: t('status.closed'),
      unknown: t('status.unknown'),
    } satisfies Record<StatusKey, string>,
    priority: {
      low: t('priority.low'),
      medium: t('priority.medium'),
      high: t('priority.high'),
      urgent: t('priority.urgent'),
      unknown: t('priority.unknown'),
    } satisfies Record<PriorityKey, string>,
    overdue: t('queue.overdue'),
    soon: t('queue.dueSoon'),
    unassigned: t('queue.unassigned'),
    alerted: t('queue.alerted'),
    pending: t('outbox.pendingMark'),
    deleting: t('outbox.deletingMark'),
    localId: t('outbox.localId'),
    attention: t('outbox.attentionMark'),
    content: t('queue.match.content'),
    membership: t('queue.match.membership'),
    identity: t('queue.match.identity'),
    id: t('queue.match.id'),
  }))
}

export type GridLabels = ReturnType<typeof useGridLabels>['value']

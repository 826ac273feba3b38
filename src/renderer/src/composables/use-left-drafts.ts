/**
 * Drafts a closed window, a reload or a crash left, said once as the app starts, after the first
 * screen is painted: typed work the agent may have forgotten, with the way to it (the waiting-edits
 * screen lists them). The note goes after a while (the lists and the detail still say it), and at
 * once when the agent opens a form or the list: in the corner it would cover a form's Save. The
 * draft of a form the app started on is not counted (that form offers it itself), nor one a form
 * in another tab of the app is typing into (the browser host).
 */
import { NButton, useNotification, type NotificationReactive } from 'naive-ui'
import { h, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute, useRouter, type RouteLocationNormalizedLoaded } from 'vue-router'
import { draftKeyOf } from '../../../shared/domain/draft-keys'
import { useOutboxStore } from '../stores/outbox'
import { newTicketContactId } from '../utils/new-ticket-route'
import { formsOpenElsewhere } from '../utils/open-forms'

/** The draft key of the form `route` shows, if it shows one. */
function formOnScreen(route: RouteLocationNormalizedLoaded): string | null {
  if (route.name === 'ticket-edit')
    return draftKeyOf({ ticketId: Number(route.params.id), contactId: null })
  if (route.name !== 'ticket-new') return null
  return draftKeyOf({ ticketId: null, contactId: newTicketContactId(route.query) })
}

/** How long the note stays unless the agent hovers it: long enough to read and follow. */
const LEFT_NOTE_MS = 20_000

export function useLeftDrafts(): { check: () => Promise<void> } {
  const { t } = useI18n()
  const outbox = useOutboxStore()
  const notification = useNotification()
  const route = useRoute()
  const router = useRouter()
  let checked = false

  async function check(): Promise<void> {
    if (checked) return
    checked = true
    const skip = formOnScreen(route)
    let left = (await outbox.refreshDrafts().catch(() => [])).filter((d) => d.draft.key !== skip)
    if (left.length === 0) return
    const elsewhere = await formsOpenElsewhere()
    left = left.filter((d) => !elsewhere.has(d.draft.key))
    if (left.length === 0) return
    const n = left.length
    let shown: NotificationReactive | null = null
    const stop = watch(
      () => route.name,
      (name) => {
        if (name === 'outbox' || name === 'ticket-edit' || name === 'ticket-new') shown?.destroy()
      },
    )
    // Rendered, not a string: the note follows a change of language while it stays open.
    shown = notification.warning({
      title: () => t('outbox.drafts.leftTitle'),
      content: () => h('span', { 'data-testid': 'left-drafts' }, t('outbox.drafts.left', n)),
      duration: LEFT_NOTE_MS,
      keepAliveOnHover: true,
      onAfterLeave: stop,
      action: () =>
        h(
          NButton,
          {
            size: 'small',
            type: 'primary',
            secondary: true,
            'data-testid': 'left-drafts-open',
            // The list's route closes the note (above).
            onClick: () => void router.push({ name: 'outbox' }),
          },
          () => t('outbox.drafts.see'),
        ),
    })
  }

  return { check }
}

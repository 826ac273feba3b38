/**
 * Signing out from Settings: asked first, refused while edits wait until they are sent or
 * discarded on purpose (a second, explicit yes), and saying beforehand that the drafts kept on
 * this computer (typing a crash or a reload left in a form) go with it, with the way to see them.
 */
import { NButton, useMessage, type DialogReactive } from 'naive-ui'
import { h, type VNodeChild } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { useConfirm } from '../../composables/use-confirm'
import { useErrorText } from '../../composables/use-error-text'
import { useAlertsStore } from '../../stores/alerts'
import { useBulkStore } from '../../stores/bulk'
import { useLookupsStore } from '../../stores/lookups'
import { useOutboxStore } from '../../stores/outbox'
import { useQueueStore } from '../../stores/queue'
import { useSettingsStore } from '../../stores/settings'
import { useViewsStore } from '../../stores/views'

export function useSignOut(): () => Promise<void> {
  const { t } = useI18n()
  const router = useRouter()
  const confirm = useConfirm()
  const message = useMessage()
  const errorText = useErrorText()
  const settings = useSettingsStore()
  const outbox = useOutboxStore()
  const queue = useQueueStore()
  const alerts = useAlertsStore()
  const bulk = useBulkStore()
  const views = useViewsStore()
  const lookups = useLookupsStore()

  async function finishSignOut(discardEdits = false): Promise<void> {
    try {
      await settings.signOut({ discardEdits })
      queue.reset()
      alerts.reset()
      bulk.reset()
      views.reset()
      lookups.reset()
      message.success(() => t('settings.signedOut'))
      await router.push({ name: 'connect' })
    } catch (e) {
      message.error(() => errorText(e))
    }
  }

  /** The question asked now: the drafts' link closes it on the way to them. */
  let asking: DialogReactive | null = null
  function seeDrafts(): void {
    asking?.destroy()
    void router.push({ name: 'outbox' })
  }

  /**
   * The question, after what else goes with the sign-out: the drafts, when there are any, with
   * the way to them (the waiting-edits screen lists them) before they are gone.
   */
  function withDrafts(question: () => string, drafts: number): () => VNodeChild {
    return () =>
      drafts > 0
        ? h('div', [
            h('p', { 'data-testid': 'sign-out-drafts' }, [
              t('settings.signOutDrafts', drafts),
              ' ',
              h(
                NButton,
                {
                  text: true,
                  type: 'primary',
                  'data-testid': 'sign-out-see-drafts',
                  onClick: seeDrafts,
                },
                () => t('outbox.drafts.see'),
              ),
            ]),
            h('p', question()),
          ])
        : question()
  }

  /** Edits not on the server yet: sign-out is refused until they are sent, or discarded. */
  function signOutWithEditsWaiting(n: number, drafts: number): void {
    asking = confirm({
      title: t('settings.signOutTitle'),
      content: withDrafts(() => t('settings.signOutWaiting', { n }), drafts),
      positiveText: t('settings.sendAndSignOut'),
      negativeText: t('settings.discardAndSignOut'),
      onPositiveClick: async () => {
        try {
          const result = await outbox.sendNow()
          if (result.waiting > 0)
            message.warning(() => t('settings.stillWaiting', { n: result.waiting }))
          else await finishSignOut()
        } catch (e) {
          message.error(() => errorText(e))
        }
      },
      onNegativeClick: () => {
        confirm({
          title: t('settings.discardEditsTitle', { n }),
          content: t('settings.discardEditsConfirm'),
          positiveText: t('settings.discardAndSignOut'),
          negativeText: t('common.cancel'),
          positiveButtonProps: { type: 'error' },
          onPositiveClick: () => finishSignOut(true),
        })
      },
    })
  }

  return async function signOut(): Promise<void> {
    await outbox.refresh().catch(() => undefined)
    // Unknown when the host does not answer: the question is asked without it.
    const drafts = (await outbox.refreshDrafts().catch(() => [])).length
    const waiting = outbox.entries.length
    if (waiting > 0) {
      signOutWithEditsWaiting(waiting, drafts)
      return
    }
    asking = confirm({
      title: t('settings.signOutTitle'),
      content: withDrafts(() => t('settings.signOutConfirm'), drafts),
      positiveText: t('settings.signOut'),
      negativeText: t('common.cancel'),
      positiveButtonProps: { type: 'error' },
      onPositiveClick: () => finishSignOut(),
    })
  }
}

/**
 * The command palette's list for what the agent typed: the ticket a typed id opens (with its
 * subject from the cache), the callers found, then the views, macros and actions whose names
 * match. Read by the palette only while it is open.
 */
import { computed, type ComputedRef, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import type { ContactSummary } from '../../../shared/contract/contract'
import { THEMES } from '../../../shared/contract/choices'
import { BUILTIN_VIEWS } from '../../../shared/domain/builtin-views'
import { personLabel } from '../../../shared/domain/people'
import { normaliseSearch } from '../../../shared/domain/search'
import { useMacroCommands } from './use-macro-commands'
import { useShowCaller } from './use-show-caller'
import { useSettingsStore } from '../stores/settings'
import { useSyncStore } from '../stores/sync'
import { useViewsStore } from '../stores/views'
import { newTicketRoute } from '../utils/new-ticket-route'

export type PaletteGroup = 'ticket' | 'callers' | 'views' | 'actions'
export interface PaletteCommand {
  key: string
  group: PaletteGroup
  label: string
  detail?: string
  /** Other words that find it (e.g. a theme's English name whatever the language). */
  keywords?: string[]
  run: () => unknown
}

/** The typed ticket id's subject from the cache: what "open #3450" would open. */
export type TicketPreview = { id: number; subject: string | null; found: boolean }

export function usePaletteCommands(input: {
  /** What was typed, trimmed. */
  typed: Ref<string>
  ticketId: Ref<number | null>
  callers: Ref<ContactSummary[]>
  preview: Ref<TicketPreview | null>
  previewLoading: Ref<boolean>
}): { commands: ComputedRef<PaletteCommand[]>; loadMacros: () => void } {
  const { t } = useI18n()
  const router = useRouter()
  const settings = useSettingsStore()
  const sync = useSyncStore()
  const views = useViewsStore()
  const showCaller = useShowCaller()
  const { commands: macroCommands, load: loadMacros } = useMacroCommands()
  const { typed, ticketId, callers } = input

  function matches(label: string, keywords: string[] = []): boolean {
    const q = normaliseSearch(typed.value)
    return q === '' || [label, ...keywords].some((w) => normaliseSearch(w).includes(q))
  }

  function ticketDetail(id: number): string {
    const p = input.preview.value
    if (!p || p.id !== id || input.previewLoading.value) return t('shell.palette.ticketFinding')
    return p.found ? (p.subject ?? '') : t('shell.palette.ticketNotCached')
  }

  const commands = computed<PaletteCommand[]>(() => {
    const out: PaletteCommand[] = []
    const id = ticketId.value
    if (id !== null) {
      out.push({
        key: `ticket-${id}`,
        group: 'ticket',
        label: t('palette.openTicket', { id }),
        detail: ticketDetail(id),
        run: () => router.push({ name: 'ticket', params: { id } }),
      })
    }
    for (const c of callers.value) {
      const name = personLabel(c)
      const detail = [c.membershipNo, c.maskedIdentityNo].filter(Boolean).join(' · ')
      out.push({
        key: `caller-${c.id}`,
        group: 'callers',
        label: t('palette.callerTickets', { name }),
        detail,
        run: () => showCaller(c),
      })
      if (sync.canWrite) {
        out.push({
          key: `caller-new-${c.id}`,
          group: 'callers',
          label: t('palette.newTicketFor', { name }),
          detail,
          run: () => router.push(newTicketRoute({ id: c.id })),
        })
      }
    }
    for (const v of BUILTIN_VIEWS) {
      const label = t('palette.goView', { view: t(`views.${v}`) })
      if (matches(label) || matches(v)) {
        out.push({
          key: `view-${v}`,
          group: 'views',
          label,
          run: () => router.push({ name: 'queue', params: { view: v } }),
        })
      }
    }
    const overviewLabel = t('palette.goView', { view: t('nav.overview') })
    if (matches(overviewLabel) || matches('overview')) {
      out.push({
        key: 'overview',
        group: 'views',
        label: overviewLabel,
        run: () => router.push({ name: 'overview' }),
      })
    }
    // Also the way to the drafts when nothing waits (the status bar's count is hidden then).
    const outboxLabel = t('palette.goView', { view: t('outbox.title') })
    const outboxWords = ['outbox', 'drafts', t('outbox.drafts.title')]
    if (matches(outboxLabel, outboxWords)) {
      out.push({
        key: 'outbox',
        group: 'views',
        label: outboxLabel,
        keywords: outboxWords,
        run: () => router.push({ name: 'outbox' }),
      })
    }
    for (const s of views.saved) {
      const label = t('palette.goView', { view: s.name })
      if (matches(label)) {
        out.push({
          key: `saved-${s.id}`,
          group: 'views',
          label,
          run: () => router.push({ name: 'saved', params: { id: s.id } }),
        })
      }
    }
    const actions: PaletteCommand[] = []
    actions.push(...macroCommands.value.map((c) => ({ ...c, group: 'actions' as const })))
    if (sync.canWrite) {
      actions.push({
        key: 'new-ticket',
        group: 'actions',
        label: t('palette.newTicket'),
        run: () => router.push({ name: 'ticket-new' }),
      })
      actions.push({
        key: 'sync-now',
        group: 'actions',
        label: t('palette.syncNow'),
        run: () => sync.syncNow(),
      })
    }
    actions.push(
      {
        key: 'language',
        group: 'actions',
        label: t('palette.language'),
        run: () => settings.update({ language: settings.language === 'zh-TW' ? 'en' : 'zh-TW' }),
      },
      // Each theme by its name (深色, dark), not only "the next one".
      ...THEMES.map((theme) => ({
        key: `theme-${theme}`,
        group: 'actions' as const,
        label:
          t('shell.palette.theme', { theme: t(`palette.themes.${theme}`) }) +
          (theme === settings.theme ? t('shell.palette.themeCurrent') : ''),
        keywords: [theme],
        run: () => settings.update({ theme }),
      })),
    )
    out.push(...actions.filter((a) => matches(a.label, a.keywords)))
    return out
  })

  return { commands, loadMacros }
}

/** What waits in the outbox, the agent's answers to conflicts and rejections, and form drafts. */
import type { DraftListed } from '../../../shared/contract/contract'
import { toContactSummary } from '../../../shared/contract/summaries'
import { draftTarget } from '../../../shared/domain/draft-keys'
import type { Draft } from '../../../shared/domain/outbox'
import { localTicketId } from '../outbox/local-rows'
import type { HandlersOf, ServiceDeps } from './service-deps'

/** A draft with what this computer knows of what it is for (its key says which kind). */
function listedDraft({ cache }: ServiceDeps, draft: Draft): DraftListed {
  const { ticketId, contactId } = draftTarget(draft.key)
  if (ticketId !== null) {
    const ticket = cache.getTicket(ticketId)?.ticket ?? null
    // A damaged copy is not a deleted ticket: the next sync fetches it again.
    const gone = !ticket && !cache.isDamagedTicket(ticketId)
    return { draft, ticketSubject: ticket?.subject ?? null, ticketGone: gone, contact: null }
  }
  const contact = contactId === null ? null : cache.getContact(contactId)
  return {
    draft,
    ticketSubject: null,
    ticketGone: false,
    contact: contact ? toContactSummary(contact) : null,
  }
}

export function createOutboxHandlers(deps: ServiceDeps): HandlersOf<'outbox' | 'drafts'> {
  const { outbox, events } = deps
  const announce = (): void => events.emit('outbox:changed', outbox.summary())
  return {
    'outbox:list': () => outbox.list(),
    'outbox:summary': () => outbox.summary(),
    'outbox:send': async () => {
      const result = await outbox.drain()
      return { sent: result.sent, waiting: result.waiting, stoppedBy: result.stoppedBy }
    },
    'outbox:resolve': async ({ id, choices, changes }) => {
      const result = await outbox.resolve(id, {
        ...(choices ? { choices: choices as Record<string, 'mine' | 'theirs'> } : {}),
        ...(changes ? { changes } : {}),
      })
      announce()
      return result
    },
    'outbox:discard': ({ id }) => {
      const entry = outbox.store.get(id)
      const removed = outbox.discard(id)
      announce()
      if (entry?.ticketId != null)
        events.emit('tickets:changed', { reason: 'save', ids: [entry.ticketId] })
      else if (entry?.kind === 'create')
        events.emit('tickets:changed', { reason: 'save', ids: [localTicketId(entry.id)] })
      return { removed }
    },
    'drafts:get': ({ key }) => outbox.store.getDraft(key),
    'drafts:save': ({ key, values, baseUpdatedAt, baseValues }) =>
      outbox.store.saveDraft({ key, values, baseUpdatedAt, baseValues }),
    'drafts:list': () => outbox.store.listDrafts().map((draft) => listedDraft(deps, draft)),
    'drafts:clear': ({ key }) => {
      outbox.store.clearDraft(key)
      return { key }
    },
  }
}

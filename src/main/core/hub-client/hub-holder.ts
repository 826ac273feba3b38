/**
 * Holds the link to the configured team hub: none without an address, a new one when the address
 * changes (or the agent signs out), so every part of the core asks the holder, never a stale link.
 */
import type { Colleagues, HubSync } from '../../../shared/contract/hub-contract'
import { HubLink, storedHistory, type HubLinkOptions, type TicketHistory } from './hub-link'

export type HubHolderOptions = Omit<HubLinkOptions, 'url' | 'onState' | 'onPresence'> & {
  url: () => string | null
  /** The follower's state changed (the sync status shows it). */
  onSync(sync: HubSync | null): void
  onColleagues(colleagues: Colleagues): void
}

/** What one catch-up from the hub brought, and the requests and response bytes it took. */
export interface HubCatchUp {
  snapshot: boolean
  changes: number
  cursor: string | null
  requests: number
  bytes: number
}

export class HubHolder {
  private link: HubLink | null = null
  private sync: HubSync | null = null

  constructor(private readonly options: HubHolderOptions) {}

  /**
   * Starts, replaces or stops the link to match the configured address; `restart` replaces it
   * even when the address is the same (another token, a cleared cache).
   */
  async refresh(options: { restart?: boolean } = {}): Promise<void> {
    const url = this.options.url()
    if (!options.restart && this.link?.url === url) return
    if (!this.link && !url) return
    const old = this.link
    this.link = null
    if (old) await old.stop()
    this.setSync(null)
    this.options.onColleagues({ desktops: [] })
    if (!url) return
    const link = new HubLink({
      ...this.options,
      url,
      onState: (state, error) => {
        if (this.link === link) this.setSync({ url, state, error })
      },
      onPresence: () => {
        if (this.link === link) this.options.onColleagues(this.colleagues())
      },
    })
    this.link = link
    this.setSync({ url, state: 'connecting', error: null })
    link.start()
  }

  /**
   * One catch-up from the configured hub without following it: a snapshot when the cache has no
   * cursor, then the changes to the hub's head. Nothing else of the core is told (no direct sync
   * paused or resumed, no alerts): it is for a one-shot command. Null without a hub address.
   */
  async catchUpOnce(): Promise<HubCatchUp | null> {
    const url = this.options.url()
    if (!url) return null
    const noop = (): void => undefined
    const link = new HubLink({
      ...this.options,
      url,
      direct: { pause: noop, resume: noop, refreshIdleState: noop },
      onApplied: noop,
      onState: noop,
      onPresence: noop,
      observeTickets: noop,
    })
    const done = await link.follower.syncOnce()
    const traffic = link.http.traffic()
    return {
      ...done,
      cursor: link.follower.cursor(),
      requests: traffic.requests,
      bytes: traffic.bytes,
    }
  }

  async stop(): Promise<void> {
    const old = this.link
    this.link = null
    await old?.stop()
  }

  current(): HubLink | null {
    return this.link
  }

  status(): HubSync | null {
    return this.sync
  }

  private setSync(sync: HubSync | null): void {
    this.sync = sync
    this.options.onSync(sync)
  }

  setPresence(ticketId: number | null, editing: boolean): Colleagues {
    this.link?.presence.set(ticketId, editing)
    return this.colleagues()
  }

  colleagues(): Colleagues {
    const others = this.link?.presence.others() ?? []
    return { desktops: others.map(({ desktopId: _id, ...rest }) => rest) }
  }

  touched(ticketId: number): void {
    this.link?.presence.touched(ticketId)
  }

  async history(ticketId: number): Promise<TicketHistory> {
    if (this.link) return this.link.history(ticketId)
    return { entries: storedHistory(this.options.cache, ticketId), fresh: false }
  }
}

/**
 * The desktop's whole link to the team hub, as the core uses it: the feed follower, presence,
 * the word after a write, and ticket history (kept in the cache, so it reads offline). One per
 * configured hub address; replaced when the address changes.
 */
import { randomUUID } from 'node:crypto'
import type { HistoryEntry, PresencePicture } from '../../../shared/hub/protocol'
import type { TicketCacheReader, TicketCacheWriter } from '../db/cache-interfaces'
import type { Logger } from '../logger'
import { HubFollower, type DirectSync, type FeedApplied, type HubFollowState } from './hub-follower'
import { HubHttp } from './hub-http'
import { HubPresence, type HubPresenceOptions } from './hub-presence'

const historyKey = (ticketId: number): string => `hub:history:${ticketId}`

export interface HubLinkOptions {
  url: string
  token: () => string | null
  cache: TicketCacheReader & TicketCacheWriter
  direct: DirectSync
  serverTimeZone: () => string
  me: HubPresenceOptions['me']
  logger: Logger
  onState(state: HubFollowState, error: string | null): void
  onApplied(applied: FeedApplied): void
  onPresence(picture: PresencePicture): void
  observeTickets?: ConstructorParameters<typeof HubFollower>[0]['observeTickets']
  retryMs?: { first: number; max: number }
}

export interface TicketHistory {
  entries: HistoryEntry[]
  /** False when the hub did not answer and this is what the cache kept. */
  fresh: boolean
}

export class HubLink {
  readonly desktopId = randomUUID()
  readonly http: HubHttp
  readonly follower: HubFollower
  readonly presence: HubPresence

  constructor(private readonly options: HubLinkOptions) {
    this.http = new HubHttp({ baseUrl: options.url, token: options.token })
    this.presence = new HubPresence({
      http: this.http,
      desktopId: this.desktopId,
      me: options.me,
      logger: options.logger,
    })
    this.follower = new HubFollower({
      http: this.http,
      cache: options.cache,
      direct: options.direct,
      desktopId: this.desktopId,
      serverTimeZone: options.serverTimeZone,
      logger: options.logger,
      onState: options.onState,
      onApplied: options.onApplied,
      onPresence: (picture) => {
        this.presence.setPicture(picture)
        options.onPresence(picture)
      },
      ...(options.observeTickets ? { observeTickets: options.observeTickets } : {}),
      ...(options.retryMs ? { retryMs: options.retryMs } : {}),
    })
  }

  get url(): string {
    return this.options.url
  }

  start(): void {
    this.follower.start()
    this.presence.start()
  }

  async stop(): Promise<void> {
    this.presence.stop()
    await this.follower.stop()
  }

  /** The ticket's history from the hub, stored in the cache; the stored copy when it is away. */
  async history(ticketId: number): Promise<TicketHistory> {
    try {
      const { entries } = await this.http.history(ticketId)
      this.options.cache.setState(historyKey(ticketId), entries)
      return { entries, fresh: true }
    } catch (error) {
      this.options.logger.debug('ticket history from the cache', {
        error: error instanceof Error ? error.message : String(error),
      })
      return { entries: storedHistory(this.options.cache, ticketId), fresh: false }
    }
  }
}

/** What the cache kept of a ticket's history (empty when never fetched). */
export function storedHistory(cache: TicketCacheReader, ticketId: number): HistoryEntry[] {
  return cache.getState<HistoryEntry[]>(historyKey(ticketId)) ?? []
}

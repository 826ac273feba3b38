/**
 * This desktop's presence on the hub (which ticket the agent has open, whether the form has
 * unsaved changes), sent on every change and as a heartbeat; and the word to the hub after the
 * outbox applied a write (`/touched`), so the hub re-reads that ticket from the vendor and
 * colleagues see it within seconds. Both are best effort: a hub away costs freshness, never work.
 */
import {
  HUB_LIMITS,
  type ChangeBy,
  type Presence,
  type PresencePicture,
} from '../../../shared/hub/protocol'
import type { Logger } from '../logger'
import type { HubHttp } from './hub-http'

export interface HubPresenceOptions {
  http: HubHttp
  desktopId: string
  /** Who the agent said they are (the vendor cannot say whose a token is). */
  me: () => ChangeBy | null
  logger: Logger
}

export class HubPresence {
  private mine: { ticketId: number | null; editing: boolean } = { ticketId: null, editing: false }
  private timer: ReturnType<typeof setInterval> | null = null
  private picture: PresencePicture = { desktops: [] }
  private touchedIds = new Set<number>()
  private touchTimer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly options: HubPresenceOptions) {}

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => void this.send(), HUB_LIMITS.presenceHeartbeatMs)
    this.timer.unref?.()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    if (this.touchTimer) clearTimeout(this.touchTimer)
    this.timer = null
    this.touchTimer = null
  }

  /** The agent opened, left or started editing a ticket: sent at once. */
  set(ticketId: number | null, editing: boolean): void {
    const next = { ticketId, editing: ticketId !== null && editing }
    if (next.ticketId === this.mine.ticketId && next.editing === this.mine.editing) return
    this.mine = next
    void this.send()
  }

  /** The whole picture as the hub last sent it. */
  setPicture(picture: PresencePicture): void {
    this.picture = picture
  }

  /** The other desktops (not this one), as the hub last said. */
  others(): Presence[] {
    return this.picture.desktops.filter((d) => d.desktopId !== this.options.desktopId)
  }

  private body(): Presence {
    const me = this.options.me()
    return {
      desktopId: this.options.desktopId,
      employeeId: me?.employeeId ?? null,
      name: me?.name ?? '',
      ticketId: this.mine.ticketId,
      editing: this.mine.editing,
    }
  }

  private async send(): Promise<void> {
    try {
      await this.options.http.presence(this.body())
    } catch (error) {
      this.options.logger.debug('presence not sent to the team hub', {
        error: error instanceof Error ? error.message : String(error),
      })
    }
  }

  /** A write of this ticket was applied: the hub is told (coalesced over a moment). */
  touched(ticketId: number): void {
    this.touchedIds.add(ticketId)
    if (this.touchTimer) return
    this.touchTimer = setTimeout(() => void this.sendTouched(), 50)
  }

  private async sendTouched(): Promise<void> {
    this.touchTimer = null
    const by = this.options.me()
    const ids = [...this.touchedIds].slice(0, HUB_LIMITS.touchedMaxIds)
    for (const id of ids) this.touchedIds.delete(id)
    if (this.touchedIds.size > 0) this.touchTimer = setTimeout(() => void this.sendTouched(), 50)
    if (ids.length === 0) return
    try {
      // Without "who am I" the hub still re-reads it, only without an author.
      await this.options.http.touched(by ? { ids, by } : { ids })
    } catch (error) {
      this.options.logger.warn('the team hub was not told of a write', {
        ids: ids.length,
        error: error instanceof Error ? error.message : String(error),
      })
    }
  }
}

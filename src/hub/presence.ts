/**
 * Who has which ticket open, in memory only (never in the change log, never sent to the vendor).
 * A desktop is forgotten when its stream closes or `ttlMs` passes without a heartbeat.
 */
import type { Presence, PresencePicture } from '../shared/hub/protocol'

interface Entry {
  presence: Presence
  /** The token hash that first named this desktop: another token cannot speak for it. */
  owner: string
  seenAt: number
}

export class PresenceBook {
  private readonly desktops = new Map<string, Entry>()
  private last = ''

  constructor(
    private readonly ttlMs: number,
    private readonly onChange: (picture: PresencePicture) => void,
    private readonly now: () => number = Date.now,
    private readonly maxDesktops = 5_000,
  ) {}

  /** Records a heartbeat; false when another token owns this desktop id or the book is full. */
  put(presence: Presence, owner: string): boolean {
    const entry = this.desktops.get(presence.desktopId)
    if (entry && entry.owner !== owner) return false
    if (!entry && this.desktops.size >= this.maxDesktops) return false
    this.desktops.set(presence.desktopId, { presence, owner, seenAt: this.now() })
    this.changed()
    return true
  }

  forget(desktopId: string): void {
    if (this.desktops.delete(desktopId)) this.changed()
  }

  /** Drops desktops whose heartbeat stopped. */
  expire(): void {
    const cutoff = this.now() - this.ttlMs
    let dropped = false
    for (const [id, entry] of this.desktops) {
      if (entry.seenAt < cutoff) dropped = this.desktops.delete(id) || dropped
    }
    if (dropped) this.changed()
  }

  picture(): PresencePicture {
    return { desktops: [...this.desktops.values()].map((e) => e.presence) }
  }

  get size(): number {
    return this.desktops.size
  }

  private changed(): void {
    const picture = this.picture()
    const text = JSON.stringify(picture)
    if (text === this.last) return
    this.last = text
    this.onChange(picture)
  }
}

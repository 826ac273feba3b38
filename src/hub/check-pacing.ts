/**
 * Pacing of the vendor checks of tokens the hub does not know yet: at most `burst` at once and
 * `perSecond` after that, for all callers together (a flood of made-up tokens must not become a
 * flood of requests to the vendor). A caller turned away is given a slot of its own, after every
 * slot already given, and told to come back then; coming back, it is let through without taking
 * another. Before this, every caller was told "30 s": a floor of 1,000 new desktops came back
 * together each time, 20 were let through per wave, and the last desktop joined after 21 minutes
 * (1,000 desktops now join in about (1,000 - burst) / perSecond seconds).
 */
export class CheckPacing {
  private readonly intervalMs: number
  private readonly toleranceMs: number
  /** The time from which the next check may be made (virtual scheduling). */
  private next = 0
  /** Slots given, by the caller's key (its token's hash): when it may come back. */
  private readonly slots = new Map<string, number>()

  constructor(
    burst: number,
    perSecond: number,
    private readonly now: () => number = Date.now,
    /** At most this many slots kept (a flood of made-up tokens is not remembered forever). */
    private readonly maxSlots = 10_000,
  ) {
    this.intervalMs = 1000 / perSecond
    this.toleranceMs = (burst - 1) * this.intervalMs
  }

  /** 0 when `key` may have its check now, else the whole seconds to wait before asking again. */
  take(key: string): number {
    const now = this.now()
    this.forgetOld(now)
    const given = this.slots.get(key)
    if (given !== undefined) {
      if (given <= now) {
        this.slots.delete(key)
        return 0
      }
      return Math.ceil((given - now) / 1000)
    }
    // As a token bucket would: a check conforms when `next` is at most `burst - 1` intervals away.
    const start = Math.max(this.next, now)
    if (start - now <= this.toleranceMs) {
      this.next = start + this.intervalMs
      return 0
    }
    // Turned away: the first slot nobody has, taken now so that no later caller gets it first
    // (unless too many are given already: then it is only told how long the line is).
    const slot = start - this.toleranceMs
    if (this.slots.size < this.maxSlots) {
      this.next = start + this.intervalMs
      this.slots.set(key, slot)
    }
    return Math.max(1, Math.ceil((slot - now) / 1000))
  }

  /** Slots not used within a minute of their time are given up (they are kept in time order). */
  private forgetOld(now: number): void {
    for (const [key, at] of this.slots) {
      if (at >= now - 60_000) return
      this.slots.delete(key)
    }
  }
}

/**
 * The hub's one reader of the vendor: its own encrypted cache kept fresh by the core's SyncEngine
 * with the hub's tiers (open tickets through the engine's hot tier, the daily sweep with its safe
 * deletion rules, lookups hourly), plus the "new" tier (tickets created lately, every `newMs`) and
 * the re-reads desktops ask for after a write (`touched`). Every write lands in the change log
 * (change-log.ts) in its own transaction.
 */
import { createVendorClient } from '../main/core/api'
import type { VendorClient } from '../main/core/api'
import { walkPages } from '../main/core/api/walk-pages'
import { openCache, type TicketCache } from '../main/core/db/cache'
import type { LookupLists } from '../main/core/db/cache-interfaces'
import type { Db } from '../main/core/db/open-database'
import type { Logger } from '../main/core/logger'
import { SyncEngine } from '../main/core/sync/sync-engine'
import { tierKey, type TierMark } from '../main/core/sync/sync-tiers'
import { mergeWithCached } from '../main/core/tickets/merge-with-cached'
import type { SyncStatus } from '../shared/contract/contract'
import { isUnreachable, toErrorData } from '../shared/domain/errors'
import { addSeconds, serverNow } from '../shared/domain/server-time'
import type { ChangeBy, HubHealth, HubLookupLists } from '../shared/hub/protocol'
import {
  installChangeLog,
  markBaseline,
  pruneChanges,
  replaceLookupsLogged,
  withAttribution,
} from './change-log'

export interface HubTiers {
  /** Tickets created lately (the listing's newest), read this often (default 30 s). */
  newMs: number
  /** Every open ticket (the engine's hot tier), read this often (default 110 s: within 2 min). */
  openMs: number
  lookupsMs: number
  allMs: number
  /** Gap between two pages of the daily sweep. */
  pacePageMs: number
}

export const DEFAULT_HUB_TIERS: HubTiers = {
  newMs: 30_000,
  openMs: 110_000,
  lookupsMs: 3600_000,
  allMs: 24 * 3600_000,
  pacePageMs: 3_000,
}

/** Pages the new tier reads at most per run (a burst of new tickets is left to the open tier). */
const NEW_TIER_MAX_PAGES = 5
/** The new tier looks back this far beyond its last run (clock skew, slow writes). */
const NEW_TIER_OVERLAP_SEC = 600

export interface IngesterOptions {
  dbPath: string
  key: Buffer | null
  apiUrl: string
  token: string
  timeZone: string
  tiers: HubTiers
  /** Changes and tombstones are kept this many days. */
  retentionDays: number
  logger: Logger
}

type TierHealth = HubHealth['tiers']['new']

export class Ingester {
  readonly cache: TicketCache
  readonly api: VendorClient
  readonly engine: SyncEngine
  private db!: Db
  private newTimer: ReturnType<typeof setTimeout> | null = null
  private pruneTimer: ReturnType<typeof setInterval> | null = null
  private newSince: string | null = null
  private readonly health: { new: TierHealth; lookups: TierHealth } = {
    new: { lastSyncAt: null, ok: null },
    lookups: { lastSyncAt: null, ok: null },
  }
  private status: SyncStatus | null = null
  private vendorError: string | null = null
  private reachable = true
  private readonly touchQueue = new Map<number, ChangeBy | null>()
  private touching = false
  private stopped = false
  /** Re-reads sent for desktops' writes (reported apart from the floor's reads). */
  rereads = 0

  constructor(private readonly options: IngesterOptions) {
    const { logger } = options
    this.cache = openCache(options.dbPath, {
      key: options.key,
      logger,
      onOpen: (db) => {
        installChangeLog(db, serverNow(options.timeZone))
        this.db = db
      },
      onRebuilt: () => {
        logger.warn('the hub store was rebuilt: a new epoch, desktops take a new snapshot')
        this.engine.resetSweep()
        this.engine.reschedule({ allNow: true })
      },
    }).cache
    this.api = createVendorClient({ baseUrl: options.apiUrl, token: options.token, logger })
    this.engine = new SyncEngine({
      api: () => this.api,
      cache: this.loggedCache(),
      // The hub is nobody: no "mine" tier.
      meId: () => null,
      tiers: () => ({
        hotMs: options.tiers.openMs,
        // Closed tickets of the last day ride along with the open ones (a ticket closed between
        // two sweeps leaves the open listing; the engine re-reads those by id anyway).
        hotDays: 1,
        allMs: options.tiers.allMs,
        lookupsMs: options.tiers.lookupsMs,
        pacePageMs: options.tiers.pacePageMs,
      }),
      serverTimeZone: () => options.timeZone,
      logger,
      onStatus: (status) => {
        this.status = status
        if (status.error) this.noteVendor(status.error)
        else if (status.state === 'online') this.noteVendor(null)
      },
    })
  }

  /**
   * Whether the first complete read of the vendor is done: before it the store holds part of
   * the floor, and a desktop that took it for the whole would empty its cache.
   */
  get ready(): boolean {
    return this.cache.getState<TierMark>(tierKey('all')) !== undefined
  }

  /** The connection the cache writes with (the change log's reads go through it too). */
  get database(): Db {
    return this.db
  }

  /** The cache as the engine sees it, with lookup replacements logged in their transaction. */
  private loggedCache(): TicketCache {
    return new Proxy(this.cache, {
      get: (target, prop, receiver) => {
        if (prop === 'setState') {
          return (key: string, value: unknown) =>
            this.db.transaction(() => {
              target.setState(key, value)
              if (key === tierKey('all')) markBaseline(this.db)
            })()
        }
        if (prop === 'replaceLookups') {
          return (lists: LookupLists) => {
            replaceLookupsLogged(this.db, lists as HubLookupLists, () =>
              target.replaceLookups(lists),
            )
            this.health.lookups = { lastSyncAt: this.serverNow(), ok: true }
          }
        }
        const value: unknown = Reflect.get(target, prop, receiver)
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value
      },
    })
  }

  private serverNow(): string {
    return serverNow(this.options.timeZone)
  }

  private noteVendor(error: { code: string; message: string } | null): void {
    if (!error) {
      this.reachable = true
      return
    }
    if (error.code === 'cancelled' || error.code === 'busy') return
    this.reachable = !isUnreachable(error.code)
    this.vendorError = `${error.code}: ${error.message}`
  }

  start(): void {
    this.engine.start()
    this.scheduleNew(this.options.tiers.newMs)
    this.prune()
    this.pruneTimer = setInterval(() => this.prune(), 3600_000)
    this.pruneTimer.unref()
  }

  private prune(): void {
    const dropped = pruneChanges(this.db, this.options.retentionDays)
    if (dropped > 0) this.options.logger.info('old changes pruned', { dropped })
  }

  /** Stops the timers and cancels the sync in flight; resolves once it let go of the cache. */
  stop(): Promise<void> {
    this.stopped = true
    if (this.newTimer) clearTimeout(this.newTimer)
    if (this.pruneTimer) clearInterval(this.pruneTimer)
    return this.engine.stop()
  }

  async close(): Promise<void> {
    await this.stop()
    this.cache.close()
  }

  private scheduleNew(ms: number): void {
    if (this.stopped) return
    this.newTimer = setTimeout(() => void this.runNew(), ms)
    this.newTimer.unref()
  }

  /**
   * The new tier: tickets created since the last run (with an overlap), whatever the listing's
   * order. Waits for the first full sync, which reads everything anyway.
   */
  async runNew(): Promise<void> {
    const started = Date.now()
    if (!this.ready) {
      this.scheduleNew(this.options.tiers.newMs)
      return
    }
    const now = this.serverNow()
    const since = addSeconds(this.newSince ?? now, -NEW_TIER_OVERLAP_SEC)
    try {
      let pages = 0
      for await (const items of walkPages(
        (page) => this.api.searchTickets({ page, per_page: 100, created_at__start: since }),
        {},
      )) {
        // A ticket read by id keeps what the listing carries; the listing's copy is whole.
        this.cache.upsertTickets(items, now)
        if (++pages >= NEW_TIER_MAX_PAGES) break
      }
      this.newSince = now
      this.health.new = { lastSyncAt: now, ok: true }
      this.noteVendor(null)
    } catch (error) {
      const data = toErrorData(error)
      this.health.new = { lastSyncAt: this.health.new.lastSyncAt, ok: false }
      this.noteVendor(data)
      this.options.logger.warn('new tier failed', { code: data.code, message: data.message })
    }
    this.scheduleNew(Math.max(1_000, this.options.tiers.newMs - (Date.now() - started)))
  }

  /**
   * A desktop wrote these tickets: each is read again from the vendor with the hub's own token
   * and stored (or deleted on 404) with `by` as its author (null: a writer without a "who am I"). What the desktop sent is never used.
   */
  touch(ids: number[], by: ChangeBy | null): void {
    for (const id of ids) this.touchQueue.set(id, by)
    if (!this.touching) void this.drainTouched()
  }

  private async drainTouched(): Promise<void> {
    this.touching = true
    try {
      while (this.touchQueue.size > 0 && !this.stopped) {
        const [id, by] = this.touchQueue.entries().next().value as [number, ChangeBy | null]
        this.touchQueue.delete(id)
        await this.reread(id, by)
      }
    } finally {
      this.touching = false
    }
  }

  private async reread(id: number, by: ChangeBy | null): Promise<void> {
    this.rereads += 1
    try {
      const fresh = await this.api.getTicket(id)
      const cached = this.cache.getTicket(id)?.ticket ?? null
      withAttribution(this.db, [id], by, () =>
        this.cache.upsertTickets([mergeWithCached(cached, fresh)], this.serverNow()),
      )
      this.noteVendor(null)
    } catch (error) {
      const data = toErrorData(error)
      if (data.code === 'not_found') {
        withAttribution(this.db, [id], by, () => this.cache.deleteTickets([id]))
        return
      }
      this.noteVendor(data)
      this.options.logger.warn('re-read of a touched ticket failed', { id, code: data.code })
    }
  }

  /** Tier and vendor health for GET /health. */
  healthOf(): Pick<HubHealth, 'vendor' | 'tiers'> {
    const engineOk = this.status
      ? this.status.state !== 'error' && this.status.state !== 'offline'
      : null
    const at = (tier: 'hot' | 'all'): string | null =>
      this.cache.getState<TierMark>(tierKey(tier))?.at ?? null
    const tier = (lastSyncAt: string | null): TierHealth => ({
      lastSyncAt,
      ok: lastSyncAt !== null ? engineOk : engineOk === false ? false : null,
    })
    // A complete sweep read every open ticket too, as of its start.
    const all = at('all')
    const hot = at('hot')
    return {
      vendor: { reachable: this.reachable, lastError: this.vendorError },
      tiers: {
        new: this.health.new,
        open: tier(hot !== null && (all === null || hot > all) ? hot : all),
        lookups: this.health.lookups,
        all: tier(all),
      },
    }
  }
}

/**
 * The contract's schema of the sync's status as the screens see it: state, progress, the last
 * failure and the next try, and each tier's freshness. Imported through contract.ts.
 */
import { z } from 'zod'
import { appErrorSchema } from '../domain/errors'
import { hubSyncSchema } from './hub-contract'

export const SYNC_STATES = ['not_configured', 'online', 'syncing', 'offline', 'error'] as const
export const SYNC_PHASES = ['lookups', 'mine', 'tickets', 'deletions', 'done'] as const

export const SYNC_TIERS = ['mine', 'hot', 'all'] as const
export type SyncTier = (typeof SYNC_TIERS)[number]

/** How fresh one tier of the cache is. */
export const tierFreshnessSchema = z.strictObject({
  /** Server time (`YYYY-MM-DD HH:MM:SS`) the tier's last successful sync started; null: never. */
  lastSyncAt: z.string().nullable(),
  /** Older than its promise (or never synced): the screens mark it stale. */
  stale: z.boolean(),
  /** The tier's promise: at most this old, in seconds. */
  promiseSec: z.number().int(),
})
export type TierFreshness = z.infer<typeof tierFreshnessSchema>

export const syncStatusSchema = z.strictObject({
  state: z.enum(SYNC_STATES),
  /** ISO 8601 instant of the last sync that completed (an app time, not an API datetime). */
  lastSyncAt: z.string().nullable(),
  progress: z
    .strictObject({
      phase: z.enum(SYNC_PHASES),
      done: z.number().int(),
      total: z.number().int(),
    })
    .nullable(),
  error: appErrorSchema.nullable(),
  /**
   * After a failure: when the next attempt is planned (ISO instant). Additive, so producers that
   * predate it may leave it out.
   */
  retryAt: z.string().nullable().optional(),
  /**
   * Inside a running sync: a request waits before being tried again (a 429's Retry-After, a 5xx
   * backoff), with why and until when (ISO instant).
   */
  waiting: z
    .strictObject({
      code: appErrorSchema.shape.code,
      status: z.number().optional(),
      until: z.string(),
    })
    .nullable()
    .optional(),
  /** Each tier's freshness (mine only when the agent has said who they are). */
  tiers: z
    .strictObject({
      mine: tierFreshnessSchema.nullable(),
      hot: tierFreshnessSchema,
      all: tierFreshnessSchema,
    })
    .optional(),
  /** The sync is paused (the machine sleeps or the screen is locked). */
  paused: z.boolean().optional(),
  /** A team hub is configured: whether the cache follows it or syncs directly meanwhile. */
  hub: hubSyncSchema.nullable().optional(),
})
export type SyncStatus = z.infer<typeof syncStatusSchema>

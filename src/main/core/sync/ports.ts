/**
 * What the sync engine needs from the world besides the cache (whose reader and writer
 * interfaces come from db/): the part of the API client it calls and a clock. Tests pass the
 * real client (or wrap it to inject faults) and a fake clock; nothing here knows Electron or the UI.
 */
import type { VendorClient } from '../api/types'

/** The part of the API client the sync uses. */
export type SyncApi = Pick<
  VendorClient,
  | 'searchTickets'
  | 'getTicket'
  | 'listEmployees'
  | 'listSponsors'
  | 'listTerminationCodes'
  | 'listCategories'
  | 'listSubCategories'
  | 'traffic'
>

export interface Clock {
  now(): Date
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms)
    handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

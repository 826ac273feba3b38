/** The vendor ticket API client: see api-client.ts, and find-own-create.ts for lost creates. */
export { createVendorClient } from './api-client'
export { normalizeApiBase } from './normalize-base'
export { fetchAll, PageGuard, walkPages, type WalkOptions } from './walk-pages'
export { findOwnCreate, matchesCreate } from './find-own-create'
export type { RetryOptions } from './retry-policy'
export type {
  VendorClient,
  VendorClientOptions,
  CallOptions,
  PageParams,
  TicketSearchParams,
  Traffic,
  WriteOutcome,
  WriteRequest,
} from './types'

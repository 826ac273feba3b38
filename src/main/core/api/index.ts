/** The vendor ticket API client: see api-client.ts, and safe-create.ts for creates. */
export { createApiClient } from './api-client'
export { normalizeApiBase } from './normalize-base'
export { fetchAll, walkPages, type WalkOptions } from './walk-pages'
export { CREATE_LOOKUP_SKEW_SECONDS, matchesCreate } from './safe-create'
export type { RetryOptions } from './retry-policy'
export type {
  ApiClient,
  ApiClientOptions,
  CallOptions,
  PageParams,
  TicketSearchParams,
  Traffic,
} from './types'

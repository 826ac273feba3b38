/** The API client for the current connection, rebuilt when the address or token changes. */
import { createVendorClient, normalizeApiBase, type VendorClient } from '../api/index'
import type { RetryWait } from '../api/types'
import type { Logger } from '../logger'

export interface ApiHolderOptions {
  apiUrl: () => string | null
  token: () => string | null
  logger: Logger
  /** A request is about to wait before trying again: the sync's status says so. */
  onRetryWait?: (wait: RetryWait) => void
}

export class ApiHolder {
  private client: VendorClient | null = null
  private key = ''
  private once: VendorClient | null = null
  private onceKey = ''

  constructor(private readonly options: ApiHolderOptions) {}

  /** The client, or null when no address is set. */
  get(): VendorClient | null {
    const url = this.options.apiUrl()
    if (!url) return null
    const token = this.options.token()
    const key = `${url}\n${token ?? ''}`
    if (!this.client || key !== this.key) {
      this.client = createVendorClient({
        baseUrl: normalizeApiBase(url),
        token,
        logger: this.options.logger,
        ...(this.options.onRetryWait ? { onRetryWait: this.options.onRetryWait } : {}),
      })
      this.key = key
    }
    return this.client
  }

  /**
   * The same connection without retries, for the outbox: each write is tried once (it asks the
   * server what happened before trying again) and reads fail fast when offline, so a save says
   * "queued" at once instead of after the retry budget.
   */
  forOutbox(): VendorClient | null {
    const url = this.options.apiUrl()
    if (!url) return null
    const token = this.options.token()
    const key = `${url}\n${token ?? ''}`
    if (!this.once || key !== this.onceKey) {
      this.once = createVendorClient({
        baseUrl: normalizeApiBase(url),
        token,
        retry: { retries: 0 },
        logger: this.options.logger,
      })
      this.onceKey = key
    }
    return this.once
  }

  /** A throwaway client for "test connection", with no retries so the agent hears back fast. */
  probe(url: string, token: string | null): VendorClient {
    return createVendorClient({
      baseUrl: normalizeApiBase(url),
      token,
      timeoutMs: 8_000,
      retry: { retries: 0 },
      logger: this.options.logger,
    })
  }
}

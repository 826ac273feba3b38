/** The API client for the current connection, rebuilt when the address or token changes. */
import { createApiClient, normalizeApiBase, type ApiClient } from '../api/index'
import type { Logger } from '../logger'

export interface ApiHolderOptions {
  apiUrl: () => string | null
  token: () => string | null
  logger: Logger
}

export class ApiHolder {
  private client: ApiClient | null = null
  private key = ''
  private once: ApiClient | null = null
  private onceKey = ''

  constructor(private readonly options: ApiHolderOptions) {}

  /** The client, or null when no address is set. */
  get(): ApiClient | null {
    const url = this.options.apiUrl()
    if (!url) return null
    const token = this.options.token()
    const key = `${url}\n${token ?? ''}`
    if (!this.client || key !== this.key) {
      this.client = createApiClient({
        baseUrl: normalizeApiBase(url),
        token,
        logger: this.options.logger,
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
  forOutbox(): ApiClient | null {
    const url = this.options.apiUrl()
    if (!url) return null
    const token = this.options.token()
    const key = `${url}\n${token ?? ''}`
    if (!this.once || key !== this.onceKey) {
      this.once = createApiClient({
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
  probe(url: string, token: string | null): ApiClient {
    return createApiClient({
      baseUrl: normalizeApiBase(url),
      token,
      timeoutMs: 8_000,
      retry: { retries: 0 },
      logger: this.options.logger,
    })
  }
}

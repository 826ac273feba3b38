/** The API client for the current connection, rebuilt when the address, token or zone changes. */
import { createApiClient, normalizeApiBase, type ApiClient } from '../api/index'
import type { RetryWait } from '../api/types'
import type { Logger } from '../logger'

export interface ApiHolderOptions {
  apiUrl: () => string | null
  token: () => string | null
  /** The server's time zone (the settings'): the lost-create lookup's window starts at its now. */
  serverTimeZone: () => string
  logger: Logger
  /** A request is about to wait before trying again: the sync's status says so. */
  onRetryWait?: (wait: RetryWait) => void
}

export class ApiHolder {
  private client: ApiClient | null = null
  private key = ''

  constructor(private readonly options: ApiHolderOptions) {}

  /** The client, or null when no address is set. */
  get(): ApiClient | null {
    const url = this.options.apiUrl()
    if (!url) return null
    const token = this.options.token()
    const serverTimeZone = this.options.serverTimeZone()
    const key = `${url}\n${token ?? ''}\n${serverTimeZone}`
    if (!this.client || key !== this.key) {
      this.client = createApiClient({
        baseUrl: normalizeApiBase(url),
        token,
        serverTimeZone,
        logger: this.options.logger,
        ...(this.options.onRetryWait ? { onRetryWait: this.options.onRetryWait } : {}),
      })
      this.key = key
    }
    return this.client
  }

  /** A throwaway client for "test connection", with no retries so the agent hears back fast. */
  probe(url: string, token: string | null): ApiClient {
    return createApiClient({
      baseUrl: normalizeApiBase(url),
      token,
      serverTimeZone: this.options.serverTimeZone(),
      timeoutMs: 8_000,
      retry: { retries: 0 },
      logger: this.options.logger,
    })
  }
}

/** The API client for the current connection, rebuilt when the address or token changes. */
import { createApiClient, normalizeApiBase, type ApiClient } from '../api/index'
import type { Logger } from '../logger'
import type { RetryWait } from '../api/types'

export class ApiHolder {
  private client: ApiClient | null = null
  private key = ''

  constructor(
    private readonly apiUrl: () => string | null,
    private readonly token: () => string | null,
    private readonly logger: Logger,
    private readonly onRetryWait?: (wait: RetryWait) => void,
  ) {}

  /** The client, or null when no address is set. */
  get(): ApiClient | null {
    const url = this.apiUrl()
    if (!url) return null
    const token = this.token()
    const key = `${url}\n${token ?? ''}`
    if (!this.client || key !== this.key) {
      this.client = createApiClient({
        baseUrl: normalizeApiBase(url),
        token,
        logger: this.logger,
        ...(this.onRetryWait ? { onRetryWait: this.onRetryWait } : {}),
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
      timeoutMs: 8_000,
      retry: { retries: 0 },
      logger: this.logger,
    })
  }
}

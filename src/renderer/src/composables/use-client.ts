/**
 * The client the stores use (screens go through the stores, never here): the one provided to the
 * app (tests provide a client over an in-process transport), else the app-wide client from
 * services/transport.
 */
import { inject, type InjectionKey } from 'vue'
import type { ApiClient } from '../services/client'
import { appClient } from '../services/transport'

export const CLIENT_KEY: InjectionKey<ApiClient> = Symbol('agent-console.client')

export function useClient(): ApiClient {
  return inject(CLIENT_KEY, null) ?? appClient()
}

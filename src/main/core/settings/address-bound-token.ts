/**
 * A stored token belongs to the API address it was given for: it is kept together with the
 * normalised address and handed out only while the settings point at that same address. Changing
 * the address (without giving a new token) therefore drops it, so it is never sent to another
 * server. Wraps whatever SecretStore the shell has (safeStorage in the app, memory elsewhere).
 */
import { normalizeApiBase } from '../api/normalize-base'
import type { Logger } from '../logger'
import type { SecretStore } from './secret-store'

interface BoundToken {
  v: 1
  apiBase: string
  token: string
}

function parse(stored: string | null): BoundToken | null {
  if (!stored) return null
  try {
    const value = JSON.parse(stored) as Partial<BoundToken> | null
    if (value?.v === 1 && typeof value.apiBase === 'string' && typeof value.token === 'string')
      return value as BoundToken
  } catch {
    // Not ours: a token stored by an older version, bound to no address.
  }
  return null
}

function normalized(address: string | null): string | null {
  if (!address) return null
  try {
    return normalizeApiBase(address)
  } catch {
    return null
  }
}

export function createAddressBoundSecrets(
  inner: SecretStore,
  currentAddress: () => string | null,
  logger: Logger,
): SecretStore {
  return {
    get() {
      const stored = inner.get()
      if (stored === null) return null
      const bound = parse(stored)
      const apiBase = normalized(currentAddress())
      if (bound && apiBase !== null && bound.apiBase === apiBase) return bound.token
      inner.set(null)
      logger.warn(
        bound
          ? 'stored token dropped: it was given for another API address'
          : 'stored token dropped: it is bound to no API address; please connect again',
      )
      return null
    },
    set(token) {
      const apiBase = normalized(currentAddress())
      if (token === null || apiBase === null) {
        inner.set(null)
        return
      }
      inner.set(JSON.stringify({ v: 1, apiBase, token } satisfies BoundToken))
    },
  }
}

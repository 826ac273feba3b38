/**
 * Where the API token lives. The desktop shell supplies one backed by Electron's safeStorage
 * (encrypted with the OS keychain); plain Node hosts keep it in memory only, never in a file.
 */
export interface SecretStore {
  get(): string | null
  set(token: string | null): void
}

export function createMemorySecretStore(initial: string | null = null): SecretStore {
  let token = initial
  return {
    get: () => token,
    set: (value) => {
      token = value
    },
  }
}

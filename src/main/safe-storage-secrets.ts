/**
 * The API token, encrypted with Electron's safeStorage (the OS keychain / DPAPI / libsecret) in
 * the user-data folder. If the OS offers no encryption the token is kept in memory only for this
 * run: never written in plain text.
 */
import { safeStorage } from 'electron'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger, SecretStore } from './core'

export function createSafeStorageSecrets(userDataDir: string, logger: Logger): SecretStore {
  const file = join(userDataDir, 'token.bin')
  let memory: string | null = null
  return {
    get() {
      if (memory !== null) return memory
      if (!existsSync(file) || !safeStorage.isEncryptionAvailable()) return null
      try {
        memory = safeStorage.decryptString(readFileSync(file))
        return memory
      } catch {
        logger.warn('stored token could not be decrypted; please connect again')
        return null
      }
    },
    set(token) {
      memory = token
      if (token === null) {
        rmSync(file, { force: true })
        return
      }
      if (!safeStorage.isEncryptionAvailable()) {
        logger.warn('OS encryption unavailable: the token is kept for this session only')
        return
      }
      writeFileSync(file, safeStorage.encryptString(token), { mode: 0o600 })
    },
  }
}

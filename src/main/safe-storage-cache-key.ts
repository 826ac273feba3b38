/**
 * The cache's encryption key, kept with Electron's safeStorage (the OS keychain / DPAPI /
 * libsecret) in the user-data folder and handed to the core worker. Where the OS offers no
 * encryption, null: the core then keeps the key in a 0600 file beside the cache, as the browser
 * host does (weaker: anyone who can read the cache folder can read the key), and says so.
 */
import { safeStorage } from 'electron'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { newDatabaseKey, parseDatabaseKey, PRIVATE_FILE_MODE, type Logger } from './core'

export function safeStorageCacheKey(userDataDir: string, logger: Logger): string | null {
  if (!safeStorage.isEncryptionAvailable()) {
    logger.warn('OS encryption unavailable: the cache key is kept in a file beside the cache')
    return null
  }
  const file = join(userDataDir, 'cache-key.bin')
  if (existsSync(file)) {
    try {
      const hex = safeStorage.decryptString(readFileSync(file))
      if (parseDatabaseKey(hex)) return hex
    } catch {
      // Fall through: a new key; the cache it encrypted is set aside and rebuilt (with a notice).
    }
    logger.warn('stored cache key could not be decrypted: a new key, the cache will be rebuilt')
  }
  const hex = newDatabaseKey()
  writeFileSync(file, safeStorage.encryptString(hex), { mode: PRIVATE_FILE_MODE })
  return hex
}

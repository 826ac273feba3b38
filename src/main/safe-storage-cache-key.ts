/**
 * The cache's encryption key, kept with Electron's safeStorage (the OS keychain / DPAPI /
 * libsecret) in the user-data folder and handed to the core worker. Where the OS offers no
 * encryption, null: the core then keeps the key in a 0600 file beside the cache, as the browser
 * host does (weaker: anyone who can read the cache folder can read the key), and says so.
 * A stored key that cannot be decrypted is replaced only when no waiting edit needs it
 * (guardKeyReplacement): otherwise the start stops and says how to restore it or discard them.
 */
import { safeStorage } from 'electron'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  guardKeyReplacement,
  newDatabaseKey,
  parseDatabaseKey,
  PRIVATE_FILE_MODE,
  type Logger,
} from './core'

/** The part of Electron's safeStorage used here. */
export interface KeyStorage {
  isEncryptionAvailable(): boolean
  decryptString(data: Buffer): string
  encryptString(text: string): Buffer
}

export const CACHE_KEY_FILE = 'cache-key.bin'

export function safeStorageCacheKey(
  userDataDir: string,
  logger: Logger,
  options: { storage?: KeyStorage; discardWaitingEdits?: boolean } = {},
): string | null {
  const storage = options.storage ?? safeStorage
  if (!storage.isEncryptionAvailable()) {
    logger.warn('OS encryption unavailable: the cache key is kept in a file beside the cache')
    return null
  }
  const file = join(userDataDir, CACHE_KEY_FILE)
  if (existsSync(file)) {
    try {
      const hex = storage.decryptString(readFileSync(file))
      if (parseDatabaseKey(hex)) return hex
    } catch {
      // Fall through: a new key, unless waiting edits need the old one.
    }
    guardKeyReplacement(join(userDataDir, 'cache.sqlite'), `the OS keychain key in ${file}`, {
      discardWaitingEdits: options.discardWaitingEdits ?? false,
      logger,
    })
    logger.warn('stored cache key could not be decrypted: a new key, the cache will be rebuilt')
  }
  const hex = newDatabaseKey()
  writeFileSync(file, storage.encryptString(hex), { mode: PRIVATE_FILE_MODE })
  return hex
}

/**
 * The desktop's key kept with safeStorage: when the keychain can no longer decrypt it while
 * edits wait, no new key is written (the start stops, saying what to do); with nothing waiting, or
 * once the agent confirmed discarding, a new key is made and the old outbox kept aside.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setAsideCopies } from '../../src/main/core/db/set-aside'
import { silentLogger } from '../../src/main/core/logger'
import { OutboxStore } from '../../src/main/core/outbox/outbox-store'
import {
  CACHE_KEY_FILE,
  safeStorageCacheKey,
  type KeyStorage,
} from '../../src/main/safe-storage-cache-key'

vi.mock('electron', () => ({ safeStorage: {} }))

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ac-safe-storage-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A keychain that encrypts by reversing bytes; `broken` makes every decrypt fail. */
function keychain(): KeyStorage & { broken: boolean } {
  return {
    broken: false,
    isEncryptionAvailable: () => true,
    encryptString: (text) => Buffer.from(text).reverse(),
    decryptString(data) {
      if (this.broken) throw new Error('Error while decrypting the ciphertext provided')
      return Buffer.from(data).reverse().toString()
    },
  }
}

function queueEdit(hex: string): void {
  const store = new OutboxStore(join(dir, 'cache.outbox.sqlite'), { key: Buffer.from(hex, 'hex') })
  store.enqueue({ kind: 'update', ticketId: 5, changes: { status_memo: '回電' } })
  store.close()
}

describe('the safeStorage key when the keychain cannot decrypt it', () => {
  it('is not replaced while edits wait; the error says how to restore or discard', () => {
    const storage = keychain()
    const hex = safeStorageCacheKey(dir, silentLogger, { storage })!
    queueEdit(hex)
    const stored = readFileSync(join(dir, CACHE_KEY_FILE))
    storage.broken = true
    expect(() => safeStorageCacheKey(dir, silentLogger, { storage })).toThrow(
      /OS keychain.*Restore the key/s,
    )
    expect(readFileSync(join(dir, CACHE_KEY_FILE)).equals(stored)).toBe(true)
    storage.broken = false
    expect(safeStorageCacheKey(dir, silentLogger, { storage })).toBe(hex)
  })

  it('is replaced, the old outbox kept aside, once the agent confirmed discarding', () => {
    const storage = keychain()
    const hex = safeStorageCacheKey(dir, silentLogger, { storage })!
    queueEdit(hex)
    storage.broken = true
    const fresh = safeStorageCacheKey(dir, silentLogger, { storage, discardWaitingEdits: true })
    expect(fresh).not.toBe(hex)
    expect(setAsideCopies(join(dir, 'cache.outbox.sqlite')).length).toBeGreaterThan(0)
  })

  it('is replaced without asking when nothing waits', () => {
    const storage = keychain()
    safeStorageCacheKey(dir, silentLogger, { storage })
    writeFileSync(join(dir, CACHE_KEY_FILE), 'garbage')
    expect(safeStorageCacheKey(dir, silentLogger, { storage })).toMatch(/^[0-9a-f]{64}$/)
  })
})

/**
 * The real core as the tests start it, and a typed call that throws on an error envelope so a
 * test reads the value or fails with the channel and the error's code.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core, type CoreOptions } from '../../src/main/core/core'
import { createMemorySecretStore } from '../../src/main/core/settings/secret-store'
import type { Channel, InputOf, OutputOf } from '../../src/shared/contract/contract'

/**
 * The core with the tests' defaults: the browser host's kind, a fresh data folder, the token in
 * memory, no timer-driven syncs, every result checked against the contract. Any option overrides.
 */
export function startTestCore(options: Partial<CoreOptions> = {}): Promise<Core> {
  return createCore({
    host: 'web',
    version: 'test',
    secrets: createMemorySecretStore(),
    autoSync: false,
    validateOutput: true,
    ...options,
    dataDir:
      options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'ac-core-')) : options.dataDir,
  })
}

/** A contract call through the core's own dispatch; an error answer throws. */
export async function call<C extends Channel>(
  core: Core,
  channel: C,
  input: InputOf<C>,
): Promise<OutputOf<C>> {
  const result = await core.invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
  return result.value as OutputOf<C>
}

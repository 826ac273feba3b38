/** The core as the browser host starts it on `--db` (dataDir its folder, the key file), no sync. */
import { createCore, type CoreOptions } from '../../src/main/core/core'
import { createMemorySecretStore } from '../../src/main/core/settings/secret-store'

export function startHostCore(
  dataDir: string,
  dbPath: string,
  extra: Partial<CoreOptions> = {},
): ReturnType<typeof createCore> {
  return createCore({
    host: 'web',
    version: 'test',
    dataDir,
    dbPath,
    secrets: createMemorySecretStore(),
    autoSync: false,
    ...extra,
  })
}

/** Starts the real core and browser host in-process on 127.0.0.1, with a fresh data folder. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Core } from '../../src/main/core/core'
import { exportDirFor } from '../../src/main/core'
import { silentLogger } from '../../src/main/core/logger'
import { startWebHost, type WebHost } from '../../src/web/web-host'
import { call, startTestCore } from './core'

export const WEB_BUILD_DIR = join(import.meta.dirname, '../../out/web')

export interface TestHost {
  host: WebHost
  core: Core
  dataDir: string
  close(): Promise<void>
}

export async function startTestHost(
  options: {
    apiUrl?: string
    token?: string
    dataDir?: string
    autoSync?: boolean
    staticDir?: string
    /** Follow this team hub. */
    hubUrl?: string
  } = {},
): Promise<TestHost> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ac-host-'))
  const core = await startTestCore({
    version: '0.0.0-test',
    dataDir,
    logger: silentLogger,
    autoSync: options.autoSync ?? true,
    ...(options.hubUrl ? { hubUrl: options.hubUrl } : {}),
    ...(options.apiUrl
      ? { connect: { apiUrl: options.apiUrl, ...(options.token ? { token: options.token } : {}) } }
      : {}),
  })
  const host = await startWebHost({
    core,
    staticDir: options.staticDir ?? WEB_BUILD_DIR,
    exportDir: exportDirFor(join(dataDir, 'cache.sqlite')),
    logger: silentLogger,
  })
  return {
    host,
    core,
    dataDir,
    close: async () => {
      await host.close()
      await core.close()
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Makes the agent the first employee the core finds (so "mine" is theirs); returns their id. */
export async function actAsFirstEmployee(core: Core): Promise<number> {
  const [first] = await call(core, 'employees:search', { search: '', limit: 3 })
  if (!first) throw new Error('no employees')
  // As the identity picker keeps it: the screens then show the name, as an agent sees them.
  const me = { id: first.id, name: first.name ?? null, employeeNo: first.employeeNo ?? null }
  await core.invoke('settings:update', { me })
  return first.id
}

/** An open ticket handled by someone other than `me`: one to hand over as another agent would. */
export async function openTicketNotMine(core: Core, me: number): Promise<number> {
  const { rows } = await call(core, 'tickets:query', {
    view: 'open',
    filters: {},
    offset: 0,
    limit: 100,
  })
  return rows.find((r) => r.handlerId !== me && r.handlerId !== null)!.id
}

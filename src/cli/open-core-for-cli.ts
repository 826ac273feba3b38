/**
 * The core for a CLI command that talks to the server: the same createCore as the app and the
 * browser host, in-process, with no background work (one command, then it leaves).
 */
import { resolve } from 'node:path'
import type { Channel, InputOf, OutputOf } from '../shared/contract/contract'
import { AppError } from '../shared/domain/errors'
import { apiBaseFromArgs } from './api-address'
import { UsageError } from './cli-error'
import { waitingEditsDiscarded } from './open-cache-for-cli'
import { createCore, createMemorySecretStore, type Core } from '../main/core'

export interface CoreArgs {
  db?: string | undefined
  apiUrl?: string | undefined
  token?: string | undefined
  allowInsecure?: boolean | undefined
}

export async function openCoreForCli(args: CoreArgs): Promise<Core> {
  if (!args.db) throw new UsageError('--db FILE is required')
  const apiUrl = apiBaseFromArgs(args)
  const core = await createCore({
    host: 'cli',
    version: process.env['npm_package_version'] ?? '0.0.0',
    // Settings in memory: the CLI keeps nothing but the cache, its key file and the outbox.
    dataDir: null,
    dbPath: resolve(args.db),
    secrets: createMemorySecretStore(),
    connect: { apiUrl, token: args.token ?? '', allowInsecure: args.allowInsecure ?? false },
    discardWaitingEdits: waitingEditsDiscarded(),
    autoSync: false,
    outboxRetry: false,
  })
  const notices = await callCore(core, 'app:notices', {})
  for (const notice of notices) {
    if (notice.kind === 'cache_rebuilt')
      process.stderr.write(`warning: unreadable cache moved to ${notice.detail}; rebuilding\n`)
    if (notice.kind === 'outbox_salvaged')
      process.stderr.write(
        `warning: the outbox file was damaged: the waiting edits that could be read are back, the damaged file kept at ${notice.detail}; check \`outbox\`\n`,
      )
  }
  return core
}

/** A contract call whose failure is thrown as the AppError it carries (its code sets the exit status). */
export async function callCore<C extends Channel>(
  core: Core,
  channel: C,
  input: InputOf<C>,
): Promise<OutputOf<C>> {
  const envelope = await core.invoke(channel, input)
  if (!envelope.ok) throw new AppError(envelope.error)
  return envelope.value as OutputOf<C>
}

/**
 * The core for a CLI command: the same createCore as the app and the browser host, in-process,
 * with no background work (one command, then it leaves). It opens the cache file and the outbox
 * beside it with the key file beside the cache, as the browser host opening the same file does.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Channel, InputOf, Notice, OutputOf } from '../shared/contract/contract'
import { AppError } from '../shared/domain/errors'
import { apiBaseFromArgs } from './api-address'
import { UsageError } from './cli-error'
import { createCore, createMemorySecretStore, type Core, type CoreOptions } from '../main/core'

export interface CoreArgs {
  db?: string | undefined
  apiUrl?: string | undefined
  token?: string | undefined
  allowInsecure?: boolean | undefined
  /** The team hub to catch up from (`sync --hub-url`). */
  hubUrl?: string | undefined
}

let discardWaitingEdits = false

/** The agent confirmed `--discard-waiting-edits`: waiting edits no key opens are set aside. */
export function discardWaitingEditsOnOpen(): void {
  discardWaitingEdits = true
}

/** The core for a command that talks to the server: the cache file is made when missing. */
export async function openCoreForCli(args: CoreArgs): Promise<Core> {
  if (!args.db) throw new UsageError('--db FILE is required')
  const apiUrl = apiBaseFromArgs(args)
  const { core, notices } = await startCore(args.db, {
    connect: { apiUrl, token: args.token ?? '', allowInsecure: args.allowInsecure ?? false },
    ...(args.hubUrl !== undefined ? { hubUrl: args.hubUrl } : {}),
  })
  const rebuilt = notices.find((n) => n.kind === 'cache_rebuilt')
  if (rebuilt) sayRebuilt(rebuilt.detail)
  return core
}

/**
 * The core for a read (tickets, ticket, categories, status, outbox): works without the network.
 * A read of the cache never makes one, and refuses a cache file that cannot be read (its answer
 * would mean nothing; it is set aside and `sync` rebuilds it). `outbox` reads only the waiting
 * edits (`cache: 'optional'`): it answers whatever became of the cache.
 */
export async function openCoreForReads(
  dbPath: string | undefined,
  options: { cache?: 'required' | 'optional' } = {},
): Promise<Core> {
  if (!dbPath) throw new UsageError('--db FILE is required')
  const path = resolve(dbPath)
  const required = options.cache !== 'optional'
  if (required && !existsSync(path))
    throw new UsageError(`no cache at ${path} (run \`sync\` first)`)
  const { core, notices } = await startCore(path, {})
  const rebuilt = notices.find((n) => n.kind === 'cache_rebuilt')
  if (rebuilt && required) {
    await core.close()
    throw new AppError({
      code: 'cache_unavailable',
      message: `the cache file could not be read (damaged, or its key file ${path}.key is missing or another); it was moved to ${rebuilt.detail}. Run \`sync\` to rebuild it`,
    })
  }
  if (rebuilt) sayRebuilt(rebuilt.detail)
  return core
}

function sayRebuilt(movedTo: string | undefined): void {
  process.stderr.write(`warning: unreadable cache moved to ${movedTo}; rebuilding\n`)
}

/** The core and the notices of its opening (each told once: the CLI reads them here, once). */
async function startCore(
  dbPath: string,
  options: Pick<CoreOptions, 'connect' | 'hubUrl'>,
): Promise<{ core: Core; notices: Notice[] }> {
  const core = await createCore({
    host: 'cli',
    version: process.env['npm_package_version'] ?? '0.0.0',
    // Settings in memory: the CLI keeps nothing but the cache, its key file and the outbox.
    dataDir: null,
    dbPath: resolve(dbPath),
    secrets: createMemorySecretStore(),
    ...options,
    discardWaitingEdits,
    autoSync: false,
    outboxRetry: false,
  })
  const notices = await callCore(core, 'app:notices', {})
  for (const notice of notices) {
    if (notice.kind === 'outbox_salvaged')
      process.stderr.write(
        `warning: the outbox file was damaged: the waiting edits that could be read are back, the damaged file kept at ${notice.detail}; check \`outbox\`\n`,
      )
  }
  return { core, notices }
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

/** Runs `work` on the core and closes it, whatever happens. */
export async function withCore<T>(core: Core, work: (core: Core) => Promise<T> | T): Promise<T> {
  try {
    return await work(core)
  } finally {
    await core.close()
  }
}

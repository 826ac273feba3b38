/**
 * `sync --api-url URL --db FILE [--scope all|hot] [--json]`: sends what waits in the outbox, then
 * one complete sync (lookups, full sweep, deletion checks) or one hot-tier sync into the cache file.
 */
import type { SyncStatus } from '../../shared/contract/contract'
import { hubUrlFromArgs } from '../api-address'
import { withInterrupt } from '../interrupt'
import { UsageError } from '../cli-error'
import { openCoreForCli, withCore } from '../open-core-for-cli'
import { cancelled, type Core, type SyncSummary } from '../../main/core'

export const SYNC_HELP = `Usage: npm run cli -- sync --api-url URL --db FILE [--scope all|hot] [--hub-url URL] [--json] [--token-stdin | --token T]

Sends the edits waiting in the outbox (oldest first, each once), then runs one sync of the ticket
API into the cache file (created when missing), at full speed.
  --scope all  (default) one complete sync: lookups, every ticket page, deletion checks
  --scope hot  the hot tier only: every open ticket and every ticket created in the last 7 days
               (needs a cache that completed a full sync)
  --hub-url URL  through the team hub instead: its snapshot the first time (no vendor listing),
               then the changes after the cache's cursor (edits still go to the vendor)
Another process syncing the same file makes it stop at once, before any request.
The file is encrypted with the key in FILE.key (0600, made when missing; the browser host
opening the same file uses the same key).
The token: AGENT_CONSOLE_TOKEN in the environment, or --token-stdin (first line of standard
input); --token T shows it in the process list.
An http:// address other than this computer is refused unless --allow-insecure is given.
Progress goes to stderr; with --json a summary goes to stdout:
  {"fetched","inserted","updated","unchanged","deleted","damaged","requests","bytes","pages",
   "complete","stable","keptAfterCheck","uncheckedCandidates","durationMs","scope"}
  requests: HTTP requests the sync sent (retries included; the outbox's sends have their own
  line on stderr); bytes: response bytes received on the wire.
  With --hub-url: {"source":"hub","snapshot","changes","tickets","cursor","requests","bytes",
  "durationMs"}, requests and bytes to the hub (the vendor gets none).
`

export interface SyncArgs {
  apiUrl?: string
  token?: string
  db?: string
  json?: boolean
  allowInsecure?: boolean
  scope?: string
  hubUrl?: string
}

function describeSummary(summary: SyncSummary): string {
  const mb = (summary.bytes / 1e6).toFixed(1)
  let line =
    `synced: ${summary.fetched} fetched, ${summary.inserted} new, ${summary.updated} updated, ` +
    `${summary.unchanged} unchanged, ${summary.deleted} deleted, ${summary.requests} requests, ` +
    `${mb} MB received`
  if (summary.damaged > 0) line += `, ${summary.damaged} damaged records fetched again`
  if (summary.uncheckedCandidates > 0)
    line += `, ${summary.uncheckedCandidates} more to check next time`
  return line
}

export async function syncCommand(args: SyncArgs): Promise<void> {
  const scope = args.scope ?? 'all'
  if (scope !== 'all' && scope !== 'hot') throw new UsageError('--scope is all or hot')
  if (args.hubUrl !== undefined) return syncThroughHub(args, args.hubUrl)
  const core = await openCoreForCli(args)
  let lastLine = ''
  const unsubscribe = core.subscribe((name, payload) => {
    if (name !== 'sync:status') return
    const p = (payload as SyncStatus).progress
    if (!p) return
    const line = `${p.phase} ${p.done}/${p.total}`
    if (line !== lastLine) process.stderr.write(`\r${line}   `)
    lastLine = line
  })
  try {
    await withInterrupt(async (interrupted) => {
      interrupted.addEventListener('abort', () => void core.sync.cancel())
      core.sync.refreshIdleState()
      if (scope === 'hot' && core.sync.status().lastSyncAt === null)
        throw new UsageError(
          '--scope hot needs a cache that completed a full sync; run `sync` first',
        )
      // The engine sends what waits before it syncs too; sent here first to say how it went.
      await drainOutbox(core)
      // A Ctrl+C while the edits were sent found no run to cancel: none is started.
      if (interrupted.aborted) throw cancelled()
      const summary = scope === 'hot' ? await core.sync.runHot() : await core.sync.runFull()
      process.stderr.write(`\r${describeSummary(summary)}\n`)
      if (summary.uncheckedCandidates > 0) {
        process.stderr.write(
          `warning: ${summary.uncheckedCandidates} more to check next time (tickets gone from ` +
            'the listing whose deletion is not confirmed yet; run `sync` again to check them)\n',
        )
      }
      if (args.json) {
        const { kind: _kind, ...rest } = summary
        process.stdout.write(JSON.stringify({ ...rest, scope }) + '\n')
      }
    })
  } catch (error) {
    // End the progress line, so the error is a line of its own.
    if (lastLine !== '') process.stderr.write('\n')
    throw error
  } finally {
    unsubscribe()
    await core.close()
  }
}

/** Sends what waits in the outbox, oldest first, and says how it went on stderr. */
async function drainOutbox(core: Core): Promise<void> {
  if (core.outbox.summary().waiting === 0) return
  const result = await core.outbox.drain()
  process.stderr.write(
    `outbox: ${result.sent} sent, ${result.waiting} waiting` +
      (result.stoppedBy ? ` (${result.stoppedBy.message})` : '') +
      '\n',
  )
}

/**
 * One catch-up through the team hub (see --hub-url): what waits goes to the vendor first, then the
 * hub's snapshot or changes into the cache.
 */
async function syncThroughHub(args: SyncArgs, hubUrl: string): Promise<void> {
  hubUrlFromArgs(hubUrl, args.allowInsecure)
  const started = Date.now()
  await withCore(await openCoreForCli({ ...args, hubUrl }), async (core) => {
    await drainOutbox(core)
    const done = await core.catchUpFromHub()
    // The hub is sent the agent's vendor token: without one there is nothing to show it.
    if (!done)
      throw new UsageError('--hub-url needs the token: AGENT_CONSOLE_TOKEN or --token-stdin')
    const summary = {
      source: 'hub',
      snapshot: done.snapshot,
      changes: done.changes,
      tickets: core.synced.ticketCount(),
      cursor: done.cursor,
      requests: done.requests,
      bytes: done.bytes,
      durationMs: Date.now() - started,
    }
    process.stderr.write(
      `synced through the team hub: ${done.snapshot ? 'snapshot, ' : ''}${done.changes} changes, ` +
        `${summary.tickets} tickets, ${done.requests} requests, ` +
        `${(done.bytes / 1e6).toFixed(1)} MB received\n`,
    )
    if (args.json) process.stdout.write(JSON.stringify(summary) + '\n')
  })
}

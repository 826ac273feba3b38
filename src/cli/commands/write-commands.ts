/**
 * The write commands: update, create, delete, outbox. The same outbox as the app (its own file
 * beside the cache file, `<db>.outbox.sqlite`): each write is committed there, then sent at once;
 * when the server cannot be reached it waits, and `sync` (or the next write) sends it first.
 * With `--hub-url`, an applied write is announced to the team hub, as the app does.
 */
import type { Ticket, TicketUpdateInput } from '../../shared/domain/api-schemas'
import { ticketUpdateSchema, ticketWriteSchema } from '../../shared/domain/api-schemas'
import { AppError } from '../../shared/domain/errors'
import {
  EDITABLE_FIELDS,
  NUMERIC_WRITE_FIELDS,
  type OutboxEntry,
  type WriteResult,
} from '../../shared/domain/outbox'
import { hubUrlFromArgs } from '../api-address'
import { UsageError } from '../cli-error'
import { openOutboxForCli } from '../open-cache-for-cli'
import { callCore, openCoreForCli } from '../open-core-for-cli'
import { HubHttp, type Core } from '../../main/core'

const FIELDS_LINE = `Fields (as the API's PUT names them): ${EDITABLE_FIELDS.join(', ')}.
  --set FIELD=VALUE sets it; --set FIELD= sends null. Ids, status and priority are numbers.`

const TOKEN_LINE = `The token: AGENT_CONSOLE_TOKEN in the environment, or --token-stdin; --token T shows it
in the process list. An http:// address other than this computer needs --allow-insecure.`

const HUB_LINE = `--hub-url URL  once the server has it, tell the team hub (POST /hub/v1/touched with the
  ticket id and your token) so colleagues see it within seconds. The CLI has no "who am I": it
  sends the id only, and the ticket's history shows the change without a name. A hub that cannot
  be reached is a warning, never a failure (it sees the change at its next read).`

const STATES_LINE = `Prints the outcome; with --json one object:
  {"state":"applied","ticket":{...}}   the server has it
  {"state":"queued","outboxId":N}       the server could not be reached: it waits in the outbox
                                        and is sent first by the next \`sync\` or write`

export const UPDATE_HELP = `Usage: npm run cli -- update ID --db FILE --api-url URL [--token T] --set FIELD=VALUE ... [--hub-url URL] [--json]

Changes the fields given, based on the cached copy's version. Just before sending, the ticket is
read again: fields someone else changed that this edit does not set are kept; if someone else
changed a field this edit sets, nothing is written, both values are printed and the exit status is 3.
${FIELDS_LINE}
${TOKEN_LINE}
${HUB_LINE}
${STATES_LINE}
`
export const CREATE_HELP = `Usage: npm run cli -- create --db FILE --api-url URL [--token T] --set subject=... --set content=... [--set FIELD=VALUE ...] [--hub-url URL] [--json]

Creates a ticket exactly once, even when the answer is lost (the outbox asks the server).
${FIELDS_LINE}
${HUB_LINE}
${STATES_LINE}
`
export const DELETE_HELP = `Usage: npm run cli -- delete ID --db FILE --api-url URL [--token T] [--hub-url URL] [--json]

Deletes a ticket (already gone counts as done).
${HUB_LINE}
${STATES_LINE}
`
export const OUTBOX_HELP = `Usage: npm run cli -- outbox --db FILE [--json]

What waits to be sent: each entry's id, kind, ticket, state (pending, sending, conflict, rejected),
attempts and last error.
`

export interface WriteArgs {
  id?: string
  db?: string
  apiUrl?: string
  hubUrl?: string
  token?: string
  set?: string[]
  json?: boolean
  allowInsecure?: boolean
}

/** `--set` pairs as an API body; '' is null. */
export function parseSets(sets: string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const pair of sets ?? []) {
    const eq = pair.indexOf('=')
    if (eq < 1) throw new UsageError(`--set takes FIELD=VALUE, got "${pair}"`)
    const field = pair.slice(0, eq)
    const raw = pair.slice(eq + 1)
    if (!(EDITABLE_FIELDS as readonly string[]).includes(field))
      throw new UsageError(`unknown field "${field}". ${FIELDS_LINE}`)
    if (raw === '') out[field] = null
    else if (NUMERIC_WRITE_FIELDS.has(field)) {
      if (!/^\d+$/.test(raw)) throw new UsageError(`${field} takes a whole number, got "${raw}"`)
      out[field] = Number(raw)
    } else out[field] = raw
  }
  return out
}

function ticketIdArg(id: string | undefined): number {
  if (!id || !/^\d+$/.test(id) || Number(id) < 1) throw new UsageError('give the ticket ID')
  return Number(id)
}

/**
 * After a write the server applied: the team hub re-reads these tickets from the vendor and
 * publishes them. Ids only: the CLI has no "who am I" to name the author.
 */
async function tellHub(args: WriteArgs, result: WriteResult, ids: number[]): Promise<void> {
  if (args.hubUrl === undefined || result.state !== 'applied' || ids.length === 0) return
  const http = new HubHttp({ baseUrl: args.hubUrl, token: () => args.token ?? null })
  try {
    await http.touched({ ids })
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    process.stderr.write(
      `warning: the team hub was not told (${reason}); it sees the change at its next read\n`,
    )
  }
}

/** Checks `--hub-url` before anything is written. */
function checkHubArg(args: WriteArgs): void {
  if (args.hubUrl !== undefined) hubUrlFromArgs(args.hubUrl, args.allowInsecure)
}

function fieldMessages(entry: OutboxEntry): string {
  const fields = entry.lastError?.fields ?? {}
  const lines = Object.entries(fields).map(([f, m]) => `  ${f}: ${m.join(' ')}`)
  return lines.length > 0 ? '\n' + lines.join('\n') : ''
}

/** Prints a write's outcome; a conflict or a rejection is taken back out of the outbox. */
function report(result: WriteResult, core: Core, json: boolean | undefined): void {
  if (result.state === 'conflict') {
    core.outbox.discard(result.outboxId)
    const lines = Object.entries(result.entry.conflict ?? {}).map(
      ([field, c]) =>
        `  ${field}: yours ${JSON.stringify(c.mine)}, theirs ${JSON.stringify(c.theirs)} (was ${JSON.stringify(c.base)})`,
    )
    if (json)
      process.stdout.write(
        JSON.stringify({ state: 'conflict', conflict: result.entry.conflict }) + '\n',
      )
    process.stderr.write(
      `conflict: someone else changed the same field(s) on the server; nothing was written\n${lines.join('\n')}\n`,
    )
    process.exitCode = 3
    return
  }
  if (result.state === 'rejected') {
    core.outbox.discard(result.outboxId)
    throw new AppError({
      code: result.entry.lastError?.code ?? 'validation',
      message: `the server refused it: ${result.entry.lastError?.message ?? ''}${fieldMessages(result.entry)}`,
    })
  }
  if (result.state === 'queued') {
    const entry = core.outbox.list().find((e) => e.id === result.outboxId)
    if (json)
      process.stdout.write(JSON.stringify({ state: 'queued', outboxId: result.outboxId }) + '\n')
    else
      process.stdout.write(
        `queued: outbox entry ${result.outboxId} waits (${entry?.lastError?.message ?? 'the server did not answer'}); \`sync\` sends it\n`,
      )
    return
  }
  const ticket: Ticket | null = result.ticket
  if (json) process.stdout.write(JSON.stringify({ state: 'applied', ticket }) + '\n')
  else process.stdout.write(`applied: ticket ${ticket?.id ?? ''} is on the server\n`)
}

export async function updateCommand(args: WriteArgs): Promise<void> {
  const id = ticketIdArg(args.id)
  const changes = parseSets(args.set)
  if (Object.keys(changes).length === 0) throw new UsageError('give at least one --set FIELD=VALUE')
  const checked = ticketUpdateSchema.safeParse(changes)
  if (!checked.success)
    throw new UsageError(`--set: ${checked.error.issues[0]?.message ?? 'invalid'}`)
  checkHubArg(args)
  const core = await openCoreForCli(args)
  try {
    // Not cached: the version to build on is the server's, read (and cached) now.
    await callCore(core, 'tickets:get', { id })
    const result = await core.outbox.update(id, checked.data as TicketUpdateInput)
    report(result, core, args.json)
    await tellHub(args, result, [id])
  } finally {
    await core.close()
  }
}

export async function createCommand(args: WriteArgs): Promise<void> {
  const body = parseSets(args.set)
  const checked = ticketWriteSchema.safeParse(body)
  if (!checked.success) {
    const issue = checked.error.issues[0]
    throw new UsageError(
      `--set ${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'invalid'} (subject and content are required)`,
    )
  }
  checkHubArg(args)
  const core = await openCoreForCli(args)
  try {
    const result = await core.outbox.create(checked.data)
    report(result, core, args.json)
    await tellHub(
      args,
      result,
      result.state === 'applied' && result.ticket ? [result.ticket.id] : [],
    )
  } finally {
    await core.close()
  }
}

export async function deleteCommand(args: WriteArgs): Promise<void> {
  const id = ticketIdArg(args.id)
  checkHubArg(args)
  const core = await openCoreForCli(args)
  try {
    const result = await core.outbox.delete(id)
    report(result, core, args.json)
    await tellHub(args, result, [id])
  } finally {
    await core.close()
  }
}

export function outboxCommand(args: Pick<WriteArgs, 'db' | 'json'>): void {
  if (!args.db) throw new UsageError('--db FILE is required')
  const store = openOutboxForCli(args.db)
  try {
    const entries = store.list().map((e) => ({
      id: e.id,
      kind: e.kind,
      ticketId: e.ticketId,
      state: e.state,
      attempts: e.attempts,
      lastError: e.lastError,
      changes: e.changes,
      conflict: e.conflict,
      createdAt: e.createdAt,
    }))
    if (args.json) {
      process.stdout.write(JSON.stringify(entries) + '\n')
      return
    }
    if (entries.length === 0) process.stdout.write('nothing waits\n')
    for (const e of entries)
      process.stdout.write(
        `${e.id}\t${e.kind}\t${e.ticketId ?? '(new)'}\t${e.state}\t${e.attempts} attempt(s)\t${e.lastError?.message ?? ''}\n`,
      )
  } finally {
    store.close()
  }
}

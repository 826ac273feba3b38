/**
 * `npm run cli -- <command>`: the headless tool for supervisors, scripts and diagnosing an agent's
 * cache. Plain Node: the same core as the app, no Electron.
 */
import { parseArgs } from 'node:util'
import { redactText } from '../shared/domain/personal-data'
import { confirmDiscard, DISCARD_FLAG, DISCARD_WORD } from '../main/core'
import { describeError, UsageError } from './cli-error'
import { discardWaitingEditsOnOpen } from './open-core-for-cli'
import {
  CATEGORIES_HELP,
  categoriesCommand,
  STATUS_HELP,
  statusCommand,
  TICKET_HELP,
  ticketCommand,
  TICKETS_HELP,
  ticketsCommand,
} from './commands/read-commands'
import { HUB_STATUS_HELP, hubStatusCommand } from './commands/hub-status-command'
import { SYNC_HELP, syncCommand } from './commands/sync-command'
import {
  CREATE_HELP,
  createCommand,
  DELETE_HELP,
  deleteCommand,
  OUTBOX_HELP,
  outboxCommand,
  UPDATE_HELP,
  updateCommand,
} from './commands/write-commands'
import { readTokenInput, TOKEN_ENV } from '../main/core'

const HELP = `Agent Console command-line tool

Usage: npm run cli -- <command> [options]   (each command has --help)

The API token: ${TOKEN_ENV}=T in the environment, or --token-stdin (first line of standard
input); --token T works too but shows the token in the process list.
National id numbers are masked in the output unless --reveal is given.
When the key file beside --db is lost or changed while edits wait, every command stops and says
how to restore it; ${DISCARD_FLAG} (then typing ${DISCARD_WORD}) sets those edits aside instead.

Commands:
  sync        send what waits in the outbox, then one complete sync (or --scope hot) of the
              ticket API into a cache file
  tickets     cached tickets as JSON, newest first, with filters
  ticket      one cached ticket as JSON
  categories  cached categories and sub-categories as JSON
  status      counts, each tier's last sync time and schema version of a cache file
  update      change fields of a ticket (exactly once; waits in the outbox when offline)
  create      create a ticket (exactly once; waits in the outbox when offline)
  delete      delete a ticket (waits in the outbox when offline)
  outbox      what waits to be sent, with each entry's state
  hub-status  the team hub's health (--hub-url URL)
`

const HELPS: Record<string, string> = {
  sync: SYNC_HELP,
  tickets: TICKETS_HELP,
  ticket: TICKET_HELP,
  categories: CATEGORIES_HELP,
  status: STATUS_HELP,
  update: UPDATE_HELP,
  create: CREATE_HELP,
  delete: DELETE_HELP,
  outbox: OUTBOX_HELP,
  'hub-status': HUB_STATUS_HELP,
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'api-url': { type: 'string' },
      'hub-url': { type: 'string' },
      token: { type: 'string' },
      'token-stdin': { type: 'boolean' },
      reveal: { type: 'boolean' },
      'allow-insecure': { type: 'boolean' },
      db: { type: 'string' },
      json: { type: 'boolean' },
      search: { type: 'string' },
      status: { type: 'string' },
      handler: { type: 'string' },
      contact: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      scope: { type: 'string' },
      set: { type: 'string', multiple: true },
      'discard-waiting-edits': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [command, ...rest] = positionals
  if (!command) {
    process.stdout.write(HELP)
    if (!values.help) process.exitCode = 2
    return
  }
  const help = HELPS[command]
  if (!help) throw new UsageError(`unknown command "${command}" (try --help)`)
  if (values.help) {
    process.stdout.write(help)
    return
  }
  if (values['discard-waiting-edits']) {
    if (values['token-stdin'])
      throw new UsageError(
        `${DISCARD_FLAG} reads its confirmation from standard input: give the token in ${TOKEN_ENV}`,
      )
    await confirmDiscard()
    discardWaitingEditsOnOpen()
  }
  const args = {
    ...values,
    apiUrl: values['api-url'],
    hubUrl: values['hub-url'],
    allowInsecure: values['allow-insecure'],
  }
  /** The token for a command that talks to a server (read only then: stdin may be the token). */
  const token = async (): Promise<string | undefined> => {
    const choice = await readTokenInput({ flag: values.token, fromStdin: values['token-stdin'] })
    if (choice.warning) process.stderr.write(`warning: ${choice.warning}\n`)
    return choice.token
  }
  switch (command) {
    case 'sync':
      return syncCommand({ ...args, token: await token() })
    case 'tickets':
      return ticketsCommand(args)
    case 'ticket':
      return ticketCommand({ id: rest[0], db: values.db, reveal: values.reveal })
    case 'categories':
      return categoriesCommand(args)
    case 'status':
      return statusCommand(args)
    case 'update':
    case 'create':
    case 'delete': {
      const writeArgs = { ...args, token: await token(), id: rest[0] }
      if (command === 'update') return updateCommand(writeArgs)
      if (command === 'create') return createCommand(writeArgs)
      return deleteCommand(writeArgs)
    }
    case 'outbox':
      return outboxCommand(args)
    case 'hub-status':
      return hubStatusCommand({ ...args, token: await token() })
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  const { line, exitCode } = describeError(error)
  // A server's message (a 422 quoting a field, say) may carry an id number or a token.
  process.stderr.write(redactText(line) + '\n')
  process.exitCode = exitCode
})

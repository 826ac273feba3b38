/**
 * `export`: the cached tickets `tickets` would list (the same filters and order) written to a CSV
 * or XLSX file by the core's export, the file the app's Export button writes.
 */
import { resolve } from 'node:path'
import {
  EXPORT_COLUMNS,
  EXPORT_FORMATS,
  QUEUE_EXPORT_COLUMNS,
  type ExportColumn,
  type ExportFormat,
} from '../../shared/contract/export-contract'
import { LANGUAGES, type Language } from '../../shared/contract/choices'
import { withInterrupt } from '../interrupt'
import { UsageError } from '../cli-error'
import { openCoreForReads, withCore } from '../open-core-for-cli'
import {
  CLI_QUERY_CONTEXT,
  CLI_TICKET_SORT,
  filtersFromArgs,
  int,
  reportAge,
  type FilterArgs,
} from './read-commands'
import { cacheExportSource, createStderrLogger, exportTickets } from '../../main/core'

/** Exit status when the export was interrupted (Ctrl+C): the shell's own for SIGINT. */
export const INTERRUPTED_EXIT = 130

export const EXPORT_HELP = `Usage: npm run cli -- export --db FILE --format csv|xlsx --out FILE [--search TEXT] [--status 0,1] [--handler ID] [--contact ID] [--limit N] [--offset N] [--columns A,B] [--lang zh-TW|en] [--reveal] [--json]

Writes the cached tickets that \`tickets\` lists (the same filters, newest first) to a CSV file
(UTF-8 with a byte order mark, for Excel) or an XLSX workbook. The file appears only when
complete (written as FILE.part, then renamed); Ctrl+C stops it, leaves no file and exits 130.
  --columns  comma-separated, in this order (default: the queue's columns):
             ${EXPORT_COLUMNS.join(', ')}
  --lang     headers and labels (status, priority) in this language (default zh-TW)
  --reveal   national id numbers in full (masked A123****89 otherwise, also where typed into
             subject, content or memo); said on stderr
  --json     prints {"rows":N,"out":"FILE","format":"csv"} when done
The filters, --limit (default: every ticket) and --offset are those of \`tickets\`.
stderr says how old the cache is; a cache that never completed a sync exits with code 3.
`

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  name: string,
): T {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`${name} takes one of ${allowed.join(', ')}`)
}

function columnsFrom(value: string | undefined): ExportColumn[] {
  if (value === undefined) return [...QUEUE_EXPORT_COLUMNS]
  const columns = value.split(',').map((c) => oneOf(c.trim(), EXPORT_COLUMNS, '--columns'))
  if (new Set(columns).size !== columns.length)
    throw new UsageError('--columns names each column at most once')
  return columns
}

export async function exportCommand(
  args: FilterArgs & {
    db?: string
    format?: string
    out?: string
    columns?: string
    lang?: string
    limit?: string
    offset?: string
    reveal?: boolean
    json?: boolean
  },
): Promise<void> {
  const format: ExportFormat = oneOf(args.format, EXPORT_FORMATS, '--format')
  if (!args.out) throw new UsageError('--out FILE is required')
  const out = resolve(args.out)
  const language: Language =
    args.lang === undefined ? 'zh-TW' : oneOf(args.lang, LANGUAGES, '--lang')
  const columns = columnsFrom(args.columns)
  const filters = filtersFromArgs(args)
  const offset = int(args.offset, '--offset', 0, Number.MAX_SAFE_INTEGER)
  const limit =
    args.limit === undefined ? undefined : int(args.limit, '--limit', 0, Number.MAX_SAFE_INTEGER)
  const core = await openCoreForReads(args.db)
  await withInterrupt((interrupted) =>
    withCore(core, async ({ synced: cache }) => {
      if (!reportAge(cache)) return // said above; the exit code says it too
      const source = cacheExportSource(
        cache,
        { view: 'all', filters, sort: CLI_TICKET_SORT },
        CLI_QUERY_CONTEXT,
      )
      const outcome = await exportTickets(
        source,
        {
          format,
          columns,
          includeNationalIds: args.reveal ?? false,
          language,
          offset,
          ...(limit !== undefined ? { limit } : {}),
        },
        out,
        { signal: interrupted, logger: createStderrLogger('warn') },
      )
      if (outcome.state === 'cancelled') {
        process.stderr.write(`interrupted after ${outcome.rows} rows: no file written\n`)
        process.exitCode = INTERRUPTED_EXIT
        return
      }
      process.stderr.write(`wrote ${outcome.rows} tickets to ${out}\n`)
      if (args.json)
        process.stdout.write(JSON.stringify({ rows: outcome.rows, out, format }) + '\n')
    }),
  )
}

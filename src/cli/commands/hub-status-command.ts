/** `hub-status --hub-url URL`: the team hub's health (GET /hub/v1/health) as JSON. */
import { assertSecureAddress } from '../../main/core'
import { healthSchema, hubErrorBodySchema, HUB_PREFIX } from '../../shared/hub/protocol'
import { UsageError } from '../cli-error'

export const HUB_STATUS_HELP = `Usage: npm run cli -- hub-status --hub-url URL [--allow-insecure]

Prints the team hub's health as JSON: whether it reaches the vendor, each tier's last sync
(server time), desktops connected, the feed's head cursor, its epoch and oldest kept seq.
The hub checks the token with the vendor: AGENT_CONSOLE_TOKEN or --token-stdin.
Exit status: 0 when the hub answered, 1 when it could not be reached or refused.
`

const TIMEOUT_MS = 10_000

export async function hubStatusCommand(args: {
  hubUrl?: string | undefined
  token?: string | undefined
  allowInsecure?: boolean | undefined
}): Promise<void> {
  if (!args.hubUrl)
    throw new UsageError('--hub-url is required (the team hub, e.g. http://127.0.0.1:8090)')
  if (!args.token)
    throw new UsageError(
      'the hub needs your vendor token: set AGENT_CONSOLE_TOKEN or use --token-stdin',
    )
  assertSecureAddress(args.hubUrl, args.allowInsecure ?? false)
  const base = args.hubUrl.replace(/\/+$/, '')
  let res: Response
  try {
    res = await fetch(`${base}${HUB_PREFIX}/health`, {
      headers: { authorization: `Bearer ${args.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (error) {
    throw new Error(
      `the team hub at ${base} cannot be reached (${error instanceof Error ? error.message : String(error)})`,
    )
  }
  const body: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const parsed = hubErrorBodySchema.safeParse(body)
    const detail = parsed.success
      ? `${parsed.data.error.code}: ${parsed.data.error.message}`
      : `HTTP ${res.status}`
    throw new Error(`the team hub refused: ${detail}`)
  }
  const health = healthSchema.safeParse(body)
  if (!health.success) throw new Error(`${base} answered, but not as a team hub (protocol v1)`)
  process.stdout.write(JSON.stringify(health.data, null, 2) + '\n')
}

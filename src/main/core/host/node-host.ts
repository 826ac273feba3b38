/**
 * What a long-running Node host does around its work, in one place: for the browser host and the
 * team hub, a usage error said plainly with exit status 2, the port and the addresses the token
 * will travel to checked before anything starts, the token read from the environment or standard
 * input; for them and the sandbox, a clean stop on Ctrl+C or SIGTERM.
 */
import { assertSecureAddress } from '../api/normalize-base'
import type { Logger } from '../logger'
import { readTokenInput } from '../settings/token-input'

/** A mistake in how the host was started: said on stderr, exit status 2, nothing started. */
export function failUsage(message: string): never {
  process.stderr.write(`error: ${message}\n`)
  process.exit(2)
}

/** `--port`: 0 (a free port) when absent; anything but a whole number from 0 to 65535 fails. */
export function parsePort(text: string | undefined): number {
  const port = text === undefined ? 0 : Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) failUsage('--port must be 0 to 65535')
  return port
}

/**
 * Every address the host will send the token to: https, or http to this computer, unless
 * `--allow-insecure` (the token would cross the network in clear text).
 */
export function checkTokenAddresses(
  addresses: readonly (string | undefined)[],
  allowInsecure: boolean,
): void {
  for (const address of addresses) {
    if (address === undefined) continue
    try {
      assertSecureAddress(address, allowInsecure)
    } catch (error) {
      failUsage(describe(error))
    }
  }
}

/**
 * The token from `--token` (warned: the process list shows it), `--token-stdin` or the
 * environment; `required` fails with its text when there is none.
 */
export async function readHostToken(input: {
  flag?: string | undefined
  fromStdin?: boolean | undefined
  logger: Logger
  required?: string
}): Promise<string | undefined> {
  const choice = await readTokenInput({ flag: input.flag, fromStdin: input.fromStdin })
  if (choice.warning) input.logger.warn(choice.warning)
  if (!choice.token && input.required) failUsage(input.required)
  return choice.token
}

/**
 * Runs `stop` on the first SIGINT or SIGTERM, then exits (0, or 1 when stopping failed). Signals
 * that arrive while it stops are ignored, not left to their default action, which would end the
 * process halfway through closing its cache: one Ctrl+C often arrives more than once (the terminal
 * signals the whole process group, and npm passes it on to its script).
 */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false
  const onSignal = (): void => {
    if (stopping) return
    stopping = true
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error: ${describe(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}

/** Runs a host's start-up; a failure is one line on stderr and exit status 1. */
export function runHost(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`error: ${describe(error)}\n`)
    process.exit(1)
  })
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Where the Node hosts (CLI, browser host) take the API token from: `--token` (visible to every
 * user in the process list, so it earns a warning), `--token-stdin` (the first line of standard
 * input), or the AGENT_CONSOLE_TOKEN environment variable.
 */
export const TOKEN_ENV = 'AGENT_CONSOLE_TOKEN'

export interface TokenInput {
  /** The --token flag's value. */
  flag?: string | undefined
  /** --token-stdin was given. */
  fromStdin?: boolean | undefined
  env?: NodeJS.ProcessEnv
  stdin?: NodeJS.ReadableStream
}

export interface TokenChoice {
  token: string | undefined
  source: 'flag' | 'stdin' | 'env' | 'none'
  /** Said on stderr by the caller when the token came in a way others can see. */
  warning?: string
}

async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = ''
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8')
    if (text.includes('\n') || text.length > 8192) break
  }
  return (text.split(/\r?\n/)[0] ?? '').trim()
}

/** The token to use, and where it came from. */
export async function readTokenInput(input: TokenInput): Promise<TokenChoice> {
  if (input.flag !== undefined) {
    return {
      token: input.flag,
      source: 'flag',
      warning: `--token is visible to other users in the process list; prefer ${TOKEN_ENV} or --token-stdin`,
    }
  }
  if (input.fromStdin) {
    const token = await firstLine(input.stdin ?? process.stdin)
    return { token: token || undefined, source: 'stdin' }
  }
  const fromEnv = (input.env ?? process.env)[TOKEN_ENV]
  if (fromEnv) return { token: fromEnv, source: 'env' }
  return { token: undefined, source: 'none' }
}

/** Types of scripts/setup.mjs's exports, for the tests. */
export function createNpmFilter(): { line(text: string): string | null; summary(): string[] }
export function progressNote(elapsedMs: number): string
export function installIfNeeded(): Promise<void>
export function ensureChromium(): boolean
export function runQuietly(
  command: string,
  args: string[],
  options?: {
    env?: NodeJS.ProcessEnv
    quietMs?: number
    print?: (text: string, stream: 'stdout' | 'stderr') => void
  },
): Promise<number>

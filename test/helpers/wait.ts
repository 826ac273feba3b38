/**
 * Waiting on a condition, never on a fixed time: polls `check` until it gives a value other than
 * undefined, null or false, returns that value, and names what it waited for when it gives up.
 */
export interface WaitOptions {
  /** How long before giving up (real time). */
  timeoutMs?: number
  /** How often to look: short for in-process state, longer for a check that makes a request. */
  intervalMs?: number
}

export async function waitFor<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  options: WaitOptions | number = {},
): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 10 } =
    typeof options === 'number' ? { timeoutMs: options } : options
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== null && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

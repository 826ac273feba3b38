/**
 * Runs `run` at the browser's next idle moment, and at the latest after `timeoutMs`: for work the
 * screen on the glass does not need, so it does not hold that screen's frame or the agent's next
 * key press. Where there is no idle callback (a test's DOM) it runs after a short timer.
 */
export function whenIdle(run: () => void, timeoutMs: number): void {
  if (typeof window.requestIdleCallback === 'function') {
    window.requestIdleCallback(() => run(), { timeout: timeoutMs })
  } else window.setTimeout(run, Math.min(timeoutMs, 50))
}

/**
 * Work the screen on the glass does not need, put after it: so it holds neither that screen's
 * frame nor the agent's next key press.
 */

/** Runs `run` once the next frame is painted (after a short timer where there are no frames). */
export function afterNextPaint(run: () => void): () => void {
  if (typeof requestAnimationFrame !== 'function') {
    const timer = setTimeout(run, 0)
    return () => clearTimeout(timer)
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  // A task queued from a frame's callback runs once that frame is painted.
  const frame = requestAnimationFrame(() => (timer = setTimeout(run, 0)))
  return () => {
    cancelAnimationFrame(frame)
    clearTimeout(timer)
  }
}

/** Resolves once the next frame is painted. */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => void afterNextPaint(resolve))
}

/**
 * Runs `run` at the browser's next idle moment, and at the latest after `timeoutMs`. Where there
 * is no idle callback (a test's DOM) it runs at that latest moment.
 */
export function whenIdle(run: () => void, timeoutMs: number): void {
  if (typeof window.requestIdleCallback === 'function') {
    window.requestIdleCallback(() => run(), { timeout: timeoutMs })
  } else window.setTimeout(run, timeoutMs)
}

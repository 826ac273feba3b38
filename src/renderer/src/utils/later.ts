/**
 * Work the screen on the glass does not need, put after it: so it holds neither that screen's
 * frame nor the agent's next key press.
 */

/** A hidden window paints no frames: past this, what waits for the next paint goes anyway. */
const NO_FRAME_MS = 500

/**
 * Runs `run` once, when the next frame is painted, or after NO_FRAME_MS where no frame comes (a
 * window started hidden or minimised, a test's DOM). Returns a function that cancels it.
 */
export function afterNextPaint(run: () => void): () => void {
  let done = false
  const once = (): void => {
    if (done) return
    done = true
    cancel()
    run()
  }
  // A frame's callbacks run before it paints; a task queued from one runs once that frame is
  // painted. Not a second frame's callback: asking for that frame makes the browser start it as
  // soon as it may, often before the tasks the first frame queued (the agent's next page, a
  // timer), which then wait for this work and that frame's layout too.
  let task: ReturnType<typeof setTimeout> | undefined
  let frame =
    typeof requestAnimationFrame === 'function'
      ? requestAnimationFrame(() => {
          frame = 0
          task = setTimeout(once, 0)
        })
      : 0
  const guard = setTimeout(once, typeof requestAnimationFrame === 'function' ? NO_FRAME_MS : 0)
  function cancel(): void {
    if (frame) cancelAnimationFrame(frame)
    clearTimeout(task)
    clearTimeout(guard)
  }
  return () => {
    done = true
    cancel()
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

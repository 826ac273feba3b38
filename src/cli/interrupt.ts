/**
 * Ctrl+C for a command that stops as it documents (a sync cancels, an export removes its part):
 * `work` is given a signal that aborts on the first SIGINT. Every later one is ignored until the
 * process ends, not left to its default action, which would end the command halfway through
 * stopping: one Ctrl+C often arrives twice (the terminal signals the process group, npm passes
 * it on). Without a Ctrl+C, the handler goes when `work` ends, so a later step can still be
 * interrupted.
 */
export async function withInterrupt<T>(work: (interrupted: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  process.on('SIGINT', onSignal)
  try {
    return await work(controller.signal)
  } finally {
    if (!controller.signal.aborted) process.off('SIGINT', onSignal)
  }
}

/**
 * Ctrl+C for a command that stops as it documents (a sync cancels, an export removes its part):
 * `stop` runs on the first SIGINT while `work` runs. Every later one is ignored until the process
 * ends, not left to its default action, which would end the command halfway through stopping:
 * one Ctrl+C often arrives twice (the terminal signals the process group, npm passes it on).
 * Without a Ctrl+C, the handler goes when `work` ends, so a later step can still be interrupted.
 */
export async function withInterrupt<T>(stop: () => void, work: () => Promise<T>): Promise<T> {
  let interrupted = false
  const onSignal = (): void => {
    if (interrupted) return
    interrupted = true
    stop()
  }
  process.on('SIGINT', onSignal)
  try {
    return await work()
  } finally {
    if (!interrupted) process.off('SIGINT', onSignal)
  }
}

/**
 * The sandbox in its own process for the benchmark, so its work (generating and serializing
 * 100,000 tickets) never shows up in the sync's event-loop measurements. Started with an IPC
 * channel: it reports its URL there and stops when the parent goes away, however it ends.
 */
import { startSandbox } from '../../src/sandbox/server'

const arg = (name: string): number | undefined => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : undefined
}

const sandbox = await startSandbox({
  port: 0,
  tickets: arg('--tickets') ?? 100_000,
  seed: arg('--seed') ?? 1,
  perPageCap: arg('--per-page-cap') ?? 100,
  ...(arg('--open-share') !== undefined ? { openShare: arg('--open-share') } : {}),
})
process.send?.({ url: sandbox.url })
process.on('disconnect', () => {
  void sandbox.close().finally(() => process.exit(0))
})

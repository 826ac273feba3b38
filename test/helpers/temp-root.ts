/**
 * Global setup: every test run's temporary files in one folder of its own, removed when the run
 * ends. The tests make hundreds of data folders (caches, hubs' stores, browser profiles) and not
 * each removes its own; the processes they start inherit the folder through the environment.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function setup(): () => void {
  // Each project runs its global setup: the first one's folder serves the whole run.
  if (process.env.AC_TEST_TEMP) return () => undefined
  const root = mkdtempSync(join(tmpdir(), 'agent-console-tests-'))
  process.env.AC_TEST_TEMP = root
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = root
  return () => rmSync(root, { recursive: true, force: true })
}

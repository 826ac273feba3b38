/** `npx tsx bench/cache/protection-run.ts [--tickets N] [--json]`: the protection benchmark alone. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { printProtection, runProtectionBench } from './protection-bench'

const i = process.argv.indexOf('--tickets')
const tickets = Number(i >= 0 ? process.argv[i + 1] : 100_000)
const dir = mkdtempSync(join(tmpdir(), 'protection-bench-'))
try {
  const report = await runProtectionBench(dir, tickets, (line) => process.stderr.write(line + '\n'))
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(report, null, 2) + '\n')
  else process.stdout.write(printProtection(report).join('\n') + '\n')
} finally {
  rmSync(dir, { recursive: true, force: true })
}

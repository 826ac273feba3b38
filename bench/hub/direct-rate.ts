/**
 * "Every desktop direct": one desktop's vendor traffic an hour, times the number of desktops
 * (each desktop's tiers read the same floor on their own, so the team's load is N times one
 * desktop's). One desktop is measured by `npm run bench:load` (simulated 25 hours, 100,000
 * tickets, 5% open, another agent changing tickets): pass its `--json` output with
 * `--direct-json FILE`, or the bench uses the run recorded in the README (2026-12-01).
 */
import { readFileSync } from 'node:fs'

export interface DirectRate {
  source: string
  requestsPerHour: number
  bytesPerHourGzip: number
  requestsPerHourByKind: Record<string, number>
}

const RECORDED: DirectRate = {
  source: 'npm run bench:load, 2026-12-01 (README "bench:load")',
  requestsPerHour: 975,
  bytesPerHourGzip: 22_500_000,
  requestsPerHourByKind: {
    'hot tier: open tickets': 618,
    'hot tier: closed in the last 7 days': 118.2,
    'mine pages': 149.1,
    'daily sweep pages (and pages read again)': 40.7,
    're-reads by id (hot, sweep, mine)': 43.4,
    'lookups, hourly': 5,
  },
}

export function directRate(file: string | undefined): DirectRate {
  if (!file) return RECORDED
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  const result = (json.result ?? json) as Partial<DirectRate>
  if (typeof result.requestsPerHour !== 'number' || !result.requestsPerHourByKind) {
    throw new Error(`${file}: not the --json output of npm run bench:load`)
  }
  return {
    source: file,
    requestsPerHour: result.requestsPerHour,
    bytesPerHourGzip: result.bytesPerHourGzip ?? 0,
    requestsPerHourByKind: result.requestsPerHourByKind,
  }
}

/** How loaded the machine is while a benchmark runs, beside each of its phases. */
import Database from 'better-sqlite3'
import { round, timed } from './stats'

/** Tiny rows into memory run at ~1.2M rows/s on an idle machine (docs/measurements.md, "Writes"). */
export const IDLE_TINY_ROWS_PER_SEC = 1_200_000

export interface LoadSample {
  phase: string
  loadAverage: number
  tinyRowsPerSec: number
  /** How many times slower than idle the machine ran this calibration (1 = idle). */
  slowdown: number
}

/** How loaded the machine is right now: the load average and a short calibration run. */
export async function sampleLoad(phase: string): Promise<LoadSample> {
  const { loadavg } = await import('node:os')
  const db = new Database(':memory:')
  db.exec('CREATE TABLE t (a INTEGER, b TEXT)')
  const insert = db.prepare('INSERT INTO t VALUES (?, ?)')
  const rows = 200_000
  const { ms } = timed(() =>
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(i, 'x')
    })(),
  )
  db.close()
  const tinyRowsPerSec = Math.round((rows / ms) * 1000)
  return {
    phase,
    loadAverage: round(loadavg()[0] ?? 0),
    tinyRowsPerSec,
    slowdown: round(IDLE_TINY_ROWS_PER_SEC / tinyRowsPerSec),
  }
}

/**
 * `npx tsx bench/cache/cipher-pages.ts`: what each page scheme of SQLite3 Multiple Ciphers costs
 * per 4 KB page, written and read, against a plain file (docs/measurements.md, "Encryption at
 * rest"). 6,000 one-row pages written in one transaction with no journal (each page encrypted
 * once), then read back through a 50-page cache (each page decrypted once); every scheme in turn,
 * seven rounds, medians. About 20 seconds. It reports; it never passes or fails.
 */
import Database from 'better-sqlite3-multiple-ciphers'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'

const PAGES = 6000
const ROUNDS = 7
const KEY = randomBytes(32)
/** `aegis-*` is the `aegis` scheme with that algorithm. */
const SCHEMES = [
  'plain',
  'aes256cbc',
  'aes128cbc',
  'sqlcipher',
  'chacha20',
  'ascon128',
  'aegis-256',
  'aegis-256x2',
  'aegis-128l',
]

function open(path: string, scheme: string): Database.Database {
  const db = new Database(path)
  if (scheme !== 'plain') {
    db.pragma(`cipher = '${scheme.startsWith('aegis') ? 'aegis' : scheme}'`)
    if (scheme.startsWith('aegis')) db.pragma(`algorithm = '${scheme}'`)
    db.pragma(`key = "x'${KEY.toString('hex')}'"`)
  }
  return db
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const dir = mkdtempSync(join(tmpdir(), 'cipher-pages-'))
const row = randomBytes(3800) // one row per page
const samples = new Map(SCHEMES.map((s) => [s, { write: [] as number[], read: [] as number[] }]))
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const scheme of SCHEMES) {
      const path = join(dir, `${scheme}-${round}.sqlite`)
      const db = open(path, scheme)
      db.pragma('journal_mode = OFF')
      db.pragma('synchronous = OFF')
      db.pragma('cache_size = -64000')
      db.exec('CREATE TABLE t (b BLOB)')
      const insert = db.prepare('INSERT INTO t VALUES (?)')
      let start = performance.now()
      db.transaction(() => {
        for (let i = 0; i < PAGES; i++) insert.run(row)
      })()
      samples.get(scheme)!.write.push(((performance.now() - start) * 1000) / PAGES)
      db.close()
      const reader = open(path, scheme)
      reader.pragma('cache_size = 50')
      const scan = reader.prepare('SELECT max(substr(b, 3700, 4)) FROM t')
      start = performance.now()
      scan.get()
      samples.get(scheme)!.read.push(((performance.now() - start) * 1000) / PAGES)
      reader.close()
      rmSync(path, { force: true })
    }
  }
  const base = samples.get('plain')!
  const [w0, r0] = [median(base.write), median(base.read)]
  process.stdout.write(
    `µs per 4 KB page, median of ${ROUNDS} rounds of ${PAGES} pages (load average ${loadavg()[0]!.toFixed(2)}):\n`,
  )
  for (const scheme of SCHEMES) {
    const { write, read } = samples.get(scheme)!
    const [w, r] = [median(write), median(read)]
    process.stdout.write(
      `  ${scheme.padEnd(12)} write ${w.toFixed(1)} (+${(w - w0).toFixed(1)})  read ${r.toFixed(1)} (+${(r - r0).toFixed(1)})\n`,
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

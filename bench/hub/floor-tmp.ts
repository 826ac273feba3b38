import { readFileSync, rmSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { openDatabase } from '../../src/main/core/db/open-database'
import { openCache } from '../../src/main/core/db/cache'
import { storedSearchDoc } from '../../src/main/core/db/search-index'
import { searchTokens, wordTokens, identityToken } from '../../src/main/core/db/search-text'
const src = process.argv[2]!
const key = Buffer.from(readFileSync(src + '.key', 'utf8').trim(), 'hex')
const a = openDatabase(src, { key, readonly: true })
const dest = '/tmp/p18-floor/c.sqlite'
rmSync(dest, { force: true }); rmSync(dest + '.key', { force: true }); rmSync(dest + '-wal', { force: true })
const { cache } = openCache(dest, { key: Buffer.alloc(32, 7) } as never)
const db = (cache as unknown as { db: import('../../src/main/core/db/open-database').Db }).db
const bulk = cache.beginBulk()
const tables = ['snapshots', 'employees', 'tickets', 'ticket_json', 'contacts', 'interactions']
const rows: Record<string, unknown[][]> = {}
for (const t of tables) rows[t] = a.prepare(`SELECT * FROM ${t}`).raw().all() as unknown[][]
const cols: Record<string, number> = {}
for (const t of tables) cols[t] = (a.prepare(`SELECT * FROM ${t} LIMIT 1`).columns()).length
console.log(Object.fromEntries(tables.map((t) => [t, rows[t]!.length])))
// tokens precomputed (what the hub would ship)
const tok: unknown[][] = []
const t0 = performance.now()
for (const [id, , json] of rows['ticket_json']! as [number, string, string][]) {
  void json
}
for (const r of rows['ticket_json']!) {
  const id = r[0] as number; const json = r[r.length - 1] as string
  const doc = storedSearchDoc(a, typeof json === 'string' ? json : String(r[2]), id)
  tok.push([id, searchTokens(doc.subject), searchTokens(doc.content), searchTokens(doc.contactName), wordTokens(doc.subject, doc.content), identityToken(null)])
}
console.log('tokens (hub side) ms', Math.round(performance.now() - t0))
const c0 = process.cpuUsage()
const w0 = performance.now()
const CH = Number(process.argv[3] ?? 2000)
for (const t of tables) {
  const st = db.prepare(`INSERT OR REPLACE INTO ${t} VALUES (${Array(cols[t]).fill('?').join(',')})`)
  const all = rows[t]!
  const s0 = performance.now()
  for (let i = 0; i < all.length; i += CH) db.transaction(() => { for (const r of all.slice(i, i + CH)) st.run(r) })()
  console.log(t, Math.round(performance.now() - s0), 'ms')
}
const mode = process.argv[4] ?? ''
if (mode.includes('h')) db.prepare("INSERT INTO ticket_search(ticket_search, rank) VALUES('hashsize', ?)").run(Number(process.argv[5] ?? 64e6))
if (mode.includes('a')) db.prepare("INSERT INTO ticket_search(ticket_search, rank) VALUES('automerge', 0)").run()
const f0 = performance.now()
const fst = db.prepare('INSERT INTO ticket_search (rowid, subject, content, contact, words, ident) VALUES (?,?,?,?,?,?)')
for (let i = 0; i < tok.length; i += CH) db.transaction(() => { for (const r of tok.slice(i, i + CH)) fst.run(r) })()
console.log('fts', Math.round(performance.now() - f0), 'ms')
const o0 = performance.now()
if (mode.includes('o')) db.prepare("INSERT INTO ticket_search(ticket_search) VALUES('optimize')").run()
if (mode.includes('a')) db.prepare("INSERT INTO ticket_search(ticket_search, rank) VALUES('automerge', 4)").run()
console.log('fts after', Math.round(performance.now() - o0), 'ms')
bulk.finish()
const i0 = performance.now()
while (cache.maintenanceStep()) {}
console.log('indexes', Math.round(performance.now() - i0), 'ms')
const cu = process.cpuUsage(c0)
console.log('total wall', Math.round(performance.now() - w0), 'cpu', Math.round((cu.user + cu.system) / 1000))

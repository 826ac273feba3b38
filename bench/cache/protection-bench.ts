/**
 * What protecting the national ids at rest costs, side by side in one run:
 * - plain: the cache as it was, no encryption;
 * - encrypted: the whole file encrypted, as the app does it (open-database.ts's CIPHER: AEGIS-256),
 *   and with the scheme before it (PREVIOUS_CIPHER: AES-256-CBC); on request (--ciphers) the
 *   library's other schemes (SQLCipher 4's AES-256-CBC + HMAC-SHA512, ChaCha20-Poly1305);
 * - sealed fields: the alternative not taken: every `identity_no` in a ticket sealed with
 *   AES-256-GCM plus an HMAC-SHA-256 of the contact's for exact-match search, into a plain file.
 * Ingest is the first sync's write pattern (bulk mode, a page per call, checkpoint steps); queue
 * pages and search are measured on the plain and the app's encrypted cache, alternately. Ingest
 * reports wall time (every call) and the CPU time of those calls: on a shared machine the second
 * moves much less with the load.
 * Alone: `npm run bench -- --only protection [--tickets N]`; BENCH_NATIVE_BINDING=FILE runs every
 * variant on another build of better-sqlite3-multiple-ciphers.
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto'
import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import { NATIONAL_ID_FIELDS } from '../../src/shared/domain/personal-data'
import { BENCH_NOW, bulkResult, finishBulk, ticketPages, type BulkResult } from './ingest'
import { sampleLoad, type LoadSample } from './load-sample'
import { benchQueue, searchWorkload } from './reads'
import { round, summarize, timed, timedCpu, type CpuMeter, type Summary } from './stats'
import {
  CIPHER,
  openCache,
  PREVIOUS_CIPHER,
  type Cipher,
  type TicketCache,
} from '../../src/main/core'

type Variant = 'plain' | Cipher | 'sealed-fields'

interface ReadResult {
  variant: Variant
  all: Summary
  /** p50 and p95 against the plain file's. */
  ratioToPlain: { p50: number; p95: number }
  /** Searches only: each one's CPU time (less sensitive to a shared machine), and its ratios. */
  cpu?: Summary
  cpuRatioToPlain?: { p50: number; p95: number }
}

/** Rounds of reads, the plain and the app's encrypted cache alternately: the load drifts. */
const READ_ROUNDS = 4

export interface ProtectionBenchReport {
  tickets: number
  appCipher: Cipher
  load: LoadSample[]
  ingest: {
    variant: Variant
    result: BulkResult
    /** Database time (wall) against the plain file's. */
    ratioToPlain: number
    /** CPU time of the same calls against the plain file's. */
    cpuRatioToPlain: number
    fileBytes: number
  }[]
  /** The sealed-fields variant: the crypto alone, over every ticket, and what it sealed. */
  sealing: { ms: number; perTicketUs: number; fields: number }
  queue: ReadResult[]
  search: ReadResult[]
  reopen: { variant: Variant; ms: Summary }[]
}

const KEY = randomBytes(32)
const SEAL_KEY = randomBytes(32)
const HMAC_KEY = randomBytes(32)

function seal(text: string): string {
  const iv = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', SEAL_KEY, iv)
  const body = Buffer.concat([c.update(text, 'utf8'), c.final()])
  return 'sealed:' + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')
}

/** Every national id in the ticket (contact, each embedded employee) sealed; counts them. */
function sealTicket(ticket: Ticket, counter: { fields: number }): Ticket {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk)
    if (value === null || typeof value !== 'object') return value
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (NATIONAL_ID_FIELDS.has(k) && typeof v === 'string' && v !== '') {
        out[k] = seal(v)
        counter.fields += 1
      } else out[k] = walk(v)
    }
    return out
  }
  const sealed = walk(ticket) as Ticket & { identity_key?: string }
  const id = ticket.contact?.identity_no
  // The keyed hash the exact-match search would look up (a column of its own in the real thing).
  if (id) sealed.identity_key = createHmac('sha256', HMAC_KEY).update(id).digest('base64')
  return sealed
}

/** Each search's wall and CPU time. */
function searchAll(cache: TicketCache, terms: string[]): { ms: number; cpuMs: number }[] {
  const ctx = { meId: null, now: BENCH_NOW }
  return terms.map((term) => {
    const cpu: CpuMeter = { ms: 0 }
    const { ms } = timedCpu(cpu, () =>
      cache.queryTickets(
        {
          filters: { search: term },
          sort: { column: 'updated_at', direction: 'desc' },
          limit: 50,
        },
        ctx,
      ),
    )
    return { ms, cpuMs: cpu.ms }
  })
}

function fileBytes(path: string): number {
  return ['', '-wal'].reduce((n, s) => {
    try {
      return n + statSync(path + s).size
    } catch {
      return n
    }
  }, 0)
}

export async function runProtectionBench(
  dir: string,
  tickets: number,
  log: (line: string) => void,
  options: { ciphers?: Cipher[] } = {},
): Promise<ProtectionBenchReport> {
  const ciphers = options.ciphers ?? [CIPHER, PREVIOUS_CIPHER]
  const path = (v: Variant): string => join(dir, `protection-${v}.sqlite`)
  // Another build of the library (e.g. one with AES-NI) for every variant alike, when given.
  const native = process.env['BENCH_NATIVE_BINDING']
  const open = (v: Variant): TicketCache =>
    openCache(path(v), {
      ...(native ? { nativeBinding: native } : {}),
      ...(v === 'plain' || v === 'sealed-fields' ? {} : { key: KEY, cipher: v }),
    }).cache
  const load: LoadSample[] = []
  const sealing = { ms: 0, perTicketUs: 0, fields: 0 }
  const variants: Variant[] = ['plain', ...ciphers, 'sealed-fields']
  for (const v of variants)
    for (const s of ['', '-wal', '-shm', '.key']) rmSync(path(v) + s, { force: true })
  // Interleaved, page by page, each variant first in turn: on a shared machine whose load drifts
  // over minutes, every variant sees the same drift.
  load.push(await sampleLoad('ingest'))
  log(`protection: ingest ${tickets} tickets into ${variants.join(', ')}, interleaved...`)
  const writers = variants.map((v) => ({
    v,
    cache: open(v),
    pages: [] as number[],
    steps: [] as number[],
    cpu: { ms: 0 } as CpuMeter,
  }))
  const bulks = new Map(writers.map((w) => [w, w.cache.beginBulk()]))
  const counter = { fields: 0 }
  let rows = 0
  let n = 0
  for (const page of ticketPages(tickets)) {
    for (let k = 0; k < writers.length; k++) {
      const w = writers[(n + k) % writers.length]!
      let data = page
      let extra = 0
      if (w.v === 'sealed-fields') {
        const sealed = timed(() => page.map((t) => sealTicket(t, counter)))
        data = sealed.value
        extra = sealed.ms
        sealing.ms += sealed.ms
      }
      // The crypto is part of that variant's write: counted in its page time.
      w.cpu.ms += extra
      w.pages.push(extra + timedCpu(w.cpu, () => w.cache.upsertTickets(data, BENCH_NOW)).ms)
      w.steps.push(timedCpu(w.cpu, () => bulks.get(w)!.checkpointStep()).ms)
    }
    rows += page.length
    n += 1
  }
  sealing.fields = counter.fields
  sealing.perTicketUs = round((sealing.ms * 1000) / Math.max(1, rows))
  sealing.ms = round(sealing.ms)
  const ingest: ProtectionBenchReport['ingest'] = writers.map((w) => {
    const result = bulkResult(
      rows,
      w.pages,
      w.steps,
      finishBulk(w.cache, bulks.get(w)!, w.cpu),
      w.cpu,
    )
    w.cache.close()
    const bytes = fileBytes(path(w.v))
    return { variant: w.v, result, ratioToPlain: 0, cpuRatioToPlain: 0, fileBytes: bytes }
  })
  const plain = ingest[0]!.result
  for (const i of ingest) {
    i.ratioToPlain = round(i.result.dbMs / Math.max(1, plain.dbMs), 3)
    i.cpuRatioToPlain = round(i.result.cpuMs / Math.max(1, plain.cpuMs), 3)
  }
  for (const i of ingest)
    log(
      `protection: ingest ${i.variant}: ${i.ratioToPlain}x plain's time (${i.result.dbMs} ms), ${i.cpuRatioToPlain}x its CPU time`,
    )

  // Reads: the plain and the app's encrypted cache, alternately (the machine's load drifts).
  const readVariants: Variant[] = ['plain', CIPHER]
  const caches = new Map(readVariants.map((v) => [v, open(v)]))
  // Every kind of search the queue benchmark asks (1-3 Chinese words, English, names...), 40 each.
  const terms = Object.values(searchWorkload(40)).flat()
  const queueSamples = new Map<Variant, number[]>(readVariants.map((v) => [v, []]))
  const searchSamples = new Map<Variant, number[]>(readVariants.map((v) => [v, []]))
  const searchCpu = new Map<Variant, number[]>(readVariants.map((v) => [v, []]))
  for (let round_ = 0; round_ < READ_ROUNDS; round_++) {
    for (const v of readVariants) {
      load.push(await sampleLoad(`reads ${v} ${round_ + 1}`))
      log(`protection: queue pages and search, ${v}, round ${round_ + 1}...`)
      const cache = caches.get(v)!
      const q = benchQueue(cache, 8)
      queueSamples.get(v)!.push(...q.pages.flatMap((p) => [p.ms.p50, p.ms.p95]))
      for (const one of searchAll(cache, terms)) {
        searchSamples.get(v)!.push(one.ms)
        searchCpu.get(v)!.push(one.cpuMs)
      }
    }
  }
  for (const c of caches.values()) c.close()
  const reopen: ProtectionBenchReport['reopen'] = readVariants.map((v) => {
    const samples: number[] = []
    for (let i = 0; i < 10; i++)
      samples.push(
        timed(() => {
          const c = open(v)
          c.ticketCount()
          c.close()
        }).ms,
      )
    return { variant: v, ms: summarize(samples) }
  })
  const summaries = (m: Map<Variant, number[]>): { variant: Variant; all: Summary }[] =>
    readVariants.map((v) => ({ variant: v, all: summarize(m.get(v)!) }))
  const ratio = (x: Summary, base: Summary): { p50: number; p95: number } => ({
    p50: round(x.p50 / Math.max(base.p50, 0.001)),
    p95: round(x.p95 / Math.max(base.p95, 0.001)),
  })
  const withRatio = (list: { variant: Variant; all: Summary }[]): ReadResult[] =>
    list.map((x) => ({ ...x, ratioToPlain: ratio(x.all, list[0]!.all) }))
  const search = withRatio(summaries(searchSamples))
  const plainSearchCpu = summarize(searchCpu.get('plain')!)
  for (const r of search) {
    r.cpu = summarize(searchCpu.get(r.variant)!)
    r.cpuRatioToPlain = ratio(r.cpu, plainSearchCpu)
  }
  for (const v of variants)
    for (const s of ['', '-wal', '-shm', '.key']) rmSync(path(v) + s, { force: true })
  return {
    tickets,
    appCipher: CIPHER,
    load,
    ingest,
    sealing,
    queue: withRatio(summaries(queueSamples)),
    search,
    reopen,
  }
}

export function printProtection(r: ProtectionBenchReport): string[] {
  const lines = [
    `protection at rest (${r.tickets} tickets; the app's cipher: ${r.appCipher}); slower-than-plain ratios, 1.00 = same:`,
  ]
  for (const i of r.ingest)
    lines.push(
      `  ingest ${i.variant.padEnd(13)} ${i.result.rowsPerSec} rows/s, ${(i.result.dbMs / 1000).toFixed(1)} s, ${i.ratioToPlain}x plain's time; CPU ${(i.result.cpuMs / 1000).toFixed(1)} s, ${i.cpuRatioToPlain}x; per page p99 ${i.result.perCall.p99} max ${i.result.perCall.max} ms; file ${(i.fileBytes / 1e6).toFixed(0)} MB`,
    )
  lines.push(
    `    sealing alone: ${r.sealing.ms} ms for ${r.sealing.fields} national ids (${r.sealing.perTicketUs} µs a ticket)`,
  )
  for (const q of r.queue)
    lines.push(
      `  queue pages ${q.variant.padEnd(10)} (p50 and p95 of every view × sort × depth): p50 ${q.all.p50} p95 ${q.all.p95} max ${q.all.max} ms; ${q.ratioToPlain.p50}x / ${q.ratioToPlain.p95}x plain`,
    )
  for (const s of r.search)
    lines.push(
      `  search ${s.variant.padEnd(10)} (${s.all.n} searches: every kind, ${READ_ROUNDS} rounds): p50 ${s.all.p50} p95 ${s.all.p95} p99 ${s.all.p99} ms; ${s.ratioToPlain.p50}x / ${s.ratioToPlain.p95}x plain; CPU p50 ${s.cpu?.p50} p95 ${s.cpu?.p95} ms, ${s.cpuRatioToPlain?.p50}x / ${s.cpuRatioToPlain?.p95}x`,
    )
  for (const o of r.reopen)
    lines.push(`  open + count ${o.variant.padEnd(10)}: p50 ${o.ms.p50} max ${o.ms.max} ms`)
  lines.push(
    `  load (1-min average / slowdown vs idle): ${r.load.map((l) => `${l.phase} ${l.loadAverage}/${l.slowdown}x`).join('; ')}`,
  )
  return lines
}

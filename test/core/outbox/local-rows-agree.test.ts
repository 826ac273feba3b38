/**
 * Tickets created offline (shown from the outbox, not cached yet) and the same tickets once sent
 * and cached are in the same built-in views, the same searches and the same counts: the two sides
 * are built from one table of views and one search rule, and this test fails when they disagree.
 * The real core against a real sandbox on loopback, stopped while the tickets are made.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Core } from '../../../src/main/core/core'
import type { Contact, TicketCreateInput } from '../../../src/shared/domain/api-schemas'
import { BUILTIN_VIEWS, type ViewCounts } from '../../../src/shared/domain/queue'
import { buildLookups } from '../../../src/sandbox/seed/lookups'
import { startTestSandbox } from '../../helpers/sandbox'
import { call, startTestCore } from '../../helpers/core'

/** In every subject made here and nowhere in the sandbox's tickets. */
const MARK = '一致性核對'
const ME = 7
const SEED = 5

function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
}

/** Which of our tickets each view and search finds, and the views' counts under each search. */
async function observe(
  core: Core,
  searches: readonly string[],
): Promise<{ found: Record<string, string[]>; counts: Record<string, ViewCounts> }> {
  const found: Record<string, string[]> = {}
  const counts: Record<string, ViewCounts> = {}
  for (const search of searches) {
    for (const view of BUILTIN_VIEWS) {
      const page = await call(core, 'tickets:query', { view, filters: { search }, limit: 200 })
      found[`${view} | ${search}`] = page.rows
        .map((r) => r.subject ?? '')
        .filter((s) => s.startsWith(MARK))
        .sort()
    }
    counts[search] = await call(core, 'tickets:counts', { filters: { search } })
  }
  return { found, counts }
}

describe('offline rows and the cache', () => {
  it('agree on every built-in view, search and count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ac-local-agree-'))
    const dbPath = join(dir, 'sandbox.sqlite')
    let sandbox = await startTestSandbox({ tickets: 300, seed: SEED, dbPath })
    const port = Number(new URL(sandbox.url).port)
    const core = await startTestCore({
      host: 'cli',
      dataDir: join(dir, 'app'),
      connect: { apiUrl: sandbox.url },
    })
    try {
      await core.sync.runFull()
      await call(core, 'settings:update', {
        me: { id: ME, name: 'Tommy Hsu', employeeNo: 'tommy' },
      })
      // Two of the sandbox's contacts (its seed's) that the cache knows, each with a spaced
      // name, a membership number and a national id.
      const contacts: Contact[] = []
      for (const c of buildLookups({ seed: SEED }).contacts) {
        if (contacts.length === 2) break
        if (!c.name?.includes(' ') || !c.membership_no || !c.identity_no) continue
        const known = await call(core, 'contacts:search', { search: c.membership_no, limit: 5 })
        if (known.some((k) => k.id === c.id)) contacts.push(c)
      }
      expect(contacts).toHaveLength(2)
      const [a, b] = contacts as [Contact, Contact]
      const identity = a.identity_no ?? ''
      await sandbox.close()

      const made: TicketCreateInput[] = [
        {
          subject: `${MARK} 1 mine, overdue`,
          content: '信用卡 退款',
          handler_id: ME,
          status: 0,
          due_at: '2020-01-01 10:00:00',
          contact_id: a.id,
        },
        { subject: `${MARK} 2 nobody's`, content: 'Refund please', status: 1, contact_id: b.id },
        {
          subject: `${MARK} 3 resolved`,
          content: '已處理完畢',
          handler_id: 8,
          status: 2,
          due_at: '2020-01-01 10:00:00',
        },
        { subject: `${MARK} 4 closed`, content: '信用卡 掛失', status: 3, contact_id: a.id },
        {
          subject: `${MARK} 5 mine, later`,
          content: '改天再聯絡',
          handler_id: ME,
          status: 1,
          due_at: '2099-01-01 10:00:00',
          contact_id: b.id,
        },
        {
          subject: `${MARK} 6 someone's`,
          content: 'ＲＥＦＵＮＤ 全形',
          handler_id: 8,
          status: 0,
          priority: 3,
        },
      ]
      for (const input of made) {
        expect((await call(core, 'tickets:create', input)).state).toBe('queued')
      }
      const nameA = a.name ?? ''
      const searches = [
        MARK,
        `${MARK} ${nameA}`,
        `${MARK} ${nameA.replace(/\s+/g, '')}`,
        `${MARK} ${a.first_name ?? ''}`,
        `${MARK} ${a.membership_no ?? ''}`,
        `${MARK} ${identity}`,
        `${MARK} ${identity.slice(0, 5)}`,
        `${MARK} 信用卡`,
        `${MARK} refund`,
        `${MARK} ${toFullWidth('Refund')}`,
        `${MARK} 退款 ${b.last_name ?? ''}`,
        `${MARK} mine`,
      ]
      const offline = await observe(core, searches)
      // Not vacuous: the offline rows are found by views, names and ids.
      expect(offline.found[`mine | ${MARK}`]).toHaveLength(2)
      expect(offline.found[`all | ${MARK} ${nameA.replace(/\s+/g, '')}`]).toHaveLength(2)
      expect(offline.found[`all | ${MARK} ${identity}`]).toHaveLength(2)
      expect(offline.found[`all | ${MARK} ${toFullWidth('Refund')}`]).toHaveLength(2)

      sandbox = await startTestSandbox({ port, dbPath })
      await call(core, 'outbox:send', {})
      expect(await call(core, 'outbox:list', {})).toEqual([])
      const cached = await observe(core, searches)
      expect(cached.found).toEqual(offline.found)
      expect(cached.counts).toEqual(offline.counts)
    } finally {
      await core.close()
      await sandbox.close()
    }
  })
})

// Profiles N opens + edit forms with CDP Profiler, aggregates self time by source module region.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { launchBrowser } from '/work/wt/s8b/test/helpers/browser'
import { startTestSandbox } from '/work/wt/s8b/test/helpers/sandbox'
import { actAsFirstEmployee, startTestHost } from '/work/wt/s8b/test/helpers/web-host'

const dir = process.argv[2] ?? '/tmp/s8b-nomin'
const N = Number(process.argv[3] ?? 20)
async function main() {
  const sandbox = await startTestSandbox({ tickets: 500, seed: 5 })
  const host = await startTestHost({ apiUrl: sandbox.url, staticDir: dir })
  await actAsFirstEmployee(host.core)
  const browser = await launchBrowser({ width: 1440, height: 900 })
  const page = await browser.newPage()
  await page.goto(host.host.openUrl)
  await page.waitForSelector('[data-testid=ticket-grid] [role=row][data-id]', { timeout: 120000 })
  const list = (await sandbox.control.listTickets()).slice(0, N + 2)
  const cdp = await page.context().newCDPSession(page)
  // warm
  for (const t of list.slice(N)) {
    await page.evaluate(`location.hash='#/tickets/${t.id}'`); await page.waitForSelector('[data-testid=detail-subject]')
    await page.evaluate(`location.hash='#/tickets/${t.id}/edit'`); await page.waitForSelector('#tf-subject')
    await page.evaluate(`location.hash='#/queue/all'`); await page.waitForSelector('[data-testid=ticket-grid] [role=row][data-id]')
  }
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
  const which = process.argv[4] ?? 'both'
  const times: number[] = []
  for (const t of list.slice(0, N)) {
    await page.evaluate(`location.hash='#/queue/all'`); await page.waitForSelector('[data-testid=ticket-grid] [role=row][data-id]')
    await page.evaluate(`location.hash='#/tickets/${t.id}'`); await page.waitForSelector('[data-testid=detail-subject]')
    await page.waitForTimeout(100)
    if (which !== 'edit') await cdp.send('Profiler.start')
    // measure by click on edit
    if (which === 'open') { await cdp.send('Profiler.stop').catch(()=>0); }
    const t0 = Date.now()
    if (which === 'edit' ) await cdp.send('Profiler.start')
    await page.click('[data-testid=detail-edit]'); await page.waitForSelector('#tf-subject')
    times.push(Date.now()-t0)
    await page.waitForTimeout(100)
    const { profile } = await cdp.send('Profiler.stop')
    ;(globalThis as any).profiles ??= []; (globalThis as any).profiles.push(profile)
  }
  console.log('edit click times', times.join(' '))
  // aggregate
  const files = new Map<string, string[]>()
  const regionOf = (url: string, line: number): string => {
    const name = url.split('/').pop()!
    if (!files.has(url)) {
      let text = ''
      try { text = readFileSync(join(dir, 'assets', name), 'utf8') } catch {}
      files.set(url, text.split('\n'))
    }
    const lines = files.get(url)!
    for (let i = line; i >= 0; i--) { const m = /^\/\/ ((src|node_modules)\/\S+)/.exec(lines[i] ?? ''); if (m) return m[1]! }
    return name || '(native)'
  }
  const byRegion = new Map<string, number>(); const byFn = new Map<string, number>()
  for (const p of (globalThis as any).profiles) {
    const nodes = new Map<number, any>(p.nodes.map((n: any) => [n.id, n]))
    const dt = new Map<number, number>()
    p.samples.forEach((id: number, i: number) => dt.set(id, (dt.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)))
    for (const [id, us] of dt) {
      const n = nodes.get(id); const cf = n.callFrame
      if (cf.functionName === '(idle)' || cf.functionName === '(program)') continue
      const reg = cf.url ? regionOf(cf.url, cf.lineNumber) : cf.functionName
      byRegion.set(reg, (byRegion.get(reg) ?? 0) + us)
      const fk = `${cf.functionName}@${reg}`; byFn.set(fk, (byFn.get(fk) ?? 0) + us)
    }
  }
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, us]) => `${(us / 1000 / N).toFixed(2).padStart(7)} ms  ${n}`).join('\n')
  console.log('--- per round, by region'); console.log(top(byRegion, 40))
  console.log('--- per round, by function'); console.log(top(byFn, 50))
  await browser.close(); await host.close(); await sandbox.close()
}
main().catch((e) => { console.error(e); process.exit(1) })

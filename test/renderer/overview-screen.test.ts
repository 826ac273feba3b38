/**
 * The overview's click-through as the agent meets it: a bar of a chart, or its count in the
 * chart's table, opens the queue on the view and filters that hold exactly those tickets (the
 * core test proves those filters count the same tickets as the bar); the switch asks again for
 * my group; the tables are there for screen readers in both languages.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { OverviewData } from '../../src/shared/domain/overview'
import { useQueueStore } from '../../src/renderer/src/stores/queue'
import OverviewView from '../../src/renderer/src/views/overview/index.vue'
import {
  chartGlyphs,
  datumAt,
  keepUnchanged,
  overviewCharts,
  type ChartColors,
} from '../../src/renderer/src/views/overview/modules/overview-charts'
import { textOn } from '../../src/renderer/src/views/overview/modules/chart-setup'
import { LOOKUPS, ONLINE, queueRow, SETTINGS } from './fixtures'
import { fakeApi, mountWithApp, type FakeApi } from './harness'

const until = (check: () => void): Promise<void> =>
  vi.waitFor(check, { timeout: 5_000, interval: 20 })

afterEach(() => {
  document.body.innerHTML = ''
})

const DATA: OverviewData = {
  asOf: '2026-06-01 12:00:00',
  scope: 'me',
  days: 7,
  handlerIds: [7],
  groupName: null,
  openByStatusPriority: [
    { status: 0, priority: 3, count: 4 },
    { status: 1, priority: 1, count: 9 },
  ],
  overdue: 3,
  dueToday: 2,
  openByHandler: [{ handlerId: 7, name: '陳美玲', count: 13 }],
  openByCategory: [
    { categoryId: 1, name: '帳務', count: 8 },
    { categoryId: null, name: null, count: 5 },
  ],
  perDay: ['05-26', '05-27', '05-28', '05-29', '05-30', '05-31', '06-01'].map((d, i) => ({
    day: `2026-${d}`,
    created: i,
    resolved: 7 - i,
  })),
}

const COLORS: ChartColors = {
  font: 'sans-serif',
  text: '#000',
  subtle: '#333',
  line: '#ccc',
  background: '#fff',
  series: ['#1', '#2', '#3', '#4'],
  categorical: ['#c1', '#c2', '#c3'],
  other: '#c0',
  resolved: '#r',
  priority: { 0: '#a', 1: '#b', 2: '#c', 3: '#d' },
}

async function mountOverview(language: 'zh-TW' | 'en' = 'zh-TW', data: OverviewData = DATA) {
  const api: FakeApi = fakeApi({
    'settings:get': () => ({ ...SETTINGS, language }),
    'sync:status': () => ONLINE,
    'lookups:get': () => LOOKUPS,
    'insights:overview': (input) => ({
      ...data,
      scope: input.scope,
      days: input.days,
      handlerIds: input.scope === 'everyone' ? null : input.scope === 'group' ? [7, 8] : [7],
      groupName: input.scope === 'group' ? '測試B組' : null,
    }),
    'tickets:query': (q) => ({ rows: [queueRow(40)], total: 1, offset: q.offset }),
    'tickets:counts': () => ({ mine: 1, unassigned: 0, open: 1, due: 0, done: 0, all: 1 }),
  })
  const mounted = await mountWithApp(OverviewView, { api, language })
  await until(() =>
    expect(mounted.wrapper.find('[data-testid="overview-as-of"]').exists()).toBe(true),
  )
  return { ...mounted, api }
}

function lastQuery(api: FakeApi): unknown {
  return [...api.calls].reverse().find((c) => c.channel === 'tickets:query')?.input
}

describe('the overview', () => {
  it('opens the queue on a count: status and priority within my tickets', async () => {
    const { wrapper, router, api, pinia } = await mountOverview()
    const cells = wrapper.findAll('[data-testid="overview-cell-statusPriority"]')
    // Rows: pending, in progress; columns: urgent, medium (the priorities present, urgent first).
    expect(cells.map((c) => c.text())).toEqual(['4', '0', '0', '9'])
    await cells[3]!.trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/queue/open'))
    expect(lastQuery(api)).toMatchObject({
      view: 'open',
      filters: { handlerIds: [7], statuses: [1], priorities: [1] },
    })
    const queue = useQueueStore(pinia)
    await until(() => expect(queue.total).toBe(1))
  })

  it('opens the queue from the table: overdue is due before now, in server time', async () => {
    const { wrapper, router, api } = await mountOverview()
    const cells = wrapper.findAll('[data-testid="overview-cell-due"]')
    expect(cells.map((c) => c.text())).toEqual(['3', '2'])
    expect(cells[0]!.attributes('aria-label')).toBe('3 張：已逾期（在工單佇列中開啟）')
    await cells[0]!.trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/queue/open'))
    expect(lastQuery(api)).toMatchObject({
      view: 'open',
      filters: { handlerIds: [7], dueTo: '2026-06-01 11:59:59' },
    })
  })

  it('a slice without a category and a resolved day map to their own filters', async () => {
    const { wrapper, router, api } = await mountOverview('en')
    const category = wrapper.findAll('[data-testid="overview-cell-category"]')
    expect(category[1]!.attributes('aria-label')).toBe('5 tickets: No category (open in the queue)')
    await category[1]!.trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/queue/open'))
    expect(lastQuery(api)).toMatchObject({ filters: { handlerIds: [7], uncategorized: true } })

    await router.push('/')
    await until(() =>
      expect(wrapper.find('[data-testid="overview-table-perDay"]').exists()).toBe(true),
    )
    const days = wrapper.findAll('[data-testid="overview-cell-perDay"]')
    // Row 2026-05-27, second column: resolved.
    await days[3]!.trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/queue/done'))
    expect(lastQuery(api)).toMatchObject({
      view: 'done',
      filters: {
        handlerIds: [7],
        updatedFrom: '2026-05-27 00:00:00',
        updatedTo: '2026-05-27 23:59:59',
      },
    })
  })

  it('asks again for my group, and its bars are my group’s tickets', async () => {
    const { wrapper, router, api } = await mountOverview()
    await wrapper.find('[data-testid="overview-scope-group"] input').setValue(true)
    await until(() =>
      expect(api.calls.filter((c) => c.channel === 'insights:overview').at(-1)?.input).toEqual({
        scope: 'group',
        days: 30,
      }),
    )
    await until(() => expect(wrapper.text()).toContain('我的組別（測試B組）'))
    await wrapper.findAll('[data-testid="overview-cell-perDay"]')[0]!.trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/queue/all'))
    expect(lastQuery(api)).toMatchObject({
      view: 'all',
      filters: {
        handlerIds: [7, 8],
        createdFrom: '2026-05-26 00:00:00',
        createdTo: '2026-05-26 23:59:59',
      },
    })
  })

  it('every bar, slice and point of the charts carries the datum its count is of', async () => {
    const { wrapper } = await mountOverview()
    expect(wrapper.findAll('table').length).toBe(5)
    const charts = overviewCharts(DATA, { t: (k) => k }, COLORS)
    for (const chart of charts) {
      const datasets = chart.config.data.datasets
      const fromChart = datasets.flatMap((s, dataset) =>
        s.data.map((_, index) => datumAt(chart, { dataset, index })),
      )
      const fromTable = chart.table.rows.flatMap((r) => r.cells.map((c) => c.datum))
      expect(fromChart.every((d) => d !== null)).toBe(true)
      expect(new Set(fromChart.map((d) => JSON.stringify(d)))).toEqual(
        new Set(fromTable.map((d) => JSON.stringify(d))),
      )
      // Each bar, slice or point is drawn at the count its datum's cell shows.
      const counts = new Map(
        chart.table.rows.flatMap((r) => r.cells.map((c) => [JSON.stringify(c.datum), c.n])),
      )
      datasets.forEach((s, dataset) =>
        s.data.forEach((n, index) =>
          expect(n).toBe(counts.get(JSON.stringify(datumAt(chart, { dataset, index })))),
        ),
      )
    }
  })

  it('gives each category slice its own colour (past the palette the smallest are one "other"), and each line its own', () => {
    const t = (k: string, v?: Record<string, unknown>) => (v ? `${k}:${JSON.stringify(v)}` : k)
    const categories = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        categoryId: i + 1,
        name: `類${i + 1}`,
        count: 20 - i,
      }))
    const slicesOf = (n: number) => {
      const chart = overviewCharts({ ...DATA, openByCategory: categories(n) }, { t }, COLORS)
      const model = chart.find((c) => c.key === 'category')!
      const set = model.config.data.datasets[0]!
      return {
        model,
        labels: model.config.data.labels,
        colours: set.backgroundColor,
        data: set.data,
      }
    }
    // As many categories as hues: one colour each.
    expect(slicesOf(3).colours).toEqual(['#c1', '#c2', '#c3'])
    // One more: it keeps its own name, in the grey of "other".
    expect(slicesOf(4).labels).toEqual(['類1', '類2', '類3', '類4'])
    expect(slicesOf(4).colours).toEqual(['#c1', '#c2', '#c3', '#c0'])
    // Six: the three smallest are one slice with their sum, which opens no queue; the table
    // still lists every category, each opening its own.
    const six = slicesOf(6)
    expect(six.labels).toEqual(['類1', '類2', '類3', 'overview.otherCategories:{"n":3}'])
    expect(six.data).toEqual([20, 19, 18, 17 + 16 + 15])
    expect(new Set(six.colours as string[]).size).toBe(4)
    expect(datumAt(six.model, { dataset: 0, index: 3 })).toBeNull()
    expect(six.model.table.rows.map((r) => r.label)).toHaveLength(6)
    // The per-day chart's two lines in two colours, told apart without their legend.
    const perDay = overviewCharts(DATA, { t }, COLORS).find((c) => c.key === 'perDay')!
    const lines = perDay.config.data.datasets.map((d) => d.borderColor)
    expect(new Set(lines).size).toBe(2)
  })

  it("draws one handler's count as a bar of a row's thickness, not a slab filling the card", () => {
    const charts = overviewCharts(DATA, { t: (k: string) => k }, COLORS)
    const handler = charts.find((c) => c.key === 'handler')!
    // My own tickets: one handler, whose bar Chart.js would otherwise stretch to the card.
    expect(handler.config.data.labels).toEqual(['陳美玲'])
    // A bar chart's option (the dataset's type is every chart's).
    const set = handler.config.data.datasets[0] as { maxBarThickness?: number }
    const thickness = set.maxBarThickness
    expect(thickness).toBeDefined()
    expect(thickness).toBeLessThanOrEqual(32)
  })

  it('writes a count in the colour that reads on its slice', () => {
    // Dark on the pale and the yellow, white on the deep.
    expect(textOn('#f0e442')).toBe('#1f2225')
    expect(textOn('#8ab4ff')).toBe('#1f2225')
    expect(textOn('#0072b2')).toBe('#ffffff')
    expect(textOn('rgba(36, 87, 197, 1)')).toBe('#ffffff')
    expect(textOn('#fff')).toBe('#1f2225')
  })

  it('hands Chart.js only the charts whose numbers changed; checks fonts on the labels alone', () => {
    const words = { t: (k: string) => k }
    const first = overviewCharts(DATA, words, COLORS)
    // Counted again a minute later with nothing changed: every chart is the one already drawn.
    const again = keepUnchanged(
      first,
      overviewCharts({ ...DATA, asOf: '2026-06-01 12:01:00' }, words, COLORS),
    )
    expect(again.every((m, i) => m === first[i])).toBe(true)
    // One more overdue ticket: only the due chart is new.
    const moved = keepUnchanged(first, overviewCharts({ ...DATA, overdue: 4 }, words, COLORS))
    expect(moved.map((m, i) => m !== first[i])).toEqual([false, true, false, false, false])
    const glyphs = chartGlyphs(first)
    for (const ch of '陳美玲帳務') expect(glyphs).toContain(ch)
    expect(new Set(glyphs).size).toBe(glyphs.length)
  })

  it('shows a name that looks like markup as text, in the table and on the chart', async () => {
    const name = '<img src=x onerror="document.title=1">'
    const { wrapper } = await mountOverview('zh-TW', {
      ...DATA,
      openByHandler: [{ handlerId: 7, name, count: 13 }],
    })
    const table = wrapper.find('[data-testid="overview-table-handler"]')
    expect(table.find('tbody th').text()).toBe(name)
    expect(wrapper.find('img').exists()).toBe(false)
    // The chart draws the same words as text on its canvas: handed over as they are.
    const handler = overviewCharts(
      { ...DATA, openByHandler: [{ handlerId: 7, name, count: 13 }] },
      { t: (k) => k },
      COLORS,
    ).find((m) => m.key === 'handler')!
    expect(handler.config.data.labels).toEqual([name])
  })
})

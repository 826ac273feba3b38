/**
 * The overview's charts as data: for each, the ECharts option (every bar, slice and point carries
 * its datum, so a click opens exactly those tickets) and the same numbers as a table for screen
 * readers and for reading exact values. Pure functions of the numbers, the words and the colours.
 */
import type { EChartsCoreOption } from 'echarts/core'
import {
  OPEN_STATUSES,
  PRIORITY_KEYS,
  STATUS_KEYS,
  isPriority,
  isTicketStatus,
} from '../../../../../shared/domain/codes'
import type { OverviewData, OverviewDatum } from '../../../../../shared/domain/overview'

export type ChartKey = 'statusPriority' | 'due' | 'handler' | 'category' | 'perDay'
export const CHART_KEYS: readonly ChartKey[] = [
  'statusPriority',
  'due',
  'handler',
  'category',
  'perDay',
]

export interface TableCell {
  n: number
  datum: OverviewDatum
  /** What the cell counts, in words (the button's label). */
  what: string
}
export interface ChartTable {
  columns: string[]
  rows: { label: string; cells: TableCell[] }[]
}
export interface ChartModel {
  key: ChartKey
  option: EChartsCoreOption
  table: ChartTable
  empty: boolean
}

export interface ChartWords {
  t: (key: string, values?: Record<string, unknown>) => string
}

/** Colours from the app's theme (naive-ui's theme variables), so both themes read well. */
export interface ChartColors {
  /** The app's font: a canvas does not inherit it, and its default has no Chinese glyphs. */
  font: string
  text: string
  subtle: string
  line: string
  series: string[]
  priority: Record<number, string>
}

interface Item {
  value: number
  datum: OverviewDatum
  name?: string
  itemStyle?: { color: string }
}

function statusWord(w: ChartWords, s: number): string {
  return w.t(`status.${isTicketStatus(s) ? STATUS_KEYS[s] : 'unknown'}`)
}
function priorityWord(w: ChartWords, p: number | null): string {
  if (p === null) return w.t('overview.noPriority')
  return w.t(`priority.${isPriority(p) ? PRIORITY_KEYS[p] : 'unknown'}`)
}

function base(c: ChartColors): EChartsCoreOption {
  return {
    backgroundColor: 'transparent',
    color: c.series,
    textStyle: { color: c.text, fontFamily: c.font },
    tooltip: { trigger: 'item', confine: true },
    animation: false,
  }
}

function axis(c: ChartColors, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    axisLine: { lineStyle: { color: c.line } },
    axisLabel: { color: c.subtle },
    splitLine: { lineStyle: { color: c.line, opacity: 0.5 } },
    ...extra,
  }
}

function statusPriority(d: OverviewData, w: ChartWords, c: ChartColors): ChartModel {
  const statuses = [...OPEN_STATUSES] as number[]
  const priorities = [...new Set(d.openByStatusPriority.map((r) => r.priority))].sort(
    (a, b) => (b ?? -1) - (a ?? -1),
  )
  const n = (s: number, p: number | null): number =>
    d.openByStatusPriority.find((r) => r.status === s && r.priority === p)?.count ?? 0
  const cell = (s: number, p: number | null): TableCell => ({
    n: n(s, p),
    datum: { chart: 'statusPriority', status: s, priority: p },
    what: `${statusWord(w, s)} · ${priorityWord(w, p)}`,
  })
  return {
    key: 'statusPriority',
    empty: d.openByStatusPriority.length === 0,
    option: {
      ...base(c),
      legend: { top: 0, textStyle: { color: c.text } },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: axis(c, { type: 'category', data: statuses.map((s) => statusWord(w, s)) }),
      yAxis: axis(c, { type: 'value', minInterval: 1 }),
      series: priorities.map((p) => ({
        type: 'bar',
        stack: 'open',
        name: priorityWord(w, p),
        itemStyle: p === null ? undefined : { color: c.priority[p] },
        data: statuses.map((s) => ({ value: n(s, p), datum: cell(s, p).datum }) satisfies Item),
      })),
    },
    table: {
      columns: priorities.map((p) => priorityWord(w, p)),
      rows: statuses.map((s) => ({
        label: statusWord(w, s),
        cells: priorities.map((p) => cell(s, p)),
      })),
    },
  }
}

function due(d: OverviewData, w: ChartWords, c: ChartColors): ChartModel {
  const items = (['overdue', 'dueToday'] as const).map((which) => ({
    which,
    n: d[which],
    label: w.t(`overview.${which}`),
    datum: { chart: 'due', which } as OverviewDatum,
  }))
  return {
    key: 'due',
    empty: d.overdue + d.dueToday === 0,
    option: {
      ...base(c),
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: axis(c, { type: 'category', data: items.map((i) => i.label) }),
      yAxis: axis(c, { type: 'value', minInterval: 1 }),
      series: [
        {
          type: 'bar',
          name: w.t('overview.count'),
          barMaxWidth: 64,
          label: { show: true, position: 'top', color: c.text },
          data: items.map(
            (i, k) =>
              ({
                value: i.n,
                datum: i.datum,
                itemStyle: { color: k === 0 ? c.priority[3]! : c.priority[2]! },
              }) satisfies Item,
          ),
        },
      ],
    },
    table: {
      columns: [w.t('overview.count')],
      rows: items.map((i) => ({
        label: i.label,
        cells: [{ n: i.n, datum: i.datum, what: i.label }],
      })),
    },
  }
}

function handler(d: OverviewData, w: ChartWords, c: ChartColors): ChartModel {
  const rows = d.openByHandler.map((r) => ({
    label: r.handlerId === null ? w.t('queue.unassigned') : (r.name ?? `#${r.handlerId}`),
    n: r.count,
    datum: { chart: 'handler', handlerId: r.handlerId } as OverviewDatum,
  }))
  // The largest at the top: a horizontal bar chart draws its first category at the bottom.
  const drawn = [...rows].reverse()
  return {
    key: 'handler',
    empty: rows.length === 0,
    option: {
      ...base(c),
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: axis(c, { type: 'value', minInterval: 1 }),
      // Every handler named, however many (ECharts would skip labels to avoid crowding).
      yAxis: axis(c, {
        type: 'category',
        data: drawn.map((r) => r.label),
        axisLabel: { color: c.subtle, interval: 0 },
      }),
      series: [
        {
          type: 'bar',
          name: w.t('overview.count'),
          label: { show: true, position: 'right', color: c.text },
          data: drawn.map((r) => ({ value: r.n, datum: r.datum }) satisfies Item),
        },
      ],
    },
    table: {
      columns: [w.t('overview.count')],
      rows: rows.map((r) => ({
        label: r.label,
        cells: [{ n: r.n, datum: r.datum, what: r.label }],
      })),
    },
  }
}

function category(d: OverviewData, w: ChartWords, c: ChartColors): ChartModel {
  const rows = d.openByCategory.map((r) => ({
    label: r.categoryId === null ? w.t('queue.uncategorized') : (r.name ?? `#${r.categoryId}`),
    n: r.count,
    datum: { chart: 'category', categoryId: r.categoryId } as OverviewDatum,
  }))
  return {
    key: 'category',
    empty: rows.length === 0,
    option: {
      ...base(c),
      legend: { bottom: 0, type: 'scroll', textStyle: { color: c.text } },
      series: [
        {
          type: 'pie',
          name: w.t('overview.count'),
          radius: ['35%', '65%'],
          center: ['50%', '45%'],
          label: { color: c.text, formatter: '{b}: {c}' },
          data: rows.map((r) => ({ value: r.n, name: r.label, datum: r.datum }) satisfies Item),
        },
      ],
    },
    table: {
      columns: [w.t('overview.count')],
      rows: rows.map((r) => ({
        label: r.label,
        cells: [{ n: r.n, datum: r.datum, what: r.label }],
      })),
    },
  }
}

function perDay(d: OverviewData, w: ChartWords, c: ChartColors): ChartModel {
  const series = (['created', 'resolved'] as const).map((s) => ({ s, name: w.t(`overview.${s}`) }))
  const cell = (day: string, s: 'created' | 'resolved', n: number): TableCell => ({
    n,
    datum: { chart: 'perDay', series: s, day },
    what: `${day} ${w.t(`overview.${s}`)}`,
  })
  return {
    key: 'perDay',
    empty: d.perDay.every((r) => r.created + r.resolved === 0),
    option: {
      ...base(c),
      tooltip: { trigger: 'axis', confine: true },
      legend: { top: 0, textStyle: { color: c.text } },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: axis(c, { type: 'category', data: d.perDay.map((r) => r.day.slice(5)) }),
      yAxis: axis(c, { type: 'value', minInterval: 1 }),
      series: series.map(({ s, name }, k) => ({
        type: 'line',
        name,
        symbolSize: 8,
        // A point is a target to click: the whole day's tickets of that series.
        triggerLineEvent: false,
        itemStyle: { color: c.series[k === 0 ? 0 : 2] },
        lineStyle: { color: c.series[k === 0 ? 0 : 2] },
        data: d.perDay.map(
          (r) => ({ value: r[s], datum: cell(r.day, s, r[s]).datum }) satisfies Item,
        ),
      })),
    },
    table: {
      columns: series.map((s) => s.name),
      rows: d.perDay.map((r) => ({
        label: r.day,
        cells: series.map(({ s }) => cell(r.day, s, r[s])),
      })),
    },
  }
}

/** Every chart of the overview, in the screen's order. */
export function overviewCharts(d: OverviewData, w: ChartWords, c: ChartColors): ChartModel[] {
  return [
    statusPriority(d, w, c),
    due(d, w, c),
    handler(d, w, c),
    category(d, w, c),
    perDay(d, w, c),
  ]
}

/**
 * The characters the charts draw on their canvases (axis labels, legends, slice labels): every
 * word and name of their tables, each character once. The font check is asked about these, not
 * about the whole options, whose text is many times longer and costs the check hundreds of ms.
 */
export function chartGlyphs(list: readonly ChartModel[]): string {
  const chars = new Set<string>()
  for (const m of list)
    for (const text of [...m.table.columns, ...m.table.rows.map((r) => r.label)])
      for (const ch of text) chars.add(ch)
  return [...chars].join('')
}

/**
 * The new charts, with each one whose numbers and words are as before replaced by the one already
 * drawn: ECharts is handed only the charts that changed (an answer that moved only "as of" draws
 * nothing again).
 */
export function keepUnchanged(before: readonly ChartModel[], next: ChartModel[]): ChartModel[] {
  const drawn = new Map(before.map((m) => [m.key, m]))
  return next.map((m) => {
    const old = drawn.get(m.key)
    return old && JSON.stringify(old) === JSON.stringify(m) ? old : m
  })
}

/** The datum an ECharts click event carries (set on each data item above), if any. */
export function datumOf(params: unknown): OverviewDatum | null {
  const data = (params as { data?: { datum?: OverviewDatum } } | null)?.data
  return data?.datum ?? null
}

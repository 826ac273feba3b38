/**
 * The overview's charts as data: for each, the Chart.js configuration, the datum of every bar,
 * slice and point (so a click opens exactly those tickets) and the same numbers as a table for
 * screen readers and for reading exact values. Pure functions of the numbers, the words and the
 * colours; plain JSON, so an answer with the same numbers is known to draw nothing new.
 */
import type { ChartConfiguration } from 'chart.js'
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

/** What the overview hands Chart.js: bars, a doughnut or lines. */
export type ChartConfig = ChartConfiguration

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
  config: ChartConfig
  /** The datum of each drawn bar, slice or point: `datums[dataset][index]` (null: not a queue). */
  datums: Array<Array<OverviewDatum | null>>
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
  /** The card's background: the gap between two slices. */
  background: string
  series: string[]
  /** Hues told apart at a glance, for slices that are not ordered (the categories). */
  categorical: string[]
  /** A slice that gathers the rest. */
  other: string
  /** Resolved and closed tickets' line (the theme's green). */
  resolved: string
  priority: Record<number, string>
}

function statusWord(w: ChartWords, s: number): string {
  return w.t(`status.${isTicketStatus(s) ? STATUS_KEYS[s] : 'unknown'}`)
}
function priorityWord(w: ChartWords, p: number | null): string {
  if (p === null) return w.t('overview.noPriority')
  return w.t(`priority.${isPriority(p) ? PRIORITY_KEYS[p] : 'unknown'}`)
}

type Options = NonNullable<ChartConfig['options']>

/** What every chart shares: the theme's words and lines, no animation, a tooltip per datum. */
function base(c: ChartColors, legend: 'top' | 'bottom' | null, extra: Options = {}): Options {
  const font = fontOf(c)
  return {
    responsive: false,
    // A new size is the card's, whatever its shape (Chart.js would keep the first one's).
    maintainAspectRatio: false,
    animation: false,
    color: c.text,
    font,
    interaction: { mode: 'nearest', intersect: true },
    ...extra,
    plugins: {
      legend: legend
        ? { display: true, position: legend, labels: { color: c.text, boxWidth: 14, font } }
        : { display: false },
      tooltip: { enabled: true, titleFont: font, bodyFont: font },
      ...extra.plugins,
    },
  }
}

/**
 * The app's font at the charts' size, named wherever Chart.js draws words (a chart's own `font`
 * reaches only what the library's defaults do not set).
 */
function fontOf(c: ChartColors): { family: string; size: number } {
  return { family: c.font, size: 12 }
}

/** A value axis and a category axis in the theme's colours; counts in whole numbers. */
function scales(c: ChartColors, valueAxis: 'x' | 'y', stacked = false): Options['scales'] {
  const categoryAxis = valueAxis === 'y' ? 'x' : 'y'
  return {
    [categoryAxis]: {
      type: 'category',
      stacked,
      grid: { display: false },
      border: { color: c.line },
      // Every handler named, however many (Chart.js would skip labels to avoid crowding).
      ticks: { color: c.subtle, font: fontOf(c), autoSkip: categoryAxis === 'x' },
    },
    [valueAxis]: {
      type: 'linear',
      stacked,
      beginAtZero: true,
      grid: { color: c.line },
      border: { display: false },
      ticks: { color: c.subtle, font: fontOf(c), precision: 0 },
    },
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
    config: {
      type: 'bar',
      data: {
        labels: statuses.map((s) => statusWord(w, s)),
        datasets: priorities.map((p, k) => ({
          label: priorityWord(w, p),
          backgroundColor: p === null ? c.series[k % c.series.length]! : c.priority[p]!,
          data: statuses.map((s) => n(s, p)),
        })),
      },
      options: base(c, 'top', { scales: scales(c, 'y', true) }),
    },
    datums: priorities.map((p) => statuses.map((s) => cell(s, p).datum)),
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
    config: {
      type: 'bar',
      data: {
        labels: items.map((i) => i.label),
        datasets: [
          {
            label: w.t('overview.count'),
            maxBarThickness: 64,
            backgroundColor: [c.priority[3]!, c.priority[2]!],
            data: items.map((i) => i.n),
          },
        ],
      },
      options: base(c, null, {
        layout: { padding: { top: 20 } },
        scales: scales(c, 'y'),
        plugins: { values: { show: true, color: c.text } },
      }),
    },
    datums: [items.map((i) => i.datum)],
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
  return {
    key: 'handler',
    empty: rows.length === 0,
    config: {
      type: 'bar',
      data: {
        labels: rows.map((r) => r.label),
        datasets: [
          {
            label: w.t('overview.count'),
            // One or two handlers (the agent's own tickets) would otherwise be a slab filling
            // the card; a bar as thick as a table row reads as one person's count.
            maxBarThickness: 28,
            backgroundColor: c.series[0]!,
            data: rows.map((r) => r.n),
          },
        ],
      },
      // The largest at the top: the rows come largest first, and a horizontal bar chart draws
      // its first category at the top.
      options: base(c, null, {
        indexAxis: 'y',
        layout: { padding: { right: 40 } },
        scales: scales(c, 'x'),
        plugins: { values: { show: true, color: c.text } },
      }),
    },
    datums: [rows.map((r) => r.datum)],
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
  // One hue per slice: past the palette, the smallest categories are one grey slice, "other"
  // (the table lists each). Two slices of one colour would make the legend say nothing.
  const kept = rows.slice(0, c.categorical.length)
  const rest = rows.slice(kept.length)
  const slices: Array<{ label: string; n: number; datum: OverviewDatum | null; colour: string }> =
    kept.map((r, i) => ({ ...r, colour: c.categorical[i]! }))
  if (rest.length === 1) slices.push({ ...rest[0]!, colour: c.other })
  else if (rest.length > 1)
    slices.push({
      label: w.t('overview.otherCategories', { n: rest.length }),
      n: rest.reduce((sum, r) => sum + r.n, 0),
      datum: null,
      colour: c.other,
    })
  return {
    key: 'category',
    empty: rows.length === 0,
    config: {
      type: 'doughnut',
      data: {
        labels: slices.map((r) => r.label),
        datasets: [
          {
            label: w.t('overview.count'),
            backgroundColor: slices.map((r) => r.colour),
            borderColor: c.background,
            data: slices.map((r) => r.n),
          },
        ],
      },
      options: base(c, 'bottom', {
        // Each count in dark or white, whichever reads on its slice's colour.
        plugins: { values: { show: true, onFill: true } },
      }),
    },
    datums: [slices.map((r) => r.datum)],
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
    config: {
      type: 'line',
      data: {
        labels: d.perDay.map((r) => r.day.slice(5)),
        datasets: series.map(({ s, name }, k) => ({
          label: name,
          // Blue for created, the theme's green for resolved: two blues read as one line.
          borderColor: k === 0 ? c.series[0]! : c.resolved,
          backgroundColor: k === 0 ? c.series[0]! : c.resolved,
          // A point is a target to click: the whole day's tickets of that series.
          pointRadius: 4,
          pointHoverRadius: 6,
          data: d.perDay.map((r) => r[s]),
        })),
      },
      options: base(c, 'top', {
        // The tooltip shows the whole day; a click still opens the one point under the pointer.
        interaction: { mode: 'index', intersect: false },
        scales: scales(c, 'y'),
      }),
    },
    datums: series.map(({ s }) => d.perDay.map((r) => cell(r.day, s, r[s]).datum)),
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
 * drawn: Chart.js is handed only the charts that changed (an answer that moved only "as of" draws
 * nothing again).
 */
export function keepUnchanged(before: readonly ChartModel[], next: ChartModel[]): ChartModel[] {
  const drawn = new Map(before.map((m) => [m.key, m]))
  return next.map((m) => {
    const old = drawn.get(m.key)
    return old && JSON.stringify(old) === JSON.stringify(m) ? old : m
  })
}

/** The datum of the bar, slice or point clicked, if any. */
export function datumAt(
  model: ChartModel,
  at: { dataset: number; index: number },
): OverviewDatum | null {
  return model.datums[at.dataset]?.[at.index] ?? null
}

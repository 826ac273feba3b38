/**
 * Chart.js as the overview uses it: only the chart types and parts it draws (tree-shaken, in this
 * screen's own chunk), and one small plugin of ours that writes each bar's or slice's count on it.
 * Chart.js draws no words of its own (numbers follow the app's locale), so it needs no locale.
 */
import {
  ArcElement,
  type ChartType,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type Plugin,
} from 'chart.js'

/** The counts written on the bars or slices (`options.plugins.values`). */
export interface ValueLabels {
  show?: boolean
  color?: string
  /** Written on its bar or slice: dark or white by that fill's lightness (`color` is ignored). */
  onFill?: boolean
}

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the library's own declaration
  interface PluginOptionsByType<TType extends ChartType> {
    values?: ValueLabels
  }
}

/** A slice narrower than this (radians) has no room for its count: the tooltip and table say it. */
const MIN_SLICE = 0.3

/** The fill of datum `j` when a dataset's colours are one per datum. */
function fillOf(fill: unknown, j: number): string {
  const c = Array.isArray(fill) ? fill[j] : fill
  return typeof c === 'string' ? c : '#000'
}

const DARK_TEXT = '#1f2225'

/**
 * Near-black or white, whichever reads better on `fill` (`#rgb`, `#rrggbb[aa]`, `rgb[a](...)`);
 * near-black when the colour cannot be read.
 */
export function textOn(fill: string): string {
  let rgb: number[] | null = null
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(fill.trim())
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((x) => x + x).join('') : hex[1]!
    rgb = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16))
  } else {
    const fn = /^rgba?\(([^)]+)\)$/i.exec(fill.trim())
    if (fn)
      rgb = fn[1]!
        .split(/[\s,/]+/)
        .slice(0, 3)
        .map(Number)
  }
  if (!rgb || rgb.some((v) => !Number.isFinite(v))) return DARK_TEXT
  // Relative luminance (WCAG); at 0.21 the near-black's contrast and white's are equal.
  const [r, g, b] = rgb.map((v) => {
    const s = v / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.21 ? DARK_TEXT : '#ffffff'
}

const valueLabels: Plugin = {
  id: 'values',
  afterDatasetsDraw(chart, _args, options: ValueLabels) {
    if (!options.show) return
    const { ctx } = chart
    ctx.save()
    ctx.fillStyle = options.color ?? '#000'
    const font = chart.options.font ?? {}
    ctx.font = `${font.size ?? 12}px ${font.family ?? Chart.defaults.font.family ?? 'sans-serif'}`
    chart.data.datasets.forEach((dataset, i) => {
      if (!chart.isDatasetVisible(i)) return
      chart.getDatasetMeta(i).data.forEach((element, j) => {
        const value = dataset.data[j]
        if (typeof value !== 'number' || value === 0 || !chart.getDataVisibility(j)) return
        const text = value.toLocaleString(chart.options.locale ?? undefined)
        const p = element.getProps(['x', 'y', 'horizontal', 'startAngle', 'endAngle'], true) as {
          x: number
          y: number
          horizontal?: boolean
          startAngle?: number
          endAngle?: number
        }
        if (options.onFill) ctx.fillStyle = textOn(fillOf(dataset.backgroundColor, j))
        if (p.startAngle !== undefined && p.endAngle !== undefined) {
          if (p.endAngle - p.startAngle < MIN_SLICE) return
          const at = element.tooltipPosition(true)
          if (at.x === null || at.y === null) return
          ctx.textAlign = 'center'
          ctx.textBaseline = 'middle'
          ctx.fillText(text, at.x, at.y)
        } else if (p.horizontal) {
          ctx.textAlign = 'left'
          ctx.textBaseline = 'middle'
          ctx.fillText(text, p.x + 4, p.y)
        } else {
          ctx.textAlign = 'center'
          ctx.textBaseline = 'bottom'
          ctx.fillText(text, p.x, p.y - 4)
        }
      })
    })
    ctx.restore()
  },
}

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  DoughnutController,
  ArcElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
  valueLabels,
)

export { Chart }
// The chart component takes Chart.js' types from here: a .vue file importing a module named
// `chart.js` is parsed as plain JavaScript by the dependency-cycle check (it goes by the `.js`).
export type { ChartEvent, InteractionItem } from 'chart.js'

type Size = { width: number; height: number }
let batch: Array<{ read: () => Size; draw: (size: Size) => void }> = []

/**
 * Runs `draw` with the size `read` finds, once every chart mounted in this tick has been read:
 * all sizes are read before any chart adds its canvas, so the page is laid out once for all.
 */
export function afterMountedCharts(read: () => Size, draw: (size: Size) => void): void {
  if (batch.length === 0)
    queueMicrotask(() => {
      const charts = batch
      batch = []
      const sizes = charts.map((c) => c.read())
      charts.forEach((c, i) => c.draw(sizes[i]!))
    })
  batch.push({ read, draw })
}

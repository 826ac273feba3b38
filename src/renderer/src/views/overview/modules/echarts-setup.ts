/**
 * ECharts as the overview uses it: only the chart types and parts it draws (tree-shaken, in this
 * screen's own chunk), and the app's language, which ECharts does not ship for Traditional
 * Chinese: its strings are registered from the words of the language shown (the rest falls back
 * to ECharts' English), so the screen's chunk imports no locale file of its own.
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { registerLocale, use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  CanvasRenderer,
])

type EChartsLocale = Parameters<typeof registerLocale>[1]
const registered = new Set<string>()

/**
 * The ECharts locale for the app's language, registered on its first use from `t` (vue-i18n's,
 * in that language): the months and days a time axis could show, the legend's selector, the
 * chart types a screen reader would be told.
 */
export function echartsLocaleFor(language: string, t: (key: string) => string): string {
  const name = `AC_${language.replace(/\W/g, '_').toUpperCase()}`
  if (registered.has(name)) return name
  const list = (key: string): string[] => t(`overview.echarts.${key}`).split(',')
  const word = (key: string): string => t(`overview.echarts.${key}`)
  registerLocale(name, {
    time: {
      month: list('month'),
      monthAbbr: list('monthAbbr'),
      dayOfWeek: list('dayOfWeek'),
      dayOfWeekAbbr: list('dayOfWeekAbbr'),
    },
    legend: { selector: { all: word('legendAll'), inverse: word('legendInverse') } },
    series: {
      typeNames: { pie: word('pie'), bar: word('bar'), line: word('line'), chart: word('chart') },
    },
  } as unknown as EChartsLocale)
  registered.add(name)
  return name
}

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

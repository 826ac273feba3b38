/**
 * ECharts as the overview uses it: only the chart types and parts it draws (tree-shaken, in this
 * screen's own chunk), and a Traditional Chinese locale, which ECharts does not ship, built from
 * our locale file (the strings it can show; the rest falls back to its English).
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { registerLocale, use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import en from '../../../locales/en'
import zhTW, { type Messages } from '../../../locales/zh-TW'

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

/** The strings ECharts can show here; ECharts fills the rest from its English at init. */
function echartsLocale(m: Messages['overview']['echarts']): EChartsLocale {
  const list = (s: string): string[] => s.split(',')
  return {
    time: {
      month: list(m.month),
      monthAbbr: list(m.monthAbbr),
      dayOfWeek: list(m.dayOfWeek),
      dayOfWeekAbbr: list(m.dayOfWeekAbbr),
    },
    legend: { selector: { all: m.legendAll, inverse: m.legendInverse } },
    series: { typeNames: { pie: m.pie, bar: m.bar, line: m.line, chart: m.chart } },
  } as unknown as EChartsLocale
}

registerLocale('ZH_TW', echartsLocale(zhTW.overview.echarts))
registerLocale('AC_EN', echartsLocale(en.overview.echarts))

/** The ECharts locale registered for an app language. */
export function echartsLocaleName(language: string): string {
  return language === 'zh-TW' ? 'ZH_TW' : 'AC_EN'
}

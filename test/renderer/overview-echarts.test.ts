/**
 * How the overview hands its charts to ECharts: five charts mounted together are sized in one
 * read of the page before any of them draws (one layout, not one per chart); the chart code is
 * one download however often the screen opens, and asked again after a failed one; ECharts
 * speaks the app's language from the app's own words.
 */
import { describe, expect, it } from 'vitest'
import {
  afterMountedCharts,
  echartsLocaleFor,
} from '../../src/renderer/src/views/overview/modules/echarts-setup'
import { loadEChart } from '../../src/renderer/src/views/overview/modules/load-echart'
import zhTW from '../../src/renderer/src/locales/zh-TW'

describe('the overview on ECharts', () => {
  it('reads every mounted chart’s size before the first one draws', async () => {
    const steps: string[] = []
    for (const n of [1, 2, 3])
      afterMountedCharts(
        () => {
          steps.push(`read ${n}`)
          return { width: 100 * n, height: 260 }
        },
        (size) => steps.push(`draw ${n} at ${size.width}x${size.height}`),
      )
    expect(steps).toEqual([])
    await Promise.resolve()
    expect(steps).toEqual([
      'read 1',
      'read 2',
      'read 3',
      'draw 1 at 100x260',
      'draw 2 at 200x260',
      'draw 3 at 300x260',
    ])
  })

  it('loads the chart component once for every visit', async () => {
    const first = loadEChart()
    expect(loadEChart()).toBe(first)
    const component = await first
    expect(await loadEChart()).toBe(component)
  })

  it('registers the language’s words for ECharts once, from the app’s locale', () => {
    const words = zhTW.overview.echarts as Record<string, string>
    const asked: string[] = []
    const t = (key: string): string => {
      asked.push(key)
      return words[key.replace('overview.echarts.', '')] ?? key
    }
    const name = echartsLocaleFor('zh-TW', t)
    expect(name).toBe('AC_ZH_TW')
    expect(new Set(asked)).toEqual(new Set(Object.keys(words).map((k) => `overview.echarts.${k}`)))
    const before = asked.length
    expect(echartsLocaleFor('zh-TW', t)).toBe(name)
    expect(asked.length).toBe(before)
  })
})

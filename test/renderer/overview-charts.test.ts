/**
 * How the overview hands its charts to Chart.js: five charts mounted together are sized in one
 * read of the page before any of them draws (one layout, not one per chart); the chart code is
 * one download however often the screen opens.
 */
import { describe, expect, it } from 'vitest'
import { afterMountedCharts } from '../../src/renderer/src/views/overview/modules/chart-setup'
import { loadChart } from '../../src/renderer/src/views/overview/modules/load-chart'

describe('the overview on Chart.js', () => {
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
    const first = loadChart()
    expect(loadChart()).toBe(first)
    const component = await first
    expect(await loadChart()).toBe(component)
  })
})

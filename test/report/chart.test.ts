import { describe, expect, it } from 'vitest'
import { renderSpeedupChart } from '../../src/report/chart.ts'
import { measurement, workload } from '../helpers/results-factory.ts'

describe('renderSpeedupChart', () => {
  it('draws the ideal line and each strategy with matching colours', () => {
    const chart = renderSpeedupChart(workload())!
    expect(chart).toContain('xychart-beta')
    expect(chart).toContain('x-axis "workers" [1, 2, 4]')
    expect(chart).toContain('y-axis "speedup over serial" 0 --> 4')
    expect(chart.match(/^ {2}line \[/gm)).toHaveLength(3)
    expect(chart).toContain('"plotColorPalette": "#9e9e9e, #1f77b4, #e8710a"')
    expect(chart).toContain('grey: ideal (speedup = workers) · blue: threads · orange: processes')
  })

  it('leaves out a strategy with a failed worker count instead of inventing a point', () => {
    const chart = renderSpeedupChart(
      workload({
        measurements: [
          measurement('serial', 1, 1),
          measurement('threads', 1, 1),
          measurement('threads', 2, 1.9),
          measurement('processes', 1, 0.9),
          measurement('processes', 2, null, {
            error: { kind: 'timeout', message: 'timed out after 60 s' }
          })
        ]
      })
    )!
    expect(chart.match(/^ {2}line \[/gm)).toHaveLength(2)
    expect(chart).toContain('"plotColorPalette": "#9e9e9e, #1f77b4"')
    expect(chart).toContain('processes not drawn: it failed at some worker counts')
  })

  it('draws nothing with fewer than two worker counts or no parallel strategy', () => {
    expect(
      renderSpeedupChart(
        workload({ measurements: [measurement('serial', 1, 1), measurement('threads', 1, 1)] })
      )
    ).toBeNull()
    expect(renderSpeedupChart(workload({ measurements: [] }))).toBeNull()
  })

  it('scales the axis past the highest point, ideal line included', () => {
    const chart = renderSpeedupChart(
      workload({ measurements: [measurement('threads', 1, 1), measurement('threads', 8, 11.3)] })
    )!
    expect(chart).toContain('0 --> 12')
  })
})

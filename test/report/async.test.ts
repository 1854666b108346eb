// The reports with a coroutine function next to a synchronous one: an Async column, the async figure
// in the runner comparison, and the sentence that says async does not apply to synchronous code.
import { describe, expect, it } from 'vitest'
import { renderReport } from '../../src/report/markdown.ts'
import { renderRunnersReport } from '../../src/report/markdown-runners.ts'
import { mergeRuns } from '../../src/results/merge.ts'
import { renderTerminalReport } from '../../src/report/terminal.ts'
import type { Results } from '../../src/types.ts'
import { expectGolden } from '../helpers/golden.ts'
import { measurement, results, sweep, workload } from '../helpers/results-factory.ts'

/** On the harness's own thread: no start-up, little CPU. */
const loop = { startupSeconds: 0, cpuUse: 0.03, peakRssBytes: 14_000_000 }

function asyncResults(): Results {
  return results([
    workload({
      name: 'await-sleep',
      module: 'fixtures/python/await_sleep.py',
      function: 'fetch_like',
      coroutine: true,
      uses: 'threads',
      mismatch: true,
      recommendation: 'async',
      workers: 8,
      class: 'loop-overlaps-waits',
      reason:
        'Waits that one event loop overlaps (serial uses 0.02 CPU): async 7.90x with 8 calls in flight on one thread using 0.03 CPU; threads 3.80x at 4 workers, processes 3.50x at 4 workers.',
      measurements: [
        ...sweep([0.99, 1.95, 3.8], [0.95, 1.9, 3.5]).slice(0, 1),
        measurement('async', 1, 0.99, loop),
        measurement('async', 2, 1.98, loop),
        measurement('async', 4, 3.95, loop),
        measurement('async', 8, 7.9, loop),
        ...sweep([0.99, 1.95, 3.8], [0.95, 1.9, 3.5]).slice(1)
      ]
    }),
    workload({ name: 'cpu-loop' })
  ])
}

describe('reports with the async strategy', () => {
  it('adds an Async column, and says async does not apply to the synchronous function (golden)', () => {
    const report = renderReport(asyncResults())
    expect(report).toContain(
      '| Workload | Verdict | Async | Threads | Processes | CPU use | Memory | Why |'
    )
    expect(report).toContain('| **7.90x (8 in flight)** |')
    expect(report).toContain('| n/a (sync) |')
    expect(report).toContain(
      'async does not apply: count\\_primes is synchronous (its calls return no coroutine)'
    )
    expect(report).toContain('x-axis "calls in flight on one event loop" [1, 2, 4, 8]')
    expectGolden('report-async.md', report)
  })

  it('shows the async figure in the terminal table', () => {
    const text = renderTerminalReport(asyncResults())
    expect(text).toMatch(/^workload +verdict +async +threads +processes/m)
    expect(text).toMatch(/^await-sleep +async ×8 ⚠ uses threads +7\.90x \(8 in flight\)/m)
    expect(text).toMatch(/^cpu-loop +processes ×2 +n\/a \(sync\)/m)
    expect(text).toContain('  async does not apply: count_primes is synchronous')
  })

  it('leaves the Async column out when no workload is a coroutine function', () => {
    const sync = results([workload()])
    expect(renderReport(sync)).toContain('| Workload | Verdict | Threads | Processes |')
    expect(renderTerminalReport(sync)).not.toMatch(/^workload +verdict +async/m)
  })

  it('shows the async figure per runner in the runner comparison', () => {
    const merged = mergeRuns([
      { source: 'a.json', results: asyncResults() },
      { source: 'b.json', results: asyncResults() }
    ])
    expect(renderRunnersReport(merged)).toContain('<br>async 7.90x (8 in flight)<br>threads')
  })
})

// The CLI's verdict table, golden-tested like the markdown report: the same hand-written results,
// so that a change to the terminal's wording or columns shows as a diff to review.
import { describe, expect, it } from 'vitest'
import { gateLines, renderTerminalReport } from '../../src/report/terminal.ts'
import { expectGolden } from '../helpers/golden.ts'
import {
  contendedResults,
  freeThreadedAloneResults,
  freeThreadedResults,
  mixedResults,
  results,
  workload
} from '../helpers/results-factory.ts'

describe('renderTerminalReport', () => {
  it('renders the mixed results: verdicts, failures, reasons', () => {
    expectGolden('terminal-mixed.txt', renderTerminalReport(mixedResults()))
  })

  it('adds the comparison column, the baseline line and the gate when there are some', () => {
    const compared = results([workload({ name: 'fast' })], {
      interrupted: true,
      baseline: {
        kind: 'file',
        source: 'base.json',
        threshold: 0.1,
        requestedThreshold: 0.1,
        sha: null
      },
      gate: {
        failOn: 'mismatch',
        failed: true,
        failures: ['uses mismatch: fast: declares uses: threads, but processes ×2 measured best.'],
        notes: ['not failing on an uncertain verdict: other']
      }
    })
    expectGolden('terminal-compared.txt', renderTerminalReport(compared))
  })

  it('shows each interpreter of a workload on a line of its own, and the build in the header', () => {
    expectGolden('terminal-free-threaded.txt', renderTerminalReport(freeThreadedResults()))
  })

  it('says the build and its GIL for a free-threaded interpreter alone', () => {
    const text = renderTerminalReport(freeThreadedAloneResults())
    expect(text.split('\n')[0]).toBe(
      'concurrency-advisor 0.1.0 · linux x64 · 2 usable CPUs of 4 · Python 3.13.5 free-threaded (GIL off) · Node 24.11.0'
    )
    // The twins are evidence, not a column: threads' best is the GIL-off one.
    expect(text).toMatch(/threads ×2 +1\.95x @2 +1\.84x @2/)
    expect(text).toContain('  3.13t: free-threaded, GIL off')
  })

  it('writes each gate failure on a line of its own, then the notes', () => {
    expect(
      gateLines({ failOn: 'any', failed: false, failures: [], notes: ['nothing compared'] })
    ).toEqual(['Gate (--fail-on any): passed', '  note: nothing compared'])
  })
})

describe('renderTerminalReport: other processes', () => {
  it('says which rounds were set aside and why, and a busy runner at the top (golden)', () => {
    expectGolden('terminal-contended.txt', renderTerminalReport(contendedResults()))
  })

  it('says once that rounds were not checked, where they could not be', () => {
    const base = contendedResults()
    const unmonitored = {
      ...base,
      workloads: base.workloads.map((w) => ({
        ...w,
        contention: { monitored: false, turns: 40, setAside: 0, lostSeconds: 0, busy: false }
      }))
    }
    const text = renderTerminalReport(unmonitored)
    expect(text.match(/were not checked for other processes' load/g)).toHaveLength(1)
  })
})

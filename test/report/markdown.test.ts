import { describe, expect, it } from 'vitest'
import { GITHUB_COMMENT_MAX_LENGTH } from '../../src/limits.ts'
import { renderReport } from '../../src/report/markdown.ts'
import type { Comparison, WorkloadResult } from '../../src/types.ts'
import { expectGolden } from '../helpers/golden.ts'
import {
  contendedResults,
  freeThreadedAloneResults,
  freeThreadedResults,
  measurement,
  mixedResults,
  results,
  workload
} from '../helpers/results-factory.ts'

/** The names in the verdict table, in order. */
function tableNames(report: string): string[] {
  const lines = report.split('\n')
  const start = lines.findIndex((line) => line.startsWith('| Workload |'))
  const rows: string[] = []
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(lines[i]!)
  return rows.map((row) => row.split(' | ')[0]!.slice(2).replace(/\\/g, ''))
}

function many(
  count: number,
  flag: (i: number) => Partial<WorkloadResult> = () => ({})
): WorkloadResult[] {
  return Array.from({ length: count }, (_, i) =>
    workload({ name: `workload-${String(i).padStart(4, '0')}`, ...flag(i) })
  )
}

describe('renderReport', () => {
  it('renders the header, the verdict table and the evidence (golden)', () => {
    expectGolden('report-mixed.md', renderReport(mixedResults()))
  })

  it('says which rounds other processes slowed and a busy runner at the top (golden)', () => {
    expectGolden('report-contended.md', renderReport(contendedResults()))
  })

  it("shows every interpreter of a workload, each one's serial and GIL (golden)", () => {
    expectGolden('report-free-threaded.md', renderReport(freeThreadedResults()))
  })

  it("says a lone free-threaded interpreter's build, and its GIL-forced twins in the evidence", () => {
    const text = renderReport(freeThreadedAloneResults())
    expect(text).toContain('**Python** 3.13.5 free-threaded (GIL off)')
    expect(text).toContain('| 3.13t with the GIL forced on (PYTHON\\_GIL=1) | threads | 2 |')
    expect(text).toContain('- 3.13t: free-threaded, GIL off')
    // The Threads column shows the GIL-off figure, bold as the recommendation.
    expect(text).toContain('**1.95x (×2)**')
  })

  it('names the job key in the heading and says when a run was cut short (golden)', () => {
    const interrupted = results(
      [
        workload(),
        workload({
          name: 'late',
          recommendation: null,
          workers: null,
          class: 'not-measured',
          reason: 'Not measured: the run was stopped or its budget ran out first.',
          measurements: [],
          rounds: 0
        })
      ],
      {
        interrupted: true,
        environment: {
          ...mixedResults().environment,
          hostCpus: 2,
          python: null,
          interpreters: []
        },
        context: null
      }
    )
    expectGolden(
      'report-interrupted.md',
      renderReport(interrupted, { title: 'Concurrency advisor: linux-py3.12' })
    )
  })

  it('shows the change against base for every workload and what failed the gate (golden)', () => {
    const slower: Comparison = {
      method: 'paired',
      throughput: {
        strategy: 'processes',
        workers: 2,
        base: 40,
        head: 20,
        ratio: 0.5,
        interval: { low: 0.47, high: 0.53, confidence: 0.94 },
        verdict: 'regression'
      },
      speedup: {
        strategy: 'processes',
        workers: 2,
        base: 1.91,
        head: 1.9,
        ratio: 0.99,
        interval: { low: 0.96, high: 1.03, confidence: 0.94 },
        verdict: 'unchanged'
      },
      baseRecommendation: 'processes',
      baseWorkers: 2,
      regression: true,
      summary:
        'processes ×2 throughput 40.0 → 20.0 calls/s (0.50x [0.47–0.53]): slower beyond 10%; processes ×2 speedup 1.91x → 1.90x (0.99x [0.96–1.03]): within 10%.'
    }
    const same: Comparison = {
      ...slower,
      throughput: {
        ...slower.throughput!,
        head: 40.4,
        ratio: 1.01,
        interval: { low: 0.98, high: 1.04, confidence: 0.94 },
        verdict: 'unchanged'
      },
      regression: false,
      summary: 'processes ×2 throughput 40.0 → 40.4 calls/s (1.01x [0.98–1.04]): within 10%.'
    }
    const compared = results(
      [
        workload({ name: 'slower', comparison: slower }),
        workload({ name: 'same', comparison: same }),
        workload({ name: 'new', comparison: null })
      ],
      {
        baseline: {
          kind: 'checkout',
          source: '../base',
          threshold: 0.1,
          requestedThreshold: 0.1,
          sha: '0123456789abcdef'
        },
        gate: {
          failOn: 'regression',
          failed: true,
          failures: [`regression: slower: ${slower.summary}`],
          notes: []
        }
      }
    )
    expectGolden('report-baseline.md', renderReport(compared))
  })

  it('drops charts first when the budget is tight, and says so (golden)', () => {
    // Room for the tables and two sections, not for every chart (each section says async does not apply).
    const report = renderReport(mixedResults(), {
      maxLength: 6_700,
      fullReportUrl: 'https://github.test/octo/repo/actions/runs/1'
    })
    expect(report.length).toBeLessThanOrEqual(6_700)
    expect(tableNames(report)).toEqual(['cpu-loop', 'sleep-io', 'tiny', 'large_result', 'broken'])
    expectGolden('report-trimmed.md', report)
  })

  it('keeps thirty workloads whole when they fit', () => {
    const report = renderReport(results(many(30)))
    expect(report.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_LENGTH)
    expect(report).not.toContain('Trimmed')
    expect(report.match(/```mermaid/g)).toHaveLength(30)
  })

  it.each([60, 300, 1000, 5000])('stays under 65,536 characters with %i workloads', (count) => {
    const report = renderReport(
      results(many(count, (i) => (i % 97 === 5 ? { mismatch: true, uses: 'serial' } : {})))
    )
    expect(report.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_LENGTH)
    // The trim note is the last thing: nothing was cut blindly at the end.
    expect(report.trimEnd().split('\n').at(-1)).toMatch(
      /^> Trimmed to stay under GitHub's 65,536-character limit for a comment: .* The full report is in the job summary and in the results file\.$/
    )
    const names = tableNames(report)
    if (names.length < count) {
      // Details go before any verdict row does, and the note counts the rows left out.
      expect(report).not.toContain('<details>')
      expect(report).toContain(
        `${count - names.length} of ${count} workloads left out of the verdict table`
      )
      // Mismatches are the last rows to go.
      const flagged = Array.from({ length: count }, (_, i) => i).filter((i) => i % 97 === 5)
      for (const i of flagged) expect(names).toContain(`workload-${String(i).padStart(4, '0')}`)
    } else {
      expect(report).toContain('| workload-0000 |')
    }
  })

  it('measures in bytes when asked (the job summary)', () => {
    const report = renderReport(results(many(400)), {
      maxLength: 100_000,
      measure: (text) => Buffer.byteLength(text),
      limitName: "GitHub's 1 MiB limit for a job summary"
    })
    expect(Buffer.byteLength(report)).toBeLessThanOrEqual(100_000)
    expect(report).toContain("Trimmed to stay under GitHub's 1 MiB limit for a job summary")
  })

  it('keeps cell text from breaking the table or opening HTML', () => {
    const report = renderReport(
      results([workload({ name: 'a_b', reason: 'x | y <script> *z* `q`\nnext line' })])
    )
    const row = report.split('\n').find((line) => line.startsWith('| a\\_b |'))!
    expect(row).toContain('x \\| y &lt;script&gt; \\*z\\* \\`q\\` next line |')
    expect(row.split(' | ')).toHaveLength(7)
  })
})

describe('CPU of child processes in the report', () => {
  it('says how much of the CPU went to processes the workload started', () => {
    const report = renderReport(
      results([
        workload({
          name: 'esbuild-like',
          recommendation: 'serial',
          workers: 1,
          measurements: [measurement('serial', 1, 1, { cpuUse: 0.92, childCpuUse: 0.83 })]
        })
      ])
    )
    expect(report).toContain('0.9 CPU (0.8 in child processes)')
  })
})

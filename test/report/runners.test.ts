import { describe, expect, it } from 'vitest'
import { GITHUB_COMMENT_MAX_LENGTH } from '../../src/limits.ts'
import { renderRunnersReport } from '../../src/report/markdown-runners.ts'
import { mergeRuns } from '../../src/results/merge.ts'
import type { Results } from '../../src/types.ts'
import { expectGolden } from '../helpers/golden.ts'
import { results, workload } from '../helpers/results-factory.ts'
import { threeRunners } from '../helpers/runners-factory.ts'

describe('renderRunnersReport', () => {
  it('renders the runners, a column per runner, the differences and the details (golden)', () => {
    expectGolden('report-runners.md', renderRunnersReport(mergeRuns(threeRunners())))
  })

  it('shows notes, and says when runs measured different commits or were cut short', () => {
    const [a, b] = threeRunners()
    const moved: Results = {
      ...b!.results,
      interrupted: true,
      context: { ...b!.results.context!, headSha: 'f'.repeat(40) }
    }
    const report = renderRunnersReport(mergeRuns([a!, { ...b!, results: moved }]), {
      notes: ['The results name different pull requests (#7, #8): no comment was written.']
    })
    expect(report).toContain(
      '> [!WARNING]\n> The results name different pull requests (#7, #8): no comment was written.'
    )
    expect(report).toContain('The runs measured different commits')
    expect(report).toContain('The run on ubuntu24-16core · Linux x64 · 16 CPUs was cut short')
  })

  it('says which runner was busy throughout', () => {
    const [a, b] = threeRunners()
    const busy: Results = {
      ...b!.results,
      workloads: b!.results.workloads.map((w) => ({
        ...w,
        uncertain: true,
        contention: { monitored: true, turns: 40, setAside: 36, lostSeconds: 9, busy: true }
      }))
    }
    const report = renderRunnersReport(mergeRuns([a!, { ...b!, results: busy }]))
    expect(report).toContain(
      '> [!WARNING]\n> On ubuntu24-16core · Linux x64 · 16 CPUs, the runner was busy throughout: other processes took the CPUs in most rounds'
    )
  })

  it.each([40, 400, 2000])(
    'stays under 65,536 characters with %i workloads on three runners, differing rows kept first',
    (count) => {
      const many = (cpus: number, flip: boolean): Results => {
        const r = results(
          Array.from({ length: count }, (_, i) =>
            workload({
              name: `w${String(i).padStart(4, '0')}`,
              ...(flip && i % 50 === 7 ? { recommendation: 'threads' as const } : {})
            })
          )
        )
        return { ...r, environment: { ...r.environment, cpus } }
      }
      const report = renderRunnersReport(
        mergeRuns([
          { source: 'a.json', results: many(2, false) },
          { source: 'b.json', results: many(8, false) },
          { source: 'c.json', results: many(16, true) }
        ])
      )
      expect(report.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_LENGTH)
      for (let i = 7; i < count; i += 50)
        expect(report).toContain(`| w${String(i).padStart(4, '0')} |`)
      if (count > 40) {
        expect(report.trimEnd().split('\n').at(-1)).toMatch(
          /^> Trimmed to stay under GitHub's 65,536-character limit for a comment: .*(workload runs|differing verdicts, mismatches and failures are kept first)/
        )
      }
    }
  )
})

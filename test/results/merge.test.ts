import { describe, expect, it } from 'vitest'
import { mergeRuns } from '../../src/results/merge.ts'
import type { Results, WorkloadResult } from '../../src/types.ts'
import { interpreterVerdict, results, workload } from '../helpers/results-factory.ts'
import { threeRunners } from '../helpers/runners-factory.ts'

describe('mergeRuns', () => {
  it('labels each run by runner, OS and arch, and CPUs', () => {
    expect(mergeRuns(threeRunners()).runs.map((run) => run.label)).toEqual([
      'ubuntu24 · Linux x64 · 2 CPUs',
      'ubuntu24-16core · Linux x64 · 16 CPUs',
      'macos15 · macOS arm64 · 4 CPUs'
    ])
  })

  it('lines workloads up by name, with null where a run lacks one', () => {
    const merged = mergeRuns(threeRunners())
    expect(merged.workloads.map((w) => w.name)).toEqual([
      'cpu-loop',
      'encode',
      'fork-heavy',
      'sleep-io'
    ])
    const sleep = merged.workloads[3]!
    expect(sleep.results.map((r) => r?.workers ?? null)).toEqual([4, 32, null])
    expect(sleep.differs).toBe(false)
    expect(merged.workloads[0]).toMatchObject({ differs: false, factors: [], why: null })
  })

  it('says a verdict that changes with the core count, and only that', () => {
    const encode = mergeRuns(threeRunners()).workloads[1]!
    expect(encode.differs).toBe(true)
    expect(encode.factors).toEqual(['core count'])
    expect(encode.why).toBe('Core count: threads on 2 and 4 CPUs; processes on 16 CPUs.')
  })

  it('says a verdict that changes with the OS, architecture and start method, not with interleaved core counts', () => {
    const fork = mergeRuns(threeRunners()).workloads[2]!
    expect(fork.factors).toEqual(['start method', 'OS', 'architecture'])
    expect(fork.why).toBe(
      'Start method, OS, architecture: processes on Linux x64 with forkserver; threads on macOS arm64 with spawn.'
    )
  })

  it('says when no trait of the runners separates the verdicts', () => {
    const base = results([workload()])
    const other = results([workload({ recommendation: 'threads', workers: 2 })])
    const merged = mergeRuns([
      { source: 'a.json', results: base },
      { source: 'b.json', results: other }
    ])
    expect(merged.runs.map((run) => run.label)).toEqual([
      'ubuntu24 · Linux x64 · 2 CPUs #1',
      'ubuntu24 · Linux x64 · 2 CPUs #2'
    ])
    expect(merged.workloads[0]!.factors).toEqual([])
    expect(merged.workloads[0]!.why).toMatch(
      /^No runner trait .* separates the verdicts: processes on ubuntu24 · Linux x64 · 2 CPUs #1; threads on ubuntu24 · Linux x64 · 2 CPUs #2\. The difference may be noise/
    )
  })

  it('says a verdict that changes with the Python build, apart from the version', () => {
    const entry = (freeThreaded: boolean) =>
      interpreterVerdict({
        python: 'python3',
        label: freeThreaded ? '3.13t' : '3.13',
        freeThreaded,
        gilEnabled: !freeThreaded,
        recommendation: freeThreaded ? 'threads' : 'processes',
        class: freeThreaded ? 'parallel-without-gil' : 'gil-bound'
      })
    const gil = results([workload({ interpreters: [entry(false)] })], {
      context: { ...results([]).context!, job: 'gil' }
    })
    const free = results([workload({ recommendation: 'threads', interpreters: [entry(true)] })], {
      context: { ...results([]).context!, job: 'free' }
    })
    const merged = mergeRuns([
      { source: 'gil.json', results: gil },
      { source: 'free.json', results: free }
    ])
    expect(merged.workloads[0]).toMatchObject({ differs: true, factors: ['build'] })
    expect(merged.workloads[0]!.why).toBe(
      'Build: processes on GIL build; threads on free-threaded (GIL off).'
    )
  })

  it('tells identical runners apart by job key when the jobs differ', () => {
    const withJob = (job: string): Results => {
      const r = results([workload()])
      return { ...r, context: { ...r.context!, job } }
    }
    const merged = mergeRuns([
      { source: 'a.json', results: withJob('py3.12') },
      { source: 'b.json', results: withJob('py3.13') }
    ])
    expect(merged.runs.map((run) => run.label)).toEqual([
      'ubuntu24 · Linux x64 · 2 CPUs · py3.12',
      'ubuntu24 · Linux x64 · 2 CPUs · py3.13'
    ])
  })

  it('counts a failure as a verdict and leaves out workloads that were not measured', () => {
    const failed: Partial<WorkloadResult> = {
      recommendation: null,
      workers: null,
      class: 'failed',
      measurements: []
    }
    const skipped: Partial<WorkloadResult> = { ...failed, class: 'not-measured' }
    const linux = results([workload()])
    const windows: Results = {
      ...results([workload(failed)]),
      environment: { ...linux.environment, platform: 'win32', pythonStartMethod: 'spawn' }
    }
    const cut = { ...linux, context: { ...linux.context!, runner: 'other' } }
    const merged = mergeRuns([
      { source: 'linux.json', results: linux },
      { source: 'windows.json', results: windows },
      { source: 'cut.json', results: { ...cut, workloads: [workload(skipped)] } }
    ])
    expect(merged.workloads[0]!.differs).toBe(true)
    expect(merged.workloads[0]!.why).toBe('OS: processes on Linux; failed on Windows.')
  })
})

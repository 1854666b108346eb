// Joining each runner's shards and merging the runners (results/combine.ts, results/join-shards.ts),
// on hand-written results files: every workload once, a missing shard named with what it held and
// failing the gates, the later file of a re-run kept, and files that cannot belong together refused.
import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/errors.ts'
import { combineRuns } from '../../src/results/combine.ts'
import type { RunInput } from '../../src/results/merge.ts'
import type { Shard, WorkloadResult } from '../../src/types.ts'
import { shardFile, WHOLE } from '../helpers/shards-factory.ts'

const NAMES = WHOLE.workloads.map((w) => w.name)
const names = (ws: readonly WorkloadResult[]): string[] => ws.map((w) => w.name)

describe('combineRuns: the shards of one runner', () => {
  it('joins three shards into one run with every workload once, in config order', () => {
    const { merged, notes, gate } = combineRuns(
      [3, 1, 2].map((k) => shardFile(k)),
      'never'
    )
    expect(merged.runs).toHaveLength(1)
    const run = merged.runs[0]!
    expect(names(run.results.workloads)).toEqual(NAMES)
    expect(run.results.workloads).toEqual(WHOLE.workloads)
    expect(run.results).toMatchObject({
      shard: null,
      interrupted: false,
      durationSeconds: 60,
      startedAt: '2025-01-01T00:01:00.000Z',
      finishedAt: '2025-01-01T00:03:30.000Z',
      gate: null
    })
    expect(run.source).toBe(
      'shards 1, 2, 3 of 3: results-1/advise-results.json, results-2/advise-results.json, results-3/advise-results.json'
    )
    expect(run.label).toBe('ubuntu24 · Linux x64 · 2 CPUs')
    expect(merged.workloads.map((w) => w.results.length)).toEqual(NAMES.map(() => 1))
    expect(notes).toEqual([])
    expect(gate).toBeNull()
  })

  it('gives the same verdicts and gate as one file of the whole config', () => {
    const sharded = combineRuns(
      [1, 2, 3].map((k) => shardFile(k)),
      'any'
    )
    const whole = combineRuns([{ source: 'whole.json', results: WHOLE }], 'any')
    expect(sharded.merged.runs[0]!.results.workloads).toEqual(
      whole.merged.runs[0]!.results.workloads
    )
    expect(sharded.gate).toEqual(whole.gate)
    expect(sharded.gate?.failures).toEqual([expect.stringMatching(/^uses mismatch: sleep-io:/)])
  })

  it('names a missing shard with the workloads it held, reports them not measured, and fails every gate on them', () => {
    const files = [shardFile(1), shardFile(3)]
    const { merged, notes, gate } = combineRuns(files, 'any')
    const run = merged.runs[0]!
    expect(names(run.results.workloads)).toEqual(NAMES)
    const lost = run.results.workloads.filter((w) => w.class === 'not-measured')
    expect(names(lost)).toEqual(['sleep-io', 'broken'])
    expect(lost[0]).toMatchObject({
      recommendation: null,
      stopReason: 'skipped',
      module: 'fixtures/python/sleep_io.py',
      uses: 'serial',
      reason:
        'Not measured: shard 2/3 sent no results file (its job failed or was cancelled, or its file was not passed).'
    })
    expect(run.results.interrupted).toBe(false)
    expect(notes).toEqual([
      'Shard 2/3 of ubuntu24 · Linux x64 · 2 CPUs sent no results file (its job failed or was cancelled, or its file was not passed): sleep-io, broken not measured.'
    ])
    expect(gate).toMatchObject({ failOn: 'any', failed: true })
    expect(gate!.failures[0]).toBe('not measured: shard 2/3 sent no results file: sleep-io, broken')
    expect(run.results.gate?.failed).toBe(true)
    for (const failOn of ['mismatch', 'regression'] as const)
      expect(combineRuns(files, failOn).gate?.failed, failOn).toBe(true)
    expect(combineRuns(files, 'never').gate).toBeNull()
  })

  it('says nothing of a missing shard that held no workload', () => {
    // Five workloads over six shards, split 1, 2, 3, 1, 2: shards 4 to 6 are empty, 4 and 6 missing.
    const files = [1, 2, 3, 5].map((k) => shardFile(k, {}, 6))
    const { notes, gate } = combineRuns(files, 'mismatch')
    expect(notes).toEqual([])
    expect(gate?.failures.some((line) => line.startsWith('not measured'))).toBe(false)
  })

  it('keeps the later of two files of one shard (a re-run), and says which', () => {
    const first = shardFile(2)
    const rerun: RunInput = {
      source: 'results-2-attempt-2/advise-results.json',
      results: {
        ...first.results,
        finishedAt: '2025-01-01T00:09:00.000Z',
        workloads: first.results.workloads.map((w) => ({ ...w, reason: `re-run: ${w.reason}` }))
      }
    }
    for (const order of [
      [rerun, shardFile(1), first, shardFile(3)],
      [first, shardFile(1), rerun, shardFile(3)]
    ]) {
      const { merged, notes } = combineRuns(order, 'never')
      const sleep = merged.runs[0]!.results.workloads.find((w) => w.name === 'sleep-io')!
      expect(sleep.reason).toMatch(/^re-run: /)
      expect(notes).toEqual([
        'Shard 2/3 of ubuntu24 · Linux x64 · 2 CPUs has two results files (a re-run): kept results-2-attempt-2/advise-results.json, the later one; left out results-2/advise-results.json.'
      ])
    }
  })

  it('joins each runner on its own: two runners, three shards each, two columns', () => {
    const mac = (k: number): RunInput => {
      const file = shardFile(k)
      return {
        source: `mac-${k}.json`,
        results: {
          ...file.results,
          environment: { ...file.results.environment, platform: 'darwin', arch: 'arm64', cpus: 3 },
          context: { ...file.results.context!, runner: 'macos-latest' }
        }
      }
    }
    const { merged } = combineRuns(
      [shardFile(1), mac(1), shardFile(2), mac(2), mac(3), shardFile(3)],
      'never'
    )
    expect(merged.runs.map((r) => r.label)).toEqual([
      'ubuntu24 · Linux x64 · 2 CPUs',
      'macos-latest · macOS arm64 · 3 CPUs'
    ])
    for (const run of merged.runs) expect(names(run.results.workloads)).toEqual(NAMES)
    expect(merged.workloads.map((w) => w.name)).toEqual(NAMES)
  })

  it('joins the shards of one label that ran on machines with other CPU counts, and says so', () => {
    const other = shardFile(2)
    const bigger = {
      ...other,
      results: { ...other.results, environment: { ...other.results.environment, cpus: 8 } }
    }
    const { merged, notes } = combineRuns([shardFile(1), bigger, shardFile(3)], 'never')
    expect(merged.runs).toHaveLength(1)
    expect(names(merged.runs[0]!.results.workloads)).toEqual(NAMES)
    expect(notes).toEqual([
      'The shards of ubuntu24 · Linux x64 · 2 CPUs ran on machines with 2, 8 usable CPUs: its verdicts come from different machines.'
    ])
  })

  it('takes the Python facts from a shard that ran Python', () => {
    const nodeOnly = shardFile(3)
    const files = [
      shardFile(1),
      shardFile(2),
      {
        ...nodeOnly,
        results: {
          ...nodeOnly.results,
          environment: { ...nodeOnly.results.environment, python: null, pythonExecutable: null }
        }
      }
    ]
    expect(combineRuns(files.reverse(), 'never').merged.runs[0]!.results.environment.python).toBe(
      '3.12.3'
    )
  })

  it('passes unsharded files through as they are', () => {
    const whole: RunInput = { source: 'whole.json', results: WHOLE }
    const { merged } = combineRuns([whole, shardFile(1), shardFile(2), shardFile(3)], 'never')
    expect(merged.runs).toHaveLength(2)
    expect(merged.runs[0]!.results).toEqual(WHOLE)
    expect(merged.runs[0]!.label).toBe('ubuntu24 · Linux x64 · 2 CPUs #1')
  })
})

describe('combineRuns: files that do not belong together', () => {
  const refused = (files: readonly RunInput[]): string => {
    try {
      combineRuns(files, 'never')
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError)
      return (error as Error).message
    }
    throw new Error('combineRuns accepted the files')
  }

  it('refuses files of another config, naming the file', () => {
    expect(refused([shardFile(1), shardFile(2, { configFile: 'other.yml' })])).toBe(
      'results-2/advise-results.json: configFile: "other.yml", but results-1/advise-results.json measured ".github/concurrency-advisor.yml"; merge the results of one config'
    )
  })

  it('refuses files of another commit, naming the file', () => {
    const other = shardFile(2)
    const moved = {
      ...other,
      results: { ...other.results, context: { ...other.results.context!, headSha: 'f'.repeat(40) } }
    }
    expect(refused([shardFile(1), moved])).toMatch(
      /^results-2\/advise-results\.json: context\.headSha: measured commit f{40}, but results-1\/advise-results\.json measured 0123456789ab/
    )
  })

  it('refuses shards split differently (other weights or --only)', () => {
    const odd = shardFile(2)
    const resplit: Shard = {
      ...odd.results.shard!,
      workloads: odd.results.shard!.workloads.map((w) =>
        w.name === 'tiny' ? { ...w, shard: 1 } : w
      )
    }
    expect(refused([shardFile(1), { ...odd, results: { ...odd.results, shard: resplit } }])).toBe(
      'results-2/advise-results.json: shard: shard 2/3 was split differently from shard 1/3 (results-1/advise-results.json); every shard job must read the same config, --only and weights files'
    )
  })

  it('refuses a shard that holds a workload its split gave to another', () => {
    const file = shardFile(2)
    const extra = { ...file, results: { ...file.results, workloads: WHOLE.workloads } }
    expect(refused([extra])).toBe(
      'results-2/advise-results.json: workloads: cpu-loop is not in shard 2/3 of its own split'
    )
  })

  it('refuses shards of one runner label that ran other Python versions', () => {
    const other = shardFile(2)
    const py313 = {
      ...other,
      results: { ...other.results, environment: { ...other.results.environment, python: '3.13.1' } }
    }
    expect(refused([shardFile(1), py313])).toBe(
      'results-2/advise-results.json: environment.python: 3.13.1, but results-1/advise-results.json of the same runner ran 3.12.3; give each matrix job that differs a runner-label of its own'
    )
  })

  it('refuses a shard beyond its count', () => {
    const file = shardFile(3)
    const beyond = {
      ...file,
      results: { ...file.results, shard: { ...file.results.shard!, index: 4 } }
    }
    expect(refused([beyond])).toBe(
      'results-3/advise-results.json: shard: shard 4 of 3 does not exist'
    )
  })

  it('needs at least one file', () => {
    expect(refused([])).toBe('report: needs at least one results file')
  })
})

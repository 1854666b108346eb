// The split of a config over N jobs: deterministic, every workload in exactly one shard, balanced by
// the wall times of an earlier run (longest first, to the lightest shard), in config order without.
import { describe, expect, it } from 'vitest'
import {
  parseShard,
  planShards,
  shardConfig,
  shardLine,
  weightsFrom
} from '../../src/config/shard.ts'
import type { ShardWeights } from '../../src/config/shard.ts'
import type { Config, WorkloadSpec } from '../../src/types.ts'
import { results, workload } from '../helpers/results-factory.ts'

function spec(name: string, line: number): WorkloadSpec {
  return {
    name,
    runtime: name.startsWith('node') ? 'node' : 'python',
    module: `${name}.py`,
    modulePath: `/repo/${name}.py`,
    function: 'run',
    args: [],
    tasks: null,
    uses: null,
    timeoutSeconds: 60,
    budgetSeconds: 120,
    memoryBytes: null,
    startMethod: 'default',
    line
  }
}

const specs = (names: readonly string[]): WorkloadSpec[] => names.map((n, i) => spec(n, 3 + i * 4))
const config = (names: readonly string[]): Config => ({
  file: 'advisor.yml',
  baseDir: '/repo',
  python: null,
  pythonSource: 'advisor.yml',
  gilComparison: true,
  margin: 0.1,
  workloads: specs(names)
})
const weights = (seconds: Record<string, number>): ShardWeights => ({
  sources: ['last.json'],
  seconds: new Map(Object.entries(seconds))
})
/** The names each shard holds, shard 1 first. */
function shardsOf(plan: ReturnType<typeof planShards>, count: number): string[][] {
  return Array.from({ length: count }, (_, i) =>
    plan.filter((w) => w.shard === i + 1).map((w) => w.name)
  )
}
const load = (plan: ReturnType<typeof planShards>, shard: number): number =>
  plan.filter((w) => w.shard === shard).reduce((sum, w) => sum + (w.weightSeconds ?? 0), 0)

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 1, count: 1 }],
    ['2/4', { index: 2, count: 4 }],
    [' 3 / 3 ', { index: 3, count: 3 }],
    ['256/256', { index: 256, count: 256 }]
  ])('reads %j', (text, expected) => {
    expect(parseShard(text)).toEqual(expected)
  })

  it.each(['0/3', '4/3', '1/0', '1/257', '2', '1/2/3', '-1/3', '1.5/3', 'a/b', ''])(
    'refuses %j',
    (text) => {
      expect(parseShard(text)).toBeNull()
    }
  )
})

describe('planShards', () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g']

  it('deals the workloads out in config order without weights: workload i to shard (i mod N) + 1', () => {
    const plan = planShards(specs(names), 3, null)
    expect(shardsOf(plan, 3)).toEqual([
      ['a', 'd', 'g'],
      ['b', 'e'],
      ['c', 'f']
    ])
    expect(plan.every((w) => w.weightSeconds === null && !w.estimated)).toBe(true)
    expect(plan[1]).toEqual({
      name: 'b',
      shard: 2,
      weightSeconds: null,
      estimated: false,
      runtime: 'python',
      module: 'b.py',
      function: 'run',
      line: 7,
      uses: null
    })
  })

  it('puts the longest workloads first, each on the shard with the least time so far', () => {
    const plan = planShards(
      specs(names),
      3,
      weights({ a: 5, b: 40, c: 10, d: 25, e: 20, f: 15, g: 5 })
    )
    // b 40 → 1; d 25 → 2; e 20 → 3; f 15 → 3 (35); c 10 → 2 (35); a 5 → 2 (40); g 5 → 3 (40).
    expect(shardsOf(plan, 3)).toEqual([['b'], ['a', 'c', 'd'], ['e', 'f', 'g']])
    expect([1, 2, 3].map((k) => load(plan, k))).toEqual([40, 40, 40])
  })

  it('gives a workload the weights do not know their median, and says so', () => {
    const plan = planShards(specs(['a', 'new', 'b', 'c']), 2, weights({ a: 10, b: 30, c: 20 }))
    expect(plan.find((w) => w.name === 'new')).toMatchObject({ weightSeconds: 20, estimated: true })
    expect(plan.find((w) => w.name === 'b')).toMatchObject({ weightSeconds: 30, estimated: false })
  })

  it('falls back to config order when the weights know none of the workloads', () => {
    const plan = planShards(specs(names), 3, weights({ other: 12 }))
    expect(shardsOf(plan, 3)).toEqual(shardsOf(planShards(specs(names), 3, null), 3))
  })

  it('puts every workload in exactly one shard, and leaves extra shards empty', () => {
    const plan = planShards(specs(['a', 'b']), 4, null)
    expect(shardsOf(plan, 4)).toEqual([['a'], ['b'], [], []])
  })

  it('keeps a lumpy suite within 5% of an even share, where config order is 23% over', () => {
    // Lumpy times, as a suite of real workloads has them (a deterministic sequence of 40).
    const seconds = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`w${i}`, 2 + ((i * 37) % 23) + (i % 7 === 0 ? 20 : 0)])
    )
    const all = Object.keys(seconds)
    const total = Object.values(seconds).reduce((a, b) => a + b, 0)
    const longest = (plan: ReturnType<typeof planShards>, count: number): number =>
      Math.max(...Array.from({ length: count }, (_, i) => load(plan, i + 1)))
    for (const count of [2, 3, 4, 6, 8]) {
      const plan = planShards(specs(all), count, weights(seconds))
      expect(new Set(plan.map((w) => w.name)).size).toBe(all.length)
      expect(longest(plan, count), `${count} shards`).toBeLessThanOrEqual((1.05 * total) / count)
    }
    // The same times dealt out in config order: the weights are what balances.
    const unweighted = planShards(specs(all), 8, null).map((w) => ({
      ...w,
      weightSeconds: seconds[w.name]!
    }))
    expect(longest(unweighted, 8)).toBeGreaterThan((1.2 * total) / 8)
  })

  it('comes out the same from the same inputs, whatever the order of the weights', () => {
    const w = { a: 5, b: 40, c: 10, d: 25, e: 20, f: 15, g: 5 }
    const reversed = Object.fromEntries(Object.entries(w).reverse())
    expect(planShards(specs(names), 4, weights(reversed))).toEqual(
      planShards(specs(names), 4, weights(w))
    )
  })
})

describe('weightsFrom', () => {
  it("takes each workload's wall time, the median over the runs that measured it", () => {
    const run = (a: number, b: number) =>
      results([
        workload({ name: 'a', elapsedSeconds: a }),
        workload({ name: 'b', elapsedSeconds: b }),
        workload({ name: 'late', elapsedSeconds: 0.1, stopReason: 'skipped' }),
        workload({ name: 'cut', elapsedSeconds: 3, stopReason: 'interrupted' })
      ])
    const weighed = weightsFrom(
      ['1.json', '2.json', '3.json'],
      [run(10, 1), run(30, 2), run(12, 9)]
    )
    expect(weighed.sources).toEqual(['1.json', '2.json', '3.json'])
    expect([...weighed.seconds]).toEqual([
      ['a', 12],
      ['b', 2]
    ])
  })
})

describe('shardConfig', () => {
  it('narrows the config to its shard in config order and records the whole split', () => {
    const whole = config(['a', 'b', 'c', 'd', 'e'])
    const parts = [1, 2].map((index) => shardConfig(whole, { index, count: 2 }, null))
    expect(parts.map((p) => p.config.workloads.map((w) => w.name))).toEqual([
      ['a', 'c', 'e'],
      ['b', 'd']
    ])
    expect(parts[0]!.config.file).toBe('advisor.yml')
    expect(parts[1]!.shard).toMatchObject({ index: 2, count: 2, weights: [] })
    expect(parts[0]!.shard.workloads).toEqual(parts[1]!.shard.workloads)
    expect(parts[0]!.shard.workloads.map((w) => w.name)).toEqual(['a', 'b', 'c', 'd', 'e'])
  })
})

describe('shardLine', () => {
  it('names the shard, its workloads and how the split was made, or says it has none', () => {
    const whole = config(['a', 'b', 'c'])
    expect(shardLine(shardConfig(whole, { index: 2, count: 2 }, null).shard)).toBe(
      'Shard 2/2: b (1 of 3 workloads, split in config order (no weights))'
    )
    expect(
      shardLine(shardConfig(whole, { index: 1, count: 2 }, weights({ a: 1, b: 3 })).shard)
    ).toBe('Shard 1/2: b (1 of 3 workloads, split by the wall times in last.json)')
    expect(shardLine(shardConfig(whole, { index: 4, count: 4 }, weights({ z: 1 })).shard)).toBe(
      'Shard 4/4 has no workload: the split gave all 3 to other shards. Nothing to measure.'
    )
  })
})

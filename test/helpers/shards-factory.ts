// Shard files of the mixed results (results-factory.ts), as the jobs of `--shard K/N` would write
// them: the five workloads split 1, 2, 3, 1, 2 (modulo the shard count), each file carrying the split.

import type { RunInput } from '../../src/results/merge.ts'
import type { Results, Shard } from '../../src/types.ts'
import { mixedResults, results } from './results-factory.ts'

/** The unsharded run the shards are cut from. */
export const WHOLE: Results = mixedResults()
// cpu-loop, sleep-io, tiny, large_result, broken
const SPLIT = [1, 2, 3, 1, 2]

/** The split every shard file carries. */
export function plan(count = 3): Shard['workloads'] {
  return WHOLE.workloads.map((w, i) => ({
    name: w.name,
    shard: ((SPLIT[i]! - 1) % count) + 1,
    weightSeconds: w.elapsedSeconds,
    estimated: false,
    runtime: w.runtime,
    module: w.module,
    function: w.function,
    line: w.line,
    uses: w.uses
  }))
}

/** Shard `index` of the mixed results, as the job measuring it would write it. */
export function shardFile(index: number, overrides: Partial<Results> = {}, count = 3): RunInput {
  const workloads = plan(count)
  const mine = WHOLE.workloads.filter((_, i) => workloads[i]!.shard === index)
  return {
    source: `results-${index}/advise-results.json`,
    results: results(mine, {
      durationSeconds: 10 * index,
      startedAt: `2025-01-01T00:0${index}:00.000Z`,
      finishedAt: `2025-01-01T00:0${index}:30.000Z`,
      shard: { index, count, weights: ['last.json'], workloads },
      ...overrides
    })
  }
}

// The reports of merged shards (concurrency-advisor report, the action's report mode), golden-tested:
// two runners joined from three shards each, one shard of the second missing, under --fail-on any.
import { describe, expect, it } from 'vitest'
import { renderRunnersReport } from '../../src/report/markdown-runners.ts'
import { renderRunsTerminal } from '../../src/report/terminal-runners.ts'
import { combineRuns } from '../../src/results/combine.ts'
import type { RunInput } from '../../src/results/merge.ts'
import { expectGolden } from '../helpers/golden.ts'
import { shardFile } from '../helpers/shards-factory.ts'

/** Shard `k` as a 4-CPU macOS runner measured it. */
function mac(k: number): RunInput {
  const file = shardFile(k)
  return {
    source: `results-macos-${k}/advise-results.json`,
    results: {
      ...file.results,
      environment: { ...file.results.environment, platform: 'darwin', arch: 'arm64', cpus: 4 },
      context: { ...file.results.context!, runner: 'macos-latest' }
    }
  }
}

const combined = combineRuns([shardFile(1), shardFile(2), shardFile(3), mac(1), mac(3)], 'any')

describe('reports of merged shards', () => {
  it('prints each runner, the missing shard and the failed gate for a terminal (golden)', () => {
    expectGolden(
      'terminal-shards.txt',
      renderRunsTerminal(combined.merged, combined.notes, combined.gate)
    )
  })

  it('renders one column per runner, the missing shard as a warning and the gate (golden)', () => {
    const report = renderRunnersReport(combined.merged, {
      notes: combined.notes,
      gate: combined.gate
    })
    expectGolden('report-shards.md', report)
    const header = report.split('\n').find((line) => line.startsWith('| Workload |'))!
    expect(header).toBe(
      '| Workload | ubuntu24 · Linux x64 · 2 CPUs | macos-latest · macOS arm64 · 4 CPUs | Across runners |'
    )
    expect(report).toContain(
      '> [!WARNING]\n> Shard 2/3 of macos-latest · macOS arm64 · 4 CPUs sent no results file'
    )
    expect(report).toContain('> **Gate failed** (`fail-on: any`):')
  })
})

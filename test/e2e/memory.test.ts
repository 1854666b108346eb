// Per-workload memory limits through the real CLI, for Python and Node: a workload allocating far
// beyond `memory: 100MB` is reported as exceeding it, on every strategy; a healthy workload under a
// generous limit is unaffected; the other workloads still run.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseResults } from '../../src/results/file.ts'
import type { Results, WorkloadResult } from '../../src/types.ts'
import { ROOT } from '../helpers/dist.ts'
import { killMarkedProcesses, waitForNoMarkedProcesses } from '../helpers/processes.ts'
import { tempDir } from '../helpers/temp.ts'
import { SOURCE_CLI, startCli } from '../helpers/tracked-cli.ts'
import type { TrackedRun } from '../helpers/tracked-cli.ts'

const dir = tempDir('ca-e2e-memory-')
const config = dir.write(
  'memory.yml',
  [
    'timeout: 20',
    'budget: 2',
    'workloads:',
    '  - {name: py-hog, module: test/fixtures/python/faults.py, function: eat_memory, args: [400], memory: 100MB}',
    '  - {name: py-fine, module: fixtures/python/sleep_io.py, function: wait, args: [0.02], tasks: 8, memory: 1GB}',
    '  - {name: node-buffers, module: test/fixtures/node/faults.ts, function: eatMemory, args: [400], memory: 100MB}',
    '  - {name: node-heap, module: test/fixtures/node/faults.ts, function: eatHeap, args: [400], memory: 100MB}',
    '  - {name: node-fine, module: test/fixtures/node/faults.ts, function: sleep, args: [0.02], tasks: 8, memory: 1GB}',
    ''
  ].join('\n')
)
const json = join(dir.path, 'memory.json')
let run: TrackedRun
let results: Results
let marker = ''
let survivors: unknown[] = []

beforeAll(async () => {
  const cli = startCli(SOURCE_CLI, ['--config', config, '--json', json, '--quiet'], ROOT)
  marker = cli.marker
  run = await cli.done
  survivors = await waitForNoMarkedProcesses(marker)
  results = parseResults(JSON.parse(readFileSync(json, 'utf8')), json)
}, 600_000)
afterAll(() => killMarkedProcesses(marker))

function workload(name: string): WorkloadResult {
  return results.workloads.find((w) => w.name === name)!
}

describe('memory limits through the CLI', () => {
  it('runs every workload to a result, leaving nothing behind', () => {
    expect(run.code).toBe(0)
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(results.workloads).toHaveLength(5)
    expect(survivors).toEqual([])
  })

  it.each(['py-hog', 'node-buffers', 'node-heap'])(
    'reports %s as exceeding the limit on every strategy',
    (name) => {
      const result = workload(name)
      expect(result).toMatchObject({ class: 'failed', recommendation: null })
      expect(result.measurements).toHaveLength(
        results.workloads.find((w) => w.name === 'py-fine')!.measurements.length
      )
      for (const measurement of result.measurements) {
        expect(measurement.error, `${measurement.strategy} ×${measurement.workers}`).toMatchObject({
          kind: 'memory',
          message: expect.stringMatching(/^exceeded the memory limit of 100 MB/) as unknown
        })
      }
      expect(result.reason).toMatch(/^Every strategy failed: serial: exceeded the memory limit/)
    }
  )

  it.each([
    ['py-fine', 'threads'],
    // faults.ts's sleep returns a promise: the event loop overlaps the timers, lighter than threads.
    ['node-fine', 'async']
  ] as const)('leaves %s under a generous limit unaffected', (name, verdict) => {
    const result = workload(name)
    expect(result.measurements.every((m) => m.error === null)).toBe(true)
    expect(result.recommendation).toBe(verdict)
  })
})

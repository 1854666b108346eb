// The whole-run budget (--budget SEC) through the real CLI: the run ends near the budget, what was
// measured is kept, the workload not reached is reported as not measured, and the results are
// written. Bounds come from the config (budget, call length, tasks), never from a tight timing.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseResults } from '../../src/results/file.ts'
import { ROOT } from '../helpers/dist.ts'
import { killMarkedProcesses, waitForNoMarkedProcesses } from '../helpers/processes.ts'
import { tempDir } from '../helpers/temp.ts'
import { SOURCE_CLI, startCli } from '../helpers/tracked-cli.ts'

const dir = tempDir('ca-e2e-budget-')
const SLACK_SECONDS = 15
let marker = ''
afterEach(() => killMarkedProcesses(marker))

async function runWithBudget(name: string, yaml: string, budget: number) {
  const config = dir.write(`${name}.yml`, yaml)
  const json = join(dir.path, `${name}.json`)
  const cli = startCli(
    SOURCE_CLI,
    ['--config', config, '--json', json, '--budget', String(budget)],
    ROOT
  )
  marker = cli.marker
  const run = await cli.done
  const survivors = await waitForNoMarkedProcesses(marker)
  return { run, survivors, results: parseResults(JSON.parse(readFileSync(json, 'utf8')), json) }
}

describe('--budget', () => {
  it('stops two slow workloads near the budget and reports the one not reached', async () => {
    const budget = 4
    const callSeconds = 0.3
    const tasks = 4
    const { run, survivors, results } = await runWithBudget(
      'two-slow',
      [
        'timeout: 30',
        'workloads:',
        `  - {name: first, module: fixtures/python/sleep_io.py, function: wait, args: [${callSeconds}], tasks: ${tasks}}`,
        `  - {name: second, module: fixtures/python/sleep_io.py, function: wait, args: [${callSeconds}], tasks: ${tasks}}`,
        ''
      ].join('\n'),
      budget
    )
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(run.code).toBe(0)
    // The budget, plus the one step it cannot cut today (a serial round of `tasks` calls), plus slack
    // for starting the CLI and the interpreters.
    expect(run.seconds).toBeLessThan(budget + tasks * callSeconds + SLACK_SECONDS)
    expect(results.interrupted).toBe(true)
    const [first, second] = results.workloads
    expect(first).toMatchObject({ name: 'first', stopReason: 'interrupted' })
    expect(second).toMatchObject({
      name: 'second',
      stopReason: 'skipped',
      class: 'not-measured',
      recommendation: null,
      rounds: 0
    })
    expect(second!.reason).toMatch(/^Not measured: the run was stopped or its budget ran out/)
    expect(run.stdout).toMatch(/workloads not reached are reported as not measured/)
    expect(survivors).toEqual([])
  })

  // One call longer than the budget (here 20 s, bounded only by the 60 s timeout) must not run to its
  // end: the session is stopped at the run's deadline.
  it('kills the step in progress when the budget runs out', async () => {
    const budget = 3
    const { run, survivors, results } = await runWithBudget(
      'one-long-call',
      [
        'timeout: 60',
        'workloads:',
        '  - {name: long, module: fixtures/python/sleep_io.py, function: wait, args: [20], tasks: 2}',
        ''
      ].join('\n'),
      budget
    )
    expect(run.code).toBe(0)
    expect(results.interrupted).toBe(true)
    expect(results.workloads[0]).toMatchObject({ stopReason: 'interrupted', recommendation: null })
    // The stopped step is the engine's doing, not a fault of the workload.
    expect(results.workloads[0]!.measurements.every((m) => m.error === null)).toBe(true)
    expect(survivors).toEqual([])
    expect(run.seconds).toBeLessThan(budget + SLACK_SECONDS)
  })
})

// Issue 6's second check, through dist/cli.js as users run it: workloads that raise, exit, segfault,
// hang and spin (3 s timeouts) beside healthy ones. Each fault is reported with what happened, the
// healthy workloads get their verdicts, the results are written, the run ends in a time bounded by
// the config, and no process of the run is left behind.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeMachine } from '../../src/measure/environment.ts'
import { planContenders } from '../../src/measure/plan.ts'
import { parseResults } from '../../src/results/file.ts'
import type { Fault, Results, Strategy, WorkloadResult } from '../../src/types.ts'
import { ensureDist, ROOT } from '../helpers/dist.ts'
import { killMarkedProcesses, waitForNoMarkedProcesses } from '../helpers/processes.ts'
import { tempDir } from '../helpers/temp.ts'
import { startCli } from '../helpers/tracked-cli.ts'
import type { TrackedRun } from '../helpers/tracked-cli.ts'

const TIMEOUT = 3
const BUDGET = 3
const PY = 'test/fixtures/python/faults.py'
const JS = 'test/fixtures/node/faults.ts'

/** What each strategy must report: a pattern for the message and the fields that must match. */
type FaultPattern = Omit<Partial<Fault>, 'message'> & { readonly message: RegExp }
// Synchronous fixtures: no `async` contender is planned for them.
type Expected = Record<Exclude<Strategy, 'async'>, FaultPattern>

const everywhere = (fault: FaultPattern): Expected => ({
  serial: fault,
  threads: fault,
  processes: fault
})
// Serial's first call times out; the other strategies either time out too or, where the engine
// knows they would (one call outlasted the timeout), say so without being started.
const laterTimeout = {
  kind: 'timeout',
  message: /^timed out after 3 s( \(not started: .*\))?$/
} as const
const timedOut: Expected = {
  serial: { kind: 'timeout', message: /^timed out after 3 s$/ },
  threads: laterTimeout,
  processes: laterTimeout
}

const FAULTY: readonly { name: string; module: string; fn: string; expected: Expected }[] = [
  {
    name: 'py-raises',
    module: PY,
    fn: 'raises',
    expected: everywhere({ kind: 'exception', type: 'ValueError', message: /^ValueError: boom$/ })
  },
  {
    name: 'py-exits',
    module: PY,
    fn: 'exits',
    expected: {
      serial: { kind: 'exit', exitCode: 3, message: /^exited with code 3/ },
      // os._exit in a pool thread ends the whole interpreter.
      threads: { kind: 'exit', exitCode: 3, message: /^exited with code 3/ },
      processes: { kind: 'exit', exitCode: 3, message: /^a worker process exited with code 3$/ }
    }
  },
  {
    name: 'py-segfault',
    module: PY,
    fn: 'segfault',
    expected: {
      serial: { kind: 'signal', signal: 'SIGSEGV', message: /^killed by SIGSEGV/ },
      threads: { kind: 'signal', signal: 'SIGSEGV', message: /^killed by SIGSEGV/ },
      processes: {
        kind: 'signal',
        signal: 'SIGSEGV',
        message: /^a worker process was killed by SIGSEGV$/
      }
    }
  },
  { name: 'py-hang', module: PY, fn: 'hang', expected: timedOut },
  { name: 'py-deadlock', module: PY, fn: 'deadlock', expected: timedOut },
  { name: 'py-spin', module: PY, fn: 'spin', expected: timedOut },
  {
    name: 'node-raises',
    module: JS,
    fn: 'raises',
    expected: everywhere({
      kind: 'exception',
      type: 'TypeError',
      message: /^TypeError: bad input$/
    })
  },
  {
    name: 'node-exits',
    module: JS,
    fn: 'exits',
    expected: {
      serial: { kind: 'exit', exitCode: 3, message: /^exited with code 3/ },
      // process.exit() in a worker thread ends only that thread.
      threads: { kind: 'exit', exitCode: 3, message: /^a worker thread exited with code 3$/ },
      processes: { kind: 'exit', exitCode: 3, message: /^a worker process exited with code 3$/ }
    }
  },
  {
    name: 'node-segfault',
    module: JS,
    fn: 'segfault',
    expected: {
      serial: { kind: 'signal', signal: 'SIGSEGV', message: /^killed by SIGSEGV/ },
      // A signal to the process from a worker thread takes the whole harness down.
      threads: { kind: 'signal', signal: 'SIGSEGV', message: /^killed by SIGSEGV/ },
      processes: {
        kind: 'signal',
        signal: 'SIGSEGV',
        message: /^a worker process was killed by SIGSEGV$/
      }
    }
  },
  { name: 'node-hang', module: JS, fn: 'hang', expected: timedOut },
  { name: 'node-deadlock', module: JS, fn: 'deadlock', expected: timedOut },
  { name: 'node-spin', module: JS, fn: 'spin', expected: timedOut }
]

const HEALTHY: readonly { name: string; line: string; verdict: Strategy }[] = [
  {
    name: 'py-sleep',
    line: '{name: py-sleep, module: fixtures/python/sleep_io.py, function: wait, args: [0.02], tasks: 8}',
    verdict: 'threads'
  },
  {
    name: 'node-trivial',
    line: '{name: node-trivial, module: fixtures/node/trivial.mjs, function: increment, args: [41]}',
    verdict: 'serial'
  }
]

const dir = tempDir('ca-e2e-faults-')
const config = dir.write(
  'faults.yml',
  [
    `timeout: ${TIMEOUT}`,
    `budget: ${BUDGET}`,
    'workloads:',
    // Healthy ones first and last, so that a fault cannot spoil what comes after it.
    `  - ${HEALTHY[0]!.line}`,
    ...FAULTY.map((w) => `  - {name: ${w.name}, module: ${w.module}, function: ${w.fn}}`),
    `  - ${HEALTHY[1]!.line}`,
    ''
  ].join('\n')
)
const resultsPath = join(dir.path, 'results.json')

/**
 * The longest the run may take, from the config alone: every strategy session of every workload
 * may spend one timeout on its failing step, every healthy workload its budget, plus slack for
 * starting and killing processes on a busy 2-CPU machine. Not a timing assertion: a bound that only
 * a hang the tool failed to stop can break.
 */
function boundSeconds(): number {
  const machine = probeMachine()
  const sessions = planContenders(machine.cpus, machine.platform).length
  const workloads = FAULTY.length + HEALTHY.length
  return workloads * (sessions * TIMEOUT + BUDGET) + 60
}

let run: TrackedRun
let results: Results
let marker = ''
let survivors: unknown[] = []

beforeAll(async () => {
  const cli = startCli(
    await ensureDist('cli.js'),
    ['--config', config, '--json', resultsPath],
    ROOT
  )
  marker = cli.marker
  run = await cli.done
  survivors = await waitForNoMarkedProcesses(marker, 10_000)
  results = parseResults(JSON.parse(readFileSync(resultsPath, 'utf8')), resultsPath)
}, 900_000)

afterAll(() => killMarkedProcesses(marker))

function workload(name: string): WorkloadResult {
  const found = results.workloads.find((w) => w.name === name)
  if (found === undefined) throw new Error(`no workload ${name} in the results`)
  return found
}

describe('faulty workloads beside healthy ones, through dist/cli.js', () => {
  it('exits 0 within the bound the config sets, having written the results', () => {
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(run.code).toBe(0)
    expect(run.seconds).toBeLessThan(boundSeconds())
    expect(results.interrupted).toBe(false)
    expect(results.workloads.map((w) => w.name)).toEqual([
      HEALTHY[0]!.name,
      ...FAULTY.map((w) => w.name),
      HEALTHY[1]!.name
    ])
    expect(run.stdout).toContain(`Results written to ${resultsPath}`)
  })

  it('leaves no process of the run alive', () => {
    expect(survivors).toEqual([])
  })

  it.each(HEALTHY)('gives the healthy $name its verdict', ({ name, verdict }) => {
    const result = workload(name)
    expect(result.error).toBeNull()
    expect(result.recommendation).toBe(verdict)
    expect(result.measurements.every((m) => m.error === null)).toBe(true)
  })

  it.each(FAULTY)('reports what happened to $name on every strategy', ({ name, expected }) => {
    const result = workload(name)
    expect(result.recommendation).toBeNull()
    expect(result.workers).toBeNull()
    expect(result.class).toBe('failed')
    expect(result.stopReason).toBe('failed')
    const sessions = planContenders(
      results.environment.cpus,
      results.environment.platform as NodeJS.Platform
    )
    expect(result.measurements.map((m) => [m.strategy, m.workers])).toEqual(
      sessions.map((s) => [s.strategy, s.workers])
    )
    for (const measurement of result.measurements) {
      if (measurement.strategy === 'async')
        throw new Error('no async contender for a synchronous fixture')
      const { message, ...fields } = expected[measurement.strategy]
      expect(measurement.error, `${measurement.strategy} ×${measurement.workers}`).toMatchObject({
        ...fields,
        message: expect.stringMatching(message) as unknown
      })
      expect(measurement.rounds).toBe(0)
    }
    // The reason names each strategy's fault in words.
    for (const strategy of ['serial', 'threads', 'processes'] as const) {
      const fault = result.measurements.find((m) => m.strategy === strategy)!.error!
      expect(result.reason).toContain(`${strategy}: ${fault.message}`)
    }
  })
})

// A cancelled CI job: SIGINT or SIGTERM reaches the CLI mid-run, while a workload's pools are alive.
// The CLI kills everything it started, still writes what was measured (the run marked interrupted,
// the workload in progress marked, the finished ones kept), and exits 130 or 143. SIGKILL leaves it
// no chance to clean up: the harnesses' parent watch must then kill their own process groups.

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { parseResults } from '../../src/results/file.ts'
import type { Results } from '../../src/types.ts'
import { ensureDist, ROOT } from '../helpers/dist.ts'
import {
  killMarkedProcesses,
  markedProcesses,
  waitForNoMarkedProcesses
} from '../helpers/processes.ts'
import { tempDir } from '../helpers/temp.ts'
import { SOURCE_CLI, startCli } from '../helpers/tracked-cli.ts'
import type { TrackedCli } from '../helpers/tracked-cli.ts'

const dir = tempDir('ca-e2e-interrupt-')
/** Seconds the CLI may take to stop once signalled: the step in progress is killed, not awaited. */
const STOP_SECONDS = 15
let marker = ''
afterEach(() => killMarkedProcesses(marker))

const SLOW = {
  python:
    '{name: slow, module: fixtures/python/sleep_io.py, function: wait, args: [0.2], tasks: 8}',
  node: '{name: slow, module: test/fixtures/node/faults.ts, function: sleep, args: [0.2], tasks: 8}'
} as const

/** A quick workload that finishes, a slow one to interrupt (pools alive), one never reached. */
function threeWorkloads(slow: string): string {
  return [
    'timeout: 60',
    'budget: 60',
    'workloads:',
    '  - {name: quick, module: fixtures/python/sleep_io.py, function: wait, args: [0.01], tasks: 8, budget: 1}',
    `  - ${slow}`,
    '  - {name: never, module: fixtures/node/trivial.mjs, function: increment, args: [1]}',
    ''
  ].join('\n')
}

/** A config of one workload (`{name: ..., module: ...}`), its timeout long enough to interrupt it first. */
function oneWorkload(workload: string): string {
  return ['timeout: 60', 'workloads:', `  - ${workload}`, ''].join('\n')
}

function start(entry: string, name: string, yaml: string): { cli: TrackedCli; json: string } {
  const config = dir.write(`${name}.yml`, yaml)
  const json = join(dir.path, `${name}.json`)
  const cli = startCli(entry, ['--config', config, '--json', json], ROOT)
  marker = cli.marker
  return { cli, json }
}

/** Waits until the run's pre-flight check process is running. */
async function waitForCheck(): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!markedProcesses(marker).some((p) => p.args.includes('--check'))) {
    if (Date.now() > deadline) throw new Error('the check never started')
    await sleep(100)
  }
}

function readJson(json: string): Results {
  return parseResults(JSON.parse(readFileSync(json, 'utf8')), json)
}

describe('interrupting the CLI', () => {
  it.each([
    ['SIGINT', 'python', 'source', 130],
    ['SIGTERM', 'node', 'source', 143],
    ['SIGTERM', 'python', 'dist', 143]
  ] as const)(
    '%s mid-run (%s pools alive, %s CLI) kills everything, writes partial results and exits %i',
    async (signal, runtime, build, code) => {
      const entry = build === 'dist' ? await ensureDist('cli.js') : SOURCE_CLI
      const { cli, json } = start(entry, `${signal}-${runtime}`, threeWorkloads(SLOW[runtime]))
      await cli.waitForLine(/\bslow: round 1 done\b/)
      // Every strategy of `slow` has a live harness now: processes ×4 alone is five processes.
      expect(markedProcesses(marker).length).toBeGreaterThan(8)
      const signalled = performance.now()
      cli.child.kill(signal)
      const run = await cli.done
      expect((performance.now() - signalled) / 1000).toBeLessThan(STOP_SECONDS)
      expect(run.code).toBe(code)
      expect(run.stderr).toContain(`concurrency-advisor: ${signal}: stopping all workloads`)
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /)
      expect(await waitForNoMarkedProcesses(marker)).toEqual([])

      const results = readJson(json)
      expect(results.interrupted).toBe(true)
      const [quick, slow, never] = results.workloads
      // Measured before the signal: kept as it was.
      expect(quick).toMatchObject({ name: 'quick', recommendation: 'threads' })
      expect(quick!.stopReason).not.toMatch(/interrupted|skipped/)
      // In progress: marked, with the rounds it had.
      expect(slow).toMatchObject({ name: 'slow', stopReason: 'interrupted' })
      expect(slow!.rounds).toBeGreaterThanOrEqual(1)
      const serial = slow!.measurements.find((m) => m.strategy === 'serial')
      expect(serial?.rounds).toBeGreaterThanOrEqual(1)
      // Killing the harnesses is the CLI's doing, not a fault of the workload.
      expect(slow!.measurements.every((m) => m.error === null)).toBe(true)
      // Not reached.
      expect(never).toMatchObject({ name: 'never', stopReason: 'skipped', class: 'not-measured' })
    }
  )

  it.each(['python', 'node'] as const)(
    'SIGKILL mid-run (%s pools alive): the harnesses kill their own groups',
    async (runtime) => {
      const { cli } = start(SOURCE_CLI, `sigkill-${runtime}`, threeWorkloads(SLOW[runtime]))
      await cli.waitForLine(/\bslow: round 1 done\b/)
      expect(markedProcesses(marker).length).toBeGreaterThan(8)
      cli.child.kill('SIGKILL')
      const run = await cli.done
      expect(run.signal).toBe('SIGKILL')
      expect(await waitForNoMarkedProcesses(marker, 10_000)).toEqual([])
    }
  )

  // The pool's members spin for ever in its first turn, and its host awaits that turn: its main thread
  // runs none of the user's code and reads no command until the turn ends, so only its watch, a
  // timer of that thread, sees the engine die.
  it('SIGKILL while a Node pool turn never ends: its host still kills its group', async () => {
    const { cli } = start(
      SOURCE_CLI,
      'sigkill-node-pool',
      oneWorkload(
        '{name: spin, module: test/fixtures/node/faults.ts, function: spinInPool, tasks: 8}'
      )
    )
    await cli.waitForLine(/\bspin: 8 calls per round\b/)
    // threads ×2 starts and takes its first turn, which never ends.
    await sleep(1500)
    cli.child.kill('SIGKILL')
    const run = await cli.done
    expect(run.signal).toBe('SIGKILL')
    expect(await waitForNoMarkedProcesses(marker, 10_000)).toEqual([])
  })

  it('SIGKILL while a Python workload holds the GIL in C: nothing survives', async () => {
    const { cli } = start(
      SOURCE_CLI,
      'sigkill-gil',
      oneWorkload('{name: gil, module: test/fixtures/python/faults.py, function: hold_gil}')
    )
    await cli.waitForLine(/gil: calibrating/)
    // The serial harness is now stuck in the regular expression.
    await sleep(1500)
    expect(markedProcesses(marker).some((p) => p.args.includes('harness.py'))).toBe(true)
    cli.child.kill('SIGKILL')
    await cli.done
    expect(await waitForNoMarkedProcesses(marker, 10_000)).toEqual([])
  })

  it.each([
    ['python', 'test/fixtures/python/slow_import.py'],
    ['node', 'test/fixtures/node/slow-import.ts']
  ] as const)(
    'SIGKILL during the pre-flight check of a %s module that takes 30 s to import: nothing survives',
    async (runtime, module) => {
      const { cli } = start(
        SOURCE_CLI,
        `sigkill-check-${runtime}`,
        oneWorkload(`{name: slow-import, module: ${module}, function: f}`)
      )
      // Killed as soon as the check process exists, before it is even up: the harness must still
      // know whose death to watch for.
      await waitForCheck()
      cli.child.kill('SIGKILL')
      await cli.done
      expect(await waitForNoMarkedProcesses(marker, 10_000)).toEqual([])
    }
  )

  // A signal during the pre-flight checks kills the check process: that says nothing about the
  // module, so its workloads are not measured rather than failing to load.
  it('SIGTERM during the pre-flight checks reports the workloads as not measured', async () => {
    const { cli, json } = start(
      SOURCE_CLI,
      'sigterm-check',
      oneWorkload('{name: slow-import, module: test/fixtures/python/slow_import.py, function: f}')
    )
    await waitForCheck()
    cli.child.kill('SIGTERM')
    const run = await cli.done
    expect(run.code).toBe(143)
    expect(await waitForNoMarkedProcesses(marker)).toEqual([])
    expect(existsSync(json)).toBe(true)
    const results = readJson(json)
    expect(results.interrupted).toBe(true)
    expect(results.workloads[0]).toMatchObject({
      name: 'slow-import',
      class: 'not-measured',
      error: null
    })
  })
})

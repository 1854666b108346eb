// Hand-written Results for renderer and action tests: realistic shapes with chosen numbers, so that the
// golden files do not depend on a measurement.

import type { Measurement, Results, Strategy, WorkloadResult } from '../../src/types.ts'

/** One measurement; speedup and wall time are derived from a serial round of `serialWall` seconds. */
export function measurement(
  strategy: Strategy,
  workers: number,
  speedup: number | null,
  overrides: Partial<Measurement> = {}
): Measurement {
  const serialWall = 0.8
  const wall = speedup === null ? null : serialWall / speedup
  return {
    python: 'python3',
    gilForced: false,
    strategy,
    workers,
    rounds: 12,
    wallSamples: wall === null ? [] : Array.from({ length: 12 }, () => wall),
    wallSeconds: wall,
    interval: wall === null ? null : { low: wall * 0.97, high: wall * 1.03, confidence: 0.96 },
    speedup,
    speedupInterval:
      speedup === null || strategy === 'serial'
        ? null
        : { low: speedup * 0.95, high: speedup * 1.04, confidence: 0.96 },
    cpuSeconds: wall === null ? null : wall * Math.min(workers, 2) * 0.98,
    cpuUse: wall === null ? null : Math.min(workers, 2) * 0.98,
    childCpuSeconds: null,
    childCpuUse: null,
    peakRssBytes: strategy === 'processes' ? 14_000_000 * (workers + 1) : 14_000_000,
    startupSeconds: strategy === 'serial' ? 0 : strategy === 'threads' ? 0.0004 : 0.09 * workers,
    bytesToWorkersPerCall: strategy === 'processes' ? 48 : null,
    bytesFromWorkersPerCall: strategy === 'processes' ? 24 : null,
    error: null,
    stopped: null,
    ...overrides
  }
}

/** A sweep of threads and processes at 1, 2 and 4 workers plus serial. */
export function sweep(threads: readonly number[], processes: readonly number[]): Measurement[] {
  const counts = [1, 2, 4]
  return [
    measurement('serial', 1, 1),
    ...counts.map((w, i) => measurement('threads', w, threads[i] ?? null)),
    ...counts.map((w, i) => measurement('processes', w, processes[i] ?? null))
  ]
}

export function workload(overrides: Partial<WorkloadResult> = {}): WorkloadResult {
  return {
    name: 'cpu-loop',
    runtime: 'python',
    module: 'fixtures/python/cpu_loop.py',
    function: 'count_primes',
    line: 3,
    tasks: 16,
    callSeconds: 0.05,
    uses: null,
    coroutine: false,
    recommendation: 'processes',
    recommendedPython: 'python3',
    workers: 2,
    class: 'gil-bound',
    reason:
      'Processes ×2 run 1.91x faster than serial; threads stay at 0.99x because the GIL serialises them.',
    mismatch: false,
    uncertain: false,
    rounds: 12,
    stopReason: 'settled',
    elapsedSeconds: 14.2,
    startMethod: 'forkserver',
    measurements: sweep([0.99, 0.98, 0.97], [0.97, 1.91, 1.93]),
    error: null,
    predictions: [],
    comparison: null,
    interpreters: null,
    ...overrides
  }
}

export function results(
  workloads: readonly WorkloadResult[],
  overrides: Partial<Results> = {}
): Results {
  return {
    schemaVersion: 1,
    tool: { name: 'concurrency-advisor', version: '0.1.0' },
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:42.000Z',
    durationSeconds: 42,
    configFile: '.github/concurrency-advisor.yml',
    baseline: null,
    gate: null,
    environment: {
      cpus: 2,
      hostCpus: 4,
      platform: 'linux',
      arch: 'x64',
      osRelease: '6.8.0',
      python: '3.12.3',
      pythonExecutable: '/usr/bin/python3',
      pythonStartMethod: 'forkserver',
      interpreters: [
        {
          python: 'python3',
          version: '3.12.3',
          executable: '/usr/bin/python3',
          freeThreaded: false,
          gilEnabled: true,
          gilForcedBy: null,
          defaultStartMethod: 'forkserver'
        }
      ],
      node: '24.11.0'
    },
    context: {
      runner: 'ubuntu24',
      repository: 'octo/repo',
      pullRequest: 7,
      headSha: '0123456789abcdef0123456789abcdef01234567',
      baseSha: 'fedcba9876543210fedcba9876543210fedcba98',
      runId: '99',
      job: 'advise'
    },
    interrupted: false,
    workloads,
    ...overrides
  }
}

/** The mix the golden files show: a clear win, a mismatch, an uncertain call, failures and predictions. */
export function mixedResults(): Results {
  return results([
    workload({
      predictions: [
        {
          strategy: 'processes',
          model: 'amdahl',
          parameters: { serialFraction: 0.021 },
          fitError: 0.012,
          fittedWorkers: [1, 2, 4],
          caveat: null,
          points: [
            { cpus: 4, speedup: 3.76 },
            { cpus: 8, speedup: 6.93 },
            { cpus: 16, speedup: 12.1 }
          ]
        }
      ]
    }),
    workload({
      name: 'sleep-io',
      module: 'fixtures/python/sleep_io.py',
      function: 'wait',
      uses: 'serial',
      recommendation: 'threads',
      workers: 4,
      class: 'io-bound',
      reason:
        'Threads ×4 run 3.9x faster than serial while using 0.02 CPU: the calls wait, they do not compute.',
      mismatch: true,
      measurements: sweep([1, 1.98, 3.9], [0.9, 1.7, 3.2])
    }),
    workload({
      name: 'tiny',
      module: 'fixtures/python/tiny.py',
      function: 'add_one',
      uses: 'serial',
      recommendation: 'serial',
      workers: 1,
      class: 'overhead-bound',
      reason:
        'A call takes 80 ns: every pool costs more than it saves (threads 0.21x, processes 0.02x).',
      uncertain: true,
      stopReason: 'budget',
      measurements: sweep([0.21, 0.2, 0.19], [0.02, 0.03, 0.03])
    }),
    workload({
      name: 'large_result',
      module: 'fixtures/python/large_result.py',
      function: 'build',
      recommendation: 'threads',
      workers: 2,
      class: 'transfer-bound',
      reason:
        'Threads ×2 run 1.4x faster; processes spend their time pickling 16.8 MB per result | copying.',
      measurements: [
        measurement('serial', 1, 1),
        measurement('threads', 1, 1),
        measurement('threads', 2, 1.4),
        measurement('processes', 1, 0.5),
        measurement('processes', 2, null, {
          rounds: 0,
          error: {
            kind: 'memory',
            message: 'the processes used more than 512 MB',
            detail: 'MemoryError\n  at pickle.dumps'
          }
        })
      ]
    }),
    workload({
      name: 'broken',
      module: 'fixtures/python/missing.py',
      function: 'run',
      recommendation: null,
      workers: null,
      class: 'failed',
      reason: 'The module could not be imported.',
      rounds: 0,
      stopReason: 'failed',
      elapsedSeconds: 0.3,
      startMethod: null,
      callSeconds: null,
      measurements: [],
      error: {
        kind: 'exception',
        type: 'ModuleNotFoundError',
        message: "ModuleNotFoundError: No module named 'numpyy'",
        detail:
          'Traceback (most recent call last):\n  File "missing.py", line 1, in <module>\n    import numpyy\nModuleNotFoundError: No module named \'numpyy\''
      }
    })
  ])
}

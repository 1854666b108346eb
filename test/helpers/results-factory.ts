// Hand-written Results for renderer and action tests: realistic shapes with chosen numbers, so that the
// golden files do not depend on a measurement.

import type {
  InterpreterVerdict,
  Measurement,
  Results,
  Strategy,
  WorkloadResult
} from '../../src/types.ts'

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
    setAside: [],
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
    contention: null,
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
    shard: null,
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

const GIL_BOUND_REASON =
  'CPU-bound and holds the GIL: threads 1.00x at 2 workers using 1.0 CPU; processes 1.90x at 2 workers.'

/** One interpreter's own verdict: 3.13 with the GIL, gil-bound, unless told otherwise. */
export function interpreterVerdict(
  overrides: Partial<InterpreterVerdict> = {}
): InterpreterVerdict {
  return {
    python: 'python3.13',
    label: '3.13',
    version: '3.13.5',
    freeThreaded: false,
    gilEnabled: true,
    gilEnabledBy: [],
    serialRatio: 1,
    recommendation: 'processes',
    workers: 2,
    class: 'gil-bound',
    reason: GIL_BOUND_REASON,
    uncertain: false,
    comparison: null,
    ...overrides
  }
}

/** A measurement on one interpreter: `measurement` with its `python` set. */
function on(python: string, m: Measurement): Measurement {
  return { ...m, python }
}

const GIL_313 = {
  python: 'python3.13',
  version: '3.13.5',
  executable: '/opt/python3.13/bin/python3.13',
  freeThreaded: false,
  gilEnabled: true,
  gilForcedBy: null,
  defaultStartMethod: 'forkserver'
} as const
const FREE_313T = {
  ...GIL_313,
  python: 'python3.13t',
  executable: '/opt/python3.13t/bin/python3.13t',
  freeThreaded: true,
  gilEnabled: false
} as const

/**
 * Free-threaded Python as the golden files show it: a CPU-bound loop measured on 3.13 and 3.13t side
 * by side (threads win on 3.13t), a module that turns 3.13t's GIL back on, and, in a run of 3.13t
 * alone, a loop with its GIL-forced twins.
 */
export function freeThreadedResults(): Results {
  const loop = workload({
    name: 'py-cpu-loop',
    uses: 'processes',
    recommendation: 'threads',
    recommendedPython: 'python3.13t',
    workers: 2,
    class: 'parallel-without-gil',
    reason:
      "On 3.13t: CPU-bound and runs in parallel in threads, since this free-threaded build has no GIL: threads 1.95x at 2 workers using 2.0 CPUs; processes 1.84x at 2 workers. Against 3.13's serial, threads ×2 on 3.13t: 1.49x (its serial runs 1.31x slower than 3.13's); processes ×2 on 3.13: 1.90x.",
    mismatch: false,
    measurements: [
      ...sweep([0.99, 0.98, 0.97], [0.97, 1.9, 1.88]).map((m) => on('python3.13', m)),
      on('python3.13t', measurement('serial', 1, 0.76)),
      ...[1, 2, 4].map((w, i) =>
        on('python3.13t', measurement('threads', w, [0.76, 1.49, 1.47][i]!))
      ),
      ...[1, 2, 4].map((w, i) =>
        on('python3.13t', measurement('processes', w, [0.74, 1.4, 1.39][i]!))
      )
    ],
    interpreters: [
      interpreterVerdict({
        reason:
          'CPU-bound and holds the GIL: threads 0.99x at 2 workers using 1.0 CPU; processes 1.90x at 2 workers.'
      }),
      interpreterVerdict({
        python: 'python3.13t',
        label: '3.13t',
        freeThreaded: true,
        gilEnabled: false,
        gilEnabledBy: [],
        serialRatio: 1.31,
        recommendation: 'threads',
        class: 'parallel-without-gil',
        reason:
          'CPU-bound and runs in parallel in threads, since this free-threaded build has no GIL: threads 1.95x at 2 workers using 2.0 CPUs; processes 1.84x at 2 workers.'
      })
    ]
  })
  const legacy = workload({
    name: 'py-legacy',
    module: 'fixtures/python/legacy_ext.py',
    function: 'spin',
    recommendation: 'processes',
    recommendedPython: 'python3.13',
    workers: 2,
    class: 'gil-bound',
    reason:
      "On 3.13: CPU-bound and holds the GIL: threads 1.00x at 2 workers using 1.0 CPU; processes 1.90x at 2 workers. Against 3.13's serial, processes ×2 on 3.13: 1.90x; processes ×2 on 3.13t: 1.80x (its serial runs 1.02x slower than 3.13's; the GIL there was enabled by importing `legacy`).",
    measurements: [
      ...sweep([1, 1, 0.99], [0.97, 1.9, 1.88]).map((m) => on('python3.13', m)),
      ...sweep([0.98, 0.98, 0.97], [0.95, 1.8, 1.79]).map((m) => on('python3.13t', m))
    ],
    interpreters: [
      interpreterVerdict(),
      interpreterVerdict({
        python: 'python3.13t',
        label: '3.13t',
        freeThreaded: true,
        gilEnabled: true,
        gilEnabledBy: ['legacy'],
        serialRatio: 1.02,
        recommendation: 'processes',
        class: 'gil-enabled-by-module',
        reason:
          'The GIL was enabled by importing `legacy`, so threads take turns on this free-threaded build: threads 1.00x at 2 workers using 1.0 CPU; processes 1.84x at 2 workers. The way out: a release of `legacy` that declares free-threading support (Py_mod_gil); PYTHON_GIL=0 keeps the GIL off only at your own risk.'
      })
    ]
  })
  return results([loop, legacy], {
    environment: {
      ...results([]).environment,
      python: '3.13.5',
      pythonExecutable: GIL_313.executable,
      interpreters: [GIL_313, FREE_313T]
    }
  })
}

/** 3.13t alone: its threads win, and their GIL-forced twins show what the build's freedom is worth. */
export function freeThreadedAloneResults(): Results {
  const twin = (w: number, speedup: number): Measurement => ({
    ...on('python3.13t', measurement('threads', w, speedup)),
    gilForced: true
  })
  return results(
    [
      workload({
        name: 'py-cpu-loop',
        recommendation: 'threads',
        recommendedPython: 'python3.13t',
        workers: 2,
        class: 'parallel-without-gil',
        reason:
          'CPU-bound and runs in parallel in threads, since this free-threaded build has no GIL: threads 1.95x at 2 workers using 2.0 CPUs; processes 1.84x at 2 workers. Threads 1.95x without the GIL, 1.05x with it forced on (PYTHON_GIL=1), at 2 workers.',
        measurements: [
          ...sweep([1, 1.95, 1.9], [0.97, 1.84, 1.83]).map((m) => on('python3.13t', m)),
          twin(2, 1.05),
          twin(4, 1.04)
        ],
        interpreters: [
          interpreterVerdict({
            python: 'python3.13t',
            label: '3.13t',
            freeThreaded: true,
            gilEnabled: false,
            recommendation: 'threads',
            class: 'parallel-without-gil',
            reason:
              'CPU-bound and runs in parallel in threads, since this free-threaded build has no GIL: threads 1.95x at 2 workers using 2.0 CPUs; processes 1.84x at 2 workers. Threads 1.95x without the GIL, 1.05x with it forced on (PYTHON_GIL=1), at 2 workers.'
          })
        ]
      })
    ],
    {
      environment: {
        ...results([]).environment,
        python: '3.13.5',
        pythonExecutable: FREE_313T.executable,
        interpreters: [FREE_313T]
      }
    }
  )
}

/**
 * Other processes' load: a workload with two turns of processes ×2 set aside (round 7's taken again,
 * so that round kept a wall), one whose runner was busy throughout (every round counted for its best
 * guess, uncertain).
 */
export function contendedResults(): Results {
  const pool = measurement('processes', 2, 1.91)
  const slowed = [
    {
      round: 3,
      wallSeconds: 0.61,
      lostSeconds: 0.38,
      lostShare: 0.31,
      reason: 'the workers waited 0.6 s for a CPU; other processes ran 0.9 s'
    },
    {
      round: 7,
      wallSeconds: 0.52,
      lostSeconds: 0.2,
      lostShare: 0.19,
      reason: 'the workers waited 0.3 s for a CPU; other processes ran 0.5 s'
    }
  ]
  const setAsideMeasurements = sweep([0.99, 0.98, 0.97], [0.97, 1.91, 1.93]).map((m) =>
    m.strategy === 'processes' && m.workers === 2
      ? {
          ...m,
          rounds: 10,
          wallSamples: pool.wallSamples.map((wall, k) => (k === 3 ? null : wall)),
          setAside: slowed
        }
      : m
  )
  const busyMeasurements = sweep([1.0, 0.97, 0.99], [0.95, 1.62, 1.7]).map((m) => ({
    ...m,
    rounds: 6,
    wallSamples: m.wallSamples.slice(0, 6),
    setAside: [0, 1, 2, 4, 5].map((round) => ({
      round,
      wallSeconds: 0.9,
      lostSeconds: 0.35,
      lostShare: 0.4,
      reason:
        m.strategy === 'serial'
          ? 'the process waited 0.4 s for a CPU; other processes ran 1.2 s'
          : 'the workers waited 0.4 s for a CPU; other processes ran 1.1 s'
    }))
  }))
  return results([
    workload({
      measurements: setAsideMeasurements,
      contention: { monitored: true, turns: 84, setAside: 2, lostSeconds: 0.58, busy: false }
    }),
    workload({
      name: 'hashing',
      module: 'fixtures/python/hashing.py',
      function: 'digest',
      line: 9,
      recommendation: 'processes',
      workers: 2,
      uncertain: true,
      rounds: 6,
      stopReason: 'busy',
      reason:
        'Processes ×2 run 1.62x faster than serial; threads stay at 1.00x because the GIL serialises them. Uncertain: the runner was busy: 35 of 42 turns were set aside because other processes took their CPUs (12.3 s of CPU time lost), so this is the best guess from every round; run it again on a quieter runner to settle it.',
      measurements: busyMeasurements,
      contention: { monitored: true, turns: 42, setAside: 35, lostSeconds: 12.25, busy: true }
    })
  ])
}

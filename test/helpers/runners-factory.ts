// Three hand-written runs of the same config on different runners, for the report across runners:
// a 2-CPU Linux runner, a 16-CPU Linux runner and a 4-CPU macOS arm64 runner (spawn start method).
// `encode` changes with the core count, `fork-heavy` with the OS and start method, `cpu-loop` keeps
// its verdict everywhere, and `sleep-io` is missing on macOS.

import type { Results } from '../../src/types.ts'
import { measurement, results, sweep, workload } from './results-factory.ts'

const linux2 = results([
  workload({
    predictions: [
      {
        strategy: 'processes',
        model: 'amdahl',
        parameters: { serialFraction: 0.0157, oneWorkerSpeedup: 0.97 },
        fitError: 0,
        fittedWorkers: [1, 2],
        caveat:
          'fitted to 2 worker counts (1, 2): a fit through two points is exact whatever the law, so this is an extrapolation that nothing here checks',
        points: [
          { cpus: 4, speedup: 3.705 },
          { cpus: 8, speedup: 6.991 },
          { cpus: 16, speedup: 12.56 },
          { cpus: 64, speedup: 31.2 }
        ]
      }
    ]
  }),
  workload({
    name: 'encode',
    function: 'encode',
    recommendation: 'threads',
    workers: 2,
    class: 'releases-gil',
    reason:
      'Threads ×2 run 1.6x faster than serial; processes ×2 only 1.5x, and they cost more memory.',
    measurements: sweep([1, 1.6, 1.62], [0.9, 1.5, 1.52])
  }),
  workload({
    name: 'fork-heavy',
    function: 'fork_heavy',
    recommendation: 'processes',
    workers: 2,
    measurements: sweep([0.99, 0.98, 0.97], [0.96, 1.85, 1.9])
  }),
  workload({
    name: 'sleep-io',
    function: 'wait',
    recommendation: 'threads',
    workers: 4,
    class: 'io-bound',
    reason: 'Threads ×4 run 3.9x faster than serial while using 0.02 CPU.',
    measurements: sweep([1, 1.98, 3.9], [0.9, 1.7, 3.2])
  })
])

/** A sweep at 1, 2, 4, 8 and 16 workers. */
function wide(threads: readonly number[], processes: readonly number[]) {
  const counts = [1, 2, 4, 8, 16]
  return [
    measurement('serial', 1, 1),
    ...counts.map((w, i) => measurement('threads', w, threads[i] ?? null)),
    ...counts.map((w, i) => measurement('processes', w, processes[i] ?? null))
  ]
}

const linux16: Results = {
  ...linux2,
  environment: { ...linux2.environment, cpus: 16, hostCpus: 16 },
  context: { ...linux2.context!, runner: 'ubuntu24-16core', runId: '100' },
  workloads: [
    workload({
      workers: 16,
      reason: 'Processes ×16 run 11.8x faster than serial; threads stay at 0.98x (GIL).',
      measurements: wide([0.99, 0.98, 0.98, 0.97, 0.97], [0.97, 1.92, 3.7, 6.9, 11.8]),
      predictions: [
        {
          strategy: 'processes',
          model: 'usl',
          parameters: { sigma: 0.02, kappa: 0.0004, oneWorkerSpeedup: 0.98 },
          fitError: 0.05,
          fittedWorkers: [1, 2, 4, 8, 16],
          caveat: null,
          points: [
            { cpus: 4, speedup: 3.7 },
            { cpus: 8, speedup: 6.9 },
            { cpus: 16, speedup: 11.8 },
            { cpus: 64, speedup: 25.1 }
          ]
        }
      ]
    }),
    workload({
      name: 'encode',
      function: 'encode',
      recommendation: 'processes',
      workers: 16,
      class: 'releases-gil',
      reason: 'Processes ×16 run 9.1x faster than serial; threads stop at 2.1x.',
      measurements: wide([1, 1.6, 1.9, 2.1, 2], [0.9, 1.7, 3.3, 6, 9.1])
    }),
    workload({
      name: 'fork-heavy',
      function: 'fork_heavy',
      workers: 16,
      measurements: wide([0.99, 0.98, 0.97, 0.97, 0.96], [0.96, 1.85, 3.6, 6.8, 11])
    }),
    workload({
      name: 'sleep-io',
      function: 'wait',
      recommendation: 'threads',
      workers: 32,
      class: 'io-bound',
      reason: 'Threads ×32 run 30x faster than serial while using 0.05 CPU.',
      measurements: wide([1, 2, 4, 7.9, 15.6], [0.9, 1.7, 3.2, 6, 10])
    })
  ]
}

const macos: Results = {
  ...linux2,
  environment: {
    ...linux2.environment,
    cpus: 4,
    hostCpus: 4,
    platform: 'darwin',
    arch: 'arm64',
    osRelease: '24.1.0',
    pythonExecutable: '/opt/python/bin/python3',
    pythonStartMethod: 'spawn'
  },
  context: { ...linux2.context!, runner: 'macos15', runId: '101' },
  workloads: [
    workload({ workers: 4, startMethod: 'spawn' }),
    workload({
      name: 'encode',
      function: 'encode',
      recommendation: 'threads',
      workers: 4,
      class: 'releases-gil',
      startMethod: 'spawn',
      reason: 'Threads ×4 run 2.0x faster than serial; processes ×4 1.9x.',
      measurements: sweep([1, 1.6, 2], [0.8, 1.4, 1.9])
    }),
    workload({
      name: 'fork-heavy',
      function: 'fork_heavy',
      recommendation: 'threads',
      workers: 4,
      class: 'transfer-bound',
      startMethod: 'spawn',
      uncertain: true,
      reason: 'Threads ×4 run 1.1x faster; processes start slowly with spawn (0.6x).',
      measurements: sweep([1, 1.05, 1.1], [0.3, 0.5, 0.6])
    })
  ]
}

/** The three runs as report mode reads them, with the paths download-artifact would give them. */
export function threeRunners(): { source: string; results: Results }[] {
  return [
    { source: 'results-ubuntu-latest/advise-results.json', results: linux2 },
    { source: 'results-ubuntu-16/advise-results.json', results: linux16 },
    { source: 'results-macos-latest/advise-results.json', results: macos }
  ]
}

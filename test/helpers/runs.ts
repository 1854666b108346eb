// Builds synthetic StrategyRun records from speedups, for verdict and statistics tests.
import type { Fault, RoundSample, RunInterpreter, Strategy, StrategyRun } from '../../src/types.ts'

export interface StrategyShape {
  /** Speedup over serial per worker count. */
  readonly speedups: Readonly<Record<number, number>>
  /** CPUs kept busy (default 1). */
  readonly cpuUse?: number
  /** The part of cpuUse spent in the workload's child processes, 0 to 1 (default: not measured). */
  readonly childShare?: number
  /** Fault per worker count (the config then has no samples). */
  readonly faults?: Readonly<Record<number, Fault>>
}

export interface RunsShape {
  readonly serialWallSeconds?: number
  readonly serialCpuUse?: number
  /** The part of serial's CPU spent in the workload's child processes (default: not measured). */
  readonly serialChildShare?: number
  readonly rounds?: number
  /** Relative jitter per round, cycled (e.g. [0, 0.05, -0.05]); applied to every strategy alike unless `independent`. */
  readonly jitter?: readonly number[]
  /** Jitter differs per strategy, so that paired ratios are noisy too. */
  readonly independent?: boolean
  /** A coroutine function's `async` configs (speedups keyed by concurrency). */
  readonly async?: StrategyShape
  readonly threads?: StrategyShape
  readonly processes?: StrategyShape
  readonly serialFault?: Fault
  readonly bytesPerCall?: number
  /** The interpreter the runs are on (default `python3`; null for a runtime with one, as Node). */
  readonly interpreter?: string | null
  /** Every wall time is multiplied by this (an interpreter's single-thread cost; default 1). */
  readonly slowdown?: number
  /** Runs with the GIL forced on (the twins of a free-threaded interpreter). */
  readonly gilForced?: boolean
}

/** Serial plus the given async, threads and processes configs, with `rounds` interleaved samples each. */
export function makeRuns(shape: RunsShape): StrategyRun[] {
  const rounds = shape.rounds ?? 6
  const base = (shape.serialWallSeconds ?? 1) * (shape.slowdown ?? 1)
  const jitter = shape.jitter ?? [0]
  const runs: StrategyRun[] = []
  const add = (
    strategy: Strategy,
    workers: number,
    speedup: number,
    cpuUse: number,
    childShare: number | null,
    fault: Fault | null,
    index: number
  ): void => {
    const samples: (RoundSample | null)[] = []
    for (let k = 0; k < rounds; k++) {
      if (fault !== null) {
        samples.push(null)
        continue
      }
      const offset = shape.independent === true ? index : 0
      const j = jitter[(k + offset) % jitter.length]!
      const wallSeconds = (base / speedup) * (1 + j)
      samples.push({
        wallSeconds,
        cpuSeconds: wallSeconds * cpuUse,
        childCpuSeconds: childShare === null ? null : wallSeconds * cpuUse * childShare,
        peakRssBytes: 10e6,
        bytesToWorkersPerCall: null,
        bytesFromWorkersPerCall: null
      })
    }
    runs.push({
      interpreter: shape.interpreter === undefined ? 'python3' : shape.interpreter,
      gilForced: shape.gilForced === true,
      strategy,
      workers,
      startupSeconds: fault === null ? 0.01 : null,
      startMethod: strategy === 'processes' ? 'fork' : null,
      samples,
      bytesToWorkersPerCall: shape.bytesPerCall ?? 20,
      bytesFromWorkersPerCall: 0,
      error: fault,
      stopped: null,
      gilEnabled: null,
      gilEnabledBy: []
    })
  }
  add(
    'serial',
    1,
    1,
    shape.serialCpuUse ?? 1,
    shape.serialChildShare ?? null,
    shape.serialFault ?? null,
    0
  )
  let index = 1
  for (const strategy of ['async', 'threads', 'processes'] as const) {
    const s = shape[strategy]
    if (s === undefined) continue
    for (const [workers, speedup] of Object.entries(s.speedups)) {
      add(
        strategy,
        Number(workers),
        speedup,
        s.cpuUse ?? 1,
        s.childShare ?? null,
        s.faults?.[Number(workers)] ?? null,
        index++
      )
    }
  }
  return runs
}

/** Runs as the race leaves them: one-worker configurations stopped after their first round. */
export function withOneWorkerStopped(runs: readonly StrategyRun[]): StrategyRun[] {
  return runs.map((run) =>
    run.workers === 1 && run.strategy !== 'serial'
      ? {
          ...run,
          samples: run.samples.map((sample, k) => (k === 0 ? sample : null)),
          stopped: {
            afterRounds: 1,
            cause: 'one-worker' as const,
            versus: null,
            ratio: null,
            bound: null,
            reason: 'stopped after 1 round'
          }
        }
      : run
  )
}

/** An interpreter of a synthetic run: a build with a GIL named `python3` unless told otherwise. */
export function runInterpreter(overrides: Partial<RunInterpreter> = {}): RunInterpreter {
  return {
    name: 'python3',
    label: '3.13',
    version: '3.13.5',
    freeThreaded: false,
    gilEnabledAtStart: true,
    gilForcedBy: null,
    checkGilEnabled: true,
    checkGilEnabledBy: [],
    fault: null,
    ...overrides
  }
}

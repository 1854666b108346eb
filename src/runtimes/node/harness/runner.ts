// What the session loop drives for each strategy: the serial loop, a worker_threads pool or a
// child_process pool. Faults come back as values; only the session loop talks to the engine.

import { performance } from 'node:perf_hooks'
import type { Fault } from '../../../types.ts'

/** One round's measurements, before the serialized sizes are taken. */
export interface RoundResult {
  /** Wall-clock seconds from the first call sent to the last result received. */
  readonly wallSeconds: number
  /**
   * User+system CPU seconds of the harness and, for child processes, of each member (the processes
   * the workload starts itself are added by the harness around the round: child-cpu.ts).
   */
  readonly cpuSeconds: number
  /** Peak resident set of the harness plus each child's, in bytes. */
  readonly peakRssBytes: number
  /** The first result received, when asked to keep it (for its serialized size); else undefined. */
  readonly first: unknown
  /** The first call returned a promise that this thread awaited; absent where the calls ran elsewhere. */
  readonly awaited?: boolean
}

export type RunnerRound =
  | { readonly ok: true; readonly result: RoundResult }
  | { readonly ok: false; readonly fault: Fault }

export interface Runner {
  /** Starts every worker and waits until each has loaded the function; a fault if one cannot. */
  start(): Promise<Fault | null>
  /** Runs `tasks` calls, each worker taking the next call when it finishes one. */
  round(tasks: number, keepFirst: boolean): Promise<RunnerRound>
  /** Ends the workers without waiting: the harness exits next. */
  stop(): void
  /** The processes whose own CPU the round counts (the harness, child-process members). */
  pids(): readonly number[]
}

/**
 * The round of calls made on this thread (serial, async): wall time since `started` (a
 * performance.now() reading), CPU since `cpu`, this process's peak memory.
 */
export function roundOnThisThread(
  started: number,
  cpu: NodeJS.CpuUsage,
  first: unknown,
  awaited: boolean
): RunnerRound {
  const wallSeconds = (performance.now() - started) / 1000
  return {
    ok: true,
    result: {
      wallSeconds,
      cpuSeconds: cpuSecondsSince(cpu),
      peakRssBytes: ownPeakRssBytes(),
      first,
      awaited
    }
  }
}

/** CPU seconds (user+system) of this whole process, worker threads included, since a reading. */
export function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const delta = process.cpuUsage(start)
  return (delta.user + delta.system) / 1e6
}

/** Peak resident set of this process so far, in bytes. */
export function ownPeakRssBytes(): number {
  // resourceUsage() reports kilobytes on every platform (libuv normalises macOS's bytes).
  return process.resourceUsage().maxRSS * 1024
}

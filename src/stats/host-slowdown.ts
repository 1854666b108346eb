// A slowdown the guest cannot see, over every round so far. On a VM, two busy vCPUs sometimes do one
// CPU's work for seconds with no run-queue wait and no steal recorded (stats/contention.ts): a pool's
// workers "run" the whole turn and get half as far, so it ties with serial while using twice
// serial's CPU for the same calls. Where that covers a workload's first rounds, every turn the
// slower-CPU rule could compare with is slowed alike, and a verdict that two rounds settle is the
// slowdown's: in issue 19's seventh phase, three quiet runs of node-worker-unsafe and node-cpu
// (whose pools use as much CPU per call as serial and run twice as fast) settled on serial after two
// rounds with every pool at serial's pace on 1.94-1.96x serial's CPU (docs/noise.md, "Tied on twice
// the CPU"). A pool whose calls really cost more in parallel (memory bandwidth, a contended lock)
// looks the same for a round; over seconds the host's slowdown passes and that cost does not.

import type { StrategyRun } from '../types.ts'

/** A pool's CPU time over serial's, for the same calls in the same round, that counts as twice. */
export const TIED_CPU_FACTOR = 1.5
/** A pool whose wall time is within this factor of serial's, either way, ties with it. */
export const TIED_WALL_FACTOR = 1.25

/**
 * The running thread and process pools of two workers or more that, in every round both they and
 * `serial` kept (one at least), took serial's time within TIED_WALL_FACTOR on TIED_CPU_FACTOR times
 * serial's CPU or more. `serial` and `pools` are one interpreter's and one checkout's.
 */
export function tiedOnMoreCpu(serial: StrategyRun, pools: readonly StrategyRun[]): StrategyRun[] {
  return pools.filter((pool) => {
    const isPool = pool.strategy === 'threads' || pool.strategy === 'processes'
    if (!isPool || pool.workers < 2 || pool.stopped !== null || pool.error !== null) return false
    const paired = pool.samples.flatMap((sample, round) => {
      const reference = serial.samples[round] ?? null
      return sample === null || reference === null ? [] : [{ sample, reference }]
    })
    return (
      paired.length > 0 &&
      paired.every(({ sample, reference }) => {
        const cpu = sample.cpuSeconds
        const serialCpu = reference.cpuSeconds
        if (cpu === null || serialCpu === null || !(serialCpu > 0)) return false
        const wallRatio = sample.wallSeconds / reference.wallSeconds
        return (
          cpu >= TIED_CPU_FACTOR * serialCpu &&
          wallRatio <= TIED_WALL_FACTOR &&
          wallRatio >= 1 / TIED_WALL_FACTOR
        )
      })
    )
  })
}

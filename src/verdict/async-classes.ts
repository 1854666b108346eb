// The classes of a coroutine function's verdict, kept apart from classify.ts's ladder for synchronous
// code: the loop overlaps its waits (async wins), or the coroutine blocks its loop (async stays near
// 1x while threads or processes scale). Anything else falls back to the ordinary ladder.

import { formatCpuUse, formatSpeedup } from '../format.ts'
import type { Measurement, Strategy } from '../types.ts'
import type { Classification, ClassifyInput } from './classification.ts'

/** Serial at or above this many busy CPUs computes more than it waits (classify.ts's WAITING_CPU_USE). */
const COMPUTING_CPU_USE = 0.5

/**
 * The class of a workload with `async` measurements, or null when none of the async classes fits (a
 * synchronous function, an async strategy that failed, or a coroutine nothing speeds up).
 */
export function classifyAsync(input: ClassifyInput): Classification | null {
  const { decision, measurements, traits, margin } = input
  const best = (strategy: Strategy): Measurement | null => {
    const candidate = decision.candidates.find((c) => c.strategy === strategy)
    if (candidate === undefined) return null
    // The recommended strategy is quoted at the recommended worker count, as classify.ts does.
    const workers =
      strategy === decision.recommendation && decision.workers !== null
        ? decision.workers
        : candidate.run.workers
    return measurements.find((m) => m.strategy === strategy && m.workers === workers) ?? null
  }
  const loop = best('async')
  if (loop === null) return null
  const serial = best('serial')
  const limit = 1 + margin
  const scales = (m: Measurement | null): boolean => (m?.speedup ?? 0) > limit
  const pools = (['threads', 'processes'] as const).flatMap((strategy) => {
    const m = best(strategy)
    return m === null ? [] : [`${strategy} ${formatSpeedup(m.speedup)} at ${workersText(m)}`]
  })
  const poolsPart = pools.length === 0 ? '' : `; ${pools.join(', ')}`
  const serialCpu = serial?.cpuUse ?? null

  if (decision.recommendation === 'async') {
    return {
      class: 'loop-overlaps-waits',
      reason: `Waits that one event loop overlaps (serial uses ${formatCpuUse(serialCpu)}): async ${formatSpeedup(loop.speedup)} with ${inFlight(loop)} on one thread using ${formatCpuUse(loop.cpuUse)}${poolsPart}.`
    }
  }
  const chosen =
    decision.recommendation === 'threads' || decision.recommendation === 'processes'
      ? best(decision.recommendation)
      : null
  if (chosen === null || scales(loop) || !scales(chosen)) return null
  const computing = serialCpu !== null && serialCpu >= COMPUTING_CPU_USE
  const how = computing
    ? `it computes on the loop (serial uses ${formatCpuUse(serialCpu)}), so only one call runs at a time`
    : `something in it waits synchronously (serial uses ${formatCpuUse(serialCpu)}): a sleep, a read or a subprocess call that is not awaited holds the loop`
  return {
    class: 'blocks-event-loop',
    reason: `The coroutine blocks its event loop: async stays at ${formatSpeedup(loop.speedup)} with ${inFlight(loop)} while ${chosen.strategy} ${formatSpeedup(chosen.speedup)} at ${workersText(chosen)}; ${how}. To let the loop overlap the calls, ${computing ? traits.unblockCompute : traits.unblockWait}.`
  }
}

function inFlight(m: Measurement): string {
  return `${m.workers} call${m.workers === 1 ? '' : 's'} in flight`
}

function workersText(m: Measurement): string {
  return `${m.workers} worker${m.workers === 1 ? '' : 's'}`
}

// Names why a workload got its recommendation, and says it in one sentence with the figures that
// decided it. The class comes from what the measurements show, in this order: faults, waiting (low CPU
// use in serial while threads scale), parallel threads, parallel processes only, and finally why
// nothing helped (data to copy, calls too short for any pool, or something that serialises the work).

import { formatBytes, formatCpuUse, formatSeconds, formatSpeedup } from '../format.ts'
import type { RuntimeTraits } from '../runtimes/runtime.ts'
import { STRATEGIES } from '../types.ts'
import type { Fault, Measurement, Strategy, VerdictClass } from '../types.ts'
import { classifyAsync } from './async-classes.ts'
import type { Decision } from './recommend.ts'

/** Serial below this many busy CPUs spends most of its time waiting, not computing. */
export const WAITING_CPU_USE = 0.5
/** Threads keeping more CPUs than this busy are running code in parallel, not just waiting together. */
export const PARALLEL_CPU_USE = 1.3
/** Calls shorter than this drown in pool overhead (a task hand-off costs tens to hundreds of µs). */
export const SHORT_CALL_SECONDS = 1e-3
/** Above this many bytes moved per call, copying between processes is a cost in its own right. */
export const LARGE_TRANSFER_BYTES = 100_000

export interface ClassifyInput {
  readonly decision: Decision
  readonly measurements: readonly Measurement[]
  readonly traits: RuntimeTraits
  readonly margin: number
  readonly tasks: number
  readonly rounds: number
}

export interface Classification {
  readonly class: VerdictClass
  readonly reason: string
}

/** Classifies a workload and writes its reason sentence. */
export function classify(input: ClassifyInput): Classification {
  const { decision, measurements, traits, margin, tasks } = input
  const limit = 1 + margin
  const pick = (strategy: Strategy): Measurement | null => {
    const candidate = decision.candidates.find((c) => c.strategy === strategy)
    if (candidate === undefined) return null
    return (
      measurements.find((m) => m.strategy === strategy && m.workers === candidate.run.workers) ??
      null
    )
  }
  // Decisions use each strategy's best worker count; the sentence quotes the recommended strategy at
  // the worker count recommended (the fewest within the margin of its best), so that they agree.
  const shown = (m: Measurement): Measurement =>
    m.strategy === decision.recommendation && decision.workers !== null
      ? (measurements.find((x) => x.strategy === m.strategy && x.workers === decision.workers) ?? m)
      : m
  const serial = pick('serial')
  const threads = pick('threads')
  const processes = pick('processes')
  const faultOf = (strategy: Strategy): Fault | null =>
    pick(strategy) === null
      ? (measurements.find((m) => m.strategy === strategy && m.error !== null)?.error ?? null)
      : null

  if (decision.recommendation === null) {
    const faults = STRATEGIES.flatMap((strategy) => {
      const fault = faultOf(strategy)
      return fault === null ? [] : [`${strategy}: ${fault.message}`]
    })
    if (faults.length === 0) {
      return {
        class: 'not-measured',
        reason: `Not measured: no round completed (${input.rounds} rounds).`
      }
    }
    return { class: 'failed', reason: `Every strategy failed: ${faults.join('; ')}.` }
  }

  const names = traits.strategyNames
  const speedupOf = (m: Measurement | null): number => m?.speedup ?? 0
  const at = (best: Measurement): string => {
    const m = shown(best)
    return `${formatSpeedup(m.speedup)} at ${m.workers} worker${m.workers === 1 ? '' : 's'}`
  }
  const cpuOf = (best: Measurement): string => formatCpuUse(shown(best).cpuUse)
  const threadsFault = faultOf('threads')
  const processesFault = faultOf('processes')
  const processesNote =
    processesFault === null ? '' : `; ${names.processes} fail: ${processesFault.message}`
  const serialWall = serial?.wallSeconds ?? null
  const callSeconds = serialWall === null ? null : serialWall / tasks
  const moved = transferPerCall(serial ?? threads ?? processes)

  if (threadsFault !== null && serial !== null) {
    const rest = processes === null ? `serial is what works` : `processes ${at(processes)}`
    return {
      class: 'unsupported-in-threads',
      reason: `Fails in ${names.threads} (${threadsFault.message}); ${rest}${processesNote}.`
    }
  }

  // Coroutine functions: the loop overlaps the waits, or the coroutine blocks it (verdict/async-classes.ts).
  const asyncClass = classifyAsync(input)
  if (asyncClass !== null) return asyncClass

  const serialCpu = serial?.cpuUse ?? null
  const threadsScale = threads !== null && speedupOf(threads) > limit
  const processesScale = processes !== null && speedupOf(processes) > limit
  const processesPart = processes === null ? processesNote : `; processes ${at(processes)}`

  // Threads that win without keeping more than about one CPU busy won by overlapping waits.
  const threadsParallel =
    threads !== null && threads.cpuUse !== null && threads.cpuUse >= PARALLEL_CPU_USE
  if (threadsScale && ((serialCpu !== null && serialCpu < WAITING_CPU_USE) || !threadsParallel)) {
    return {
      class: 'io-bound',
      reason: `Waits more than it computes (serial uses ${formatCpuUse(serialCpu)}): threads ${at(threads)} using ${cpuOf(threads)}${processesPart}.`
    }
  }
  if (threadsScale) {
    const using = `using ${cpuOf(threads)}`
    return traits.hasGil
      ? {
          class: 'releases-gil',
          reason: `CPU-bound but releases the GIL: threads ${at(threads)} ${using}${processesPart}.`
        }
      : {
          class: 'cpu-parallel',
          reason: `CPU-bound and runs in parallel in ${names.threads}: ${at(threads)} ${using}${processesPart}.`
        }
  }
  const threadsPart = threads === null ? '' : `threads ${at(threads)} using ${cpuOf(threads)}`
  if (processesScale) {
    return traits.hasGil
      ? {
          class: 'gil-bound',
          reason: `CPU-bound and holds the GIL: ${threadsPart}; processes ${at(processes)}.`
        }
      : {
          class: 'serialized-in-process',
          reason: `Threads do not run it in parallel (${threadsPart}); processes ${at(processes)}.`
        }
  }

  const both = [
    threads === null ? null : `threads ${formatSpeedup(threads.speedup)}`,
    processes === null ? null : `processes ${formatSpeedup(processes.speedup)}`
  ]
    .filter((part) => part !== null)
    .join(', ')
  if (moved !== null && moved >= LARGE_TRANSFER_BYTES) {
    return {
      class: 'transfer-bound',
      reason: `Each call moves ${formatBytes(moved)} that processes must copy (${traits.serializer}), more than parallel work saves: ${both}${processesNote}.`
    }
  }
  if (callSeconds !== null && callSeconds < SHORT_CALL_SECONDS) {
    return {
      class: 'overhead-bound',
      reason: `Calls take ${formatSeconds(callSeconds)} each, less than a pool spends handing them out: ${both}${processesNote}.`
    }
  }
  return {
    class: 'does-not-scale',
    reason: `Neither threads nor processes beat serial by more than ${Math.round(margin * 100)}% (${both}) though calls take ${formatSeconds(callSeconds)} and move ${formatBytes(moved)}: look for a lock or a saturated resource${processesNote}.`
  }
}

function transferPerCall(m: Measurement | null): number | null {
  if (m === null) return null
  const to = m.bytesToWorkersPerCall
  const from = m.bytesFromWorkersPerCall
  return to === null && from === null ? null : (to ?? 0) + (from ?? 0)
}

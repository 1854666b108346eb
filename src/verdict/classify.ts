// Names why a workload got its recommendation. The class is decided from the recommendation first,
// then from what the measurements show, so that it can never contradict the recommendation: each
// class comes with the recommendations of CLASS_RECOMMENDATIONS only (the README's table of classes
// is the contract). The sentence that explains it is written apart, in reason.ts.

import type { Fault, GilState, Measurement, Strategy, VerdictClass } from '../types.ts'
import { classifyAsync } from './async-classes.ts'
import type { Classification, ClassifyInput, VerdictFacts } from './classification.ts'
import { gilOrDefault } from './gil.ts'
import { reasonFor } from './reason.ts'

/** Serial below this many busy CPUs spends most of its time waiting, not computing. */
export const WAITING_CPU_USE = 0.5
/** Threads keeping more CPUs than this busy are running code in parallel, not just waiting together. */
export const PARALLEL_CPU_USE = 1.3
/** From this share of the CPU in the workload's own child processes on, they do the work. */
export const CHILD_CPU_SHARE = 0.5
/** Calls shorter than this drown in pool overhead (a task hand-off costs tens to hundreds of µs). */
export const SHORT_CALL_SECONDS = 1e-3
/** Above this many bytes moved per call, copying between processes is a cost in its own right. */
export const LARGE_TRANSFER_BYTES = 100_000

/** The recommendations each class may come with (null: no strategy worked). */
export const CLASS_RECOMMENDATIONS: Readonly<Record<VerdictClass, readonly (Strategy | null)[]>> = {
  'io-bound': ['threads'],
  'loop-overlaps-waits': ['async'],
  'blocks-event-loop': ['threads', 'processes'],
  'child-processes': ['threads'],
  'releases-gil': ['threads'],
  'cpu-parallel': ['threads'],
  'partly-releases-gil': ['processes'],
  'partly-serialized-in-process': ['processes'],
  'parallel-without-gil': ['threads'],
  'contended-without-gil': ['processes'],
  'gil-enabled-by-module': ['processes'],
  'gil-bound': ['processes'],
  'serialized-in-process': ['processes'],
  'unsupported-in-threads': ['serial', 'processes'],
  'overhead-bound': ['serial'],
  'transfer-bound': ['serial'],
  'does-not-scale': ['serial'],
  failed: [null],
  'not-measured': [null]
}

/** Classifies a workload and writes its reason sentence. */
export function classify(input: ClassifyInput): Classification {
  // Coroutine functions: the loop overlaps the waits, or the coroutine blocks it. Both classes agree
  // with the recommendation by construction (async-classes.ts); anything else takes the ladder below.
  const asyncClass = classifyAsync(input)
  if (asyncClass !== null) return asyncClass
  const facts = gatherFacts(input)
  const verdictClass = classOf(facts)
  return { class: verdictClass, reason: reasonFor(verdictClass, facts, CHILD_CPU_SHARE) }
}

/** Gathers the figures that the class and its sentence are decided from. */
export function gatherFacts(input: ClassifyInput): VerdictFacts {
  const { decision, measurements, tasks } = input
  const pick = (strategy: Strategy): Measurement | null => {
    const candidate = decision.candidates.find((c) => c.strategy === strategy)
    if (candidate === undefined) return null
    return (
      measurements.find((m) => m.strategy === strategy && m.workers === candidate.run.workers) ??
      null
    )
  }
  const best = {
    serial: pick('serial'),
    async: pick('async'),
    threads: pick('threads'),
    processes: pick('processes')
  }
  const faultOf = (strategy: Strategy): Fault | null =>
    best[strategy] === null
      ? (measurements.find((m) => m.strategy === strategy && m.error !== null)?.error ?? null)
      : null
  const serialWall = best.serial?.wallSeconds ?? null
  return {
    input,
    best,
    faults: {
      serial: faultOf('serial'),
      async: faultOf('async'),
      threads: faultOf('threads'),
      processes: faultOf('processes')
    },
    callSeconds: serialWall === null || tasks <= 0 ? null : serialWall / tasks,
    bytesPerCall: transferPerCall(best.serial ?? best.threads ?? best.processes),
    threadsParallel: (best.threads?.cpuUse ?? 0) >= PARALLEL_CPU_USE
  }
}

/** The class: the recommendation first, then the figures that tell its cases apart. */
export function classOf(facts: VerdictFacts): VerdictClass {
  const { decision, margin } = facts.input
  const gil = gilOrDefault(facts.input.gil, facts.input.traits)
  const { serial, threads } = facts.best
  const recommendation = decision.recommendation
  if (recommendation === null) {
    return Object.values(facts.faults).some((fault) => fault !== null) ? 'failed' : 'not-measured'
  }
  // A strategy without a candidate cannot be the recommendation: threads failed, another won.
  if (facts.faults.threads !== null) return 'unsupported-in-threads'
  switch (recommendation) {
    // classifyAsync names every async recommendation; this keeps the switch whole.
    case 'async':
      return 'loop-overlaps-waits'
    case 'serial':
      if (facts.bytesPerCall !== null && facts.bytesPerCall >= LARGE_TRANSFER_BYTES)
        return 'transfer-bound'
      if (facts.callSeconds !== null && facts.callSeconds < SHORT_CALL_SECONDS)
        return 'overhead-bound'
      return 'does-not-scale'
    case 'threads': {
      const serialCpu = serial?.cpuUse ?? null
      const serialWaits = serialCpu !== null && serialCpu < WAITING_CPU_USE
      if (serialWaits) return 'io-bound'
      // Before the parallel-CPU test: on a busy runner, threads that drive children may not show
      // 1.3 CPUs, yet the work is the children's, not waiting.
      const share = childShare(serial ?? threads)
      if (share !== null && share >= CHILD_CPU_SHARE) return 'child-processes'
      // Threads that win without keeping more than about one CPU busy won by overlapping waits.
      if (!facts.threadsParallel) return 'io-bound'
      return parallelClass(gil.state)
    }
    case 'processes':
      return processesClass(gil.state, (threads?.speedup ?? 0) > 1 + margin)
  }
}

/** Threads keep several CPUs busy and win: what let them run in parallel. */
function parallelClass(gil: GilState): VerdictClass {
  switch (gil) {
    case 'none':
      return 'cpu-parallel'
    case 'off':
      return 'parallel-without-gil'
    case 'on':
    case 'forced':
    case 'module':
      return 'releases-gil'
  }
}

/** Processes win: what kept threads behind, `partly` when threads still beat serial. */
function processesClass(gil: GilState, partly: boolean): VerdictClass {
  switch (gil) {
    case 'none':
      return partly ? 'partly-serialized-in-process' : 'serialized-in-process'
    case 'off':
      return 'contended-without-gil'
    case 'module':
      return 'gil-enabled-by-module'
    case 'on':
    case 'forced':
      return partly ? 'partly-releases-gil' : 'gil-bound'
  }
}

/** The share of a measurement's CPU spent in the workload's child processes, or null. */
export function childShare(m: Measurement | null): number | null {
  // `?? null`: results files written before child CPU was measured lack the field.
  const children = m?.childCpuSeconds ?? null
  const total = m?.cpuSeconds ?? null
  return children === null || total === null || total <= 0 ? null : children / total
}

function transferPerCall(m: Measurement | null): number | null {
  if (m === null) return null
  const to = m.bytesToWorkersPerCall
  const from = m.bytesFromWorkersPerCall
  return to === null && from === null ? null : (to ?? 0) + (from ?? 0)
}

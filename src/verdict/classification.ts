// The records of a verdict's class: what classifying a workload takes, what it gives, and the facts
// it is decided from. classify.ts decides, async-classes.ts decides for coroutine functions and
// reason.ts writes the sentence; all three read these shapes, so none of them imports another for them.

import type { Fault, Measurement, RuntimeTraits, Strategy, VerdictClass } from '../types.ts'
import type { GilFacts } from './gil.ts'
import type { Decision } from './recommend.ts'

/** What a workload's class is decided from. */
export interface ClassifyInput {
  /** The decision on one interpreter's runs (its own serial the reference). */
  readonly decision: Decision
  /** That interpreter's measurements, speedups against its own serial. */
  readonly measurements: readonly Measurement[]
  readonly traits: RuntimeTraits
  /** What held its threads; default: the runtime's usual build (a GIL that is on where it has one). */
  readonly gil?: GilFacts
  readonly margin: number
  readonly tasks: number
  readonly rounds: number
}

/** A workload's class and the sentence that explains it. */
export interface Classification {
  readonly class: VerdictClass
  readonly reason: string
}

/** What the class and its sentence are decided from: each strategy's best worker count, its faults. */
export interface VerdictFacts {
  readonly input: ClassifyInput
  /** The measurement of each strategy's candidate (its best worker count), null when it had none. */
  readonly best: Readonly<Record<Strategy, Measurement | null>>
  /** The fault of a strategy that has no candidate because it failed, else null. */
  readonly faults: Readonly<Record<Strategy, Fault | null>>
  /** Seconds one serial call takes, or null. */
  readonly callSeconds: number | null
  /** Bytes moved per call (arguments and result), or null where not measured. */
  readonly bytesPerCall: number | null
  /** Threads keep classify.ts's PARALLEL_CPU_USE or more CPUs busy: they run code in parallel, not just wait. */
  readonly threadsParallel: boolean
}

// What a run reports while it measures, for live progress output: the measuring loop's events
// (measure/run.ts) inside the engine's (engine.ts), which report/progress.ts prints for both shells.
// Here, among the shared types, so that the loop, the engine and the printer read one definition
// without importing one another.

import type { Fault, Retirement, RoundSample, Strategy, WorkloadResult } from './types.ts'

/** Which checkout a contender belongs to: the one under test, or the base it is compared with. */
export type Variant = 'head' | 'base'

/** Which contender an event is about. */
export interface ContenderName {
  readonly variant: Variant
  readonly strategy: Strategy
  readonly workers: number
  /** Where it ran, for progress lines ("3.13t", "3.13t with the GIL forced on"); null with one interpreter. */
  readonly on: string | null
}

/** What the measuring loop reports as it goes, for progress output. */
export type MeasureEvent =
  | { readonly kind: 'calibrated'; readonly tasks: number; readonly callSeconds: number | null }
  | (ContenderName & {
      readonly kind: 'started'
      readonly startupSeconds: number | null
      readonly fault: Fault | null
    })
  | { readonly kind: 'round'; readonly round: number; readonly running: number }
  | (ContenderName & { readonly kind: 'fault'; readonly fault: Fault })
  | (ContenderName & { readonly kind: 'retired'; readonly retirement: Retirement })
  /** A turn other processes slowed was set aside: `round` is 1-based, `reason` has the figures. */
  | (ContenderName & {
      readonly kind: 'set-aside'
      readonly round: number
      readonly reason: string
      /** The turn was taken again at the end of its round (measure/run.ts retakeContended). */
      readonly retaken: boolean
    })
  /**
   * A turn came back, with its figures and scheduler reading as measured, before any rule judged
   * it: `round` is 0-based (a retake has its round's), null for a turn outside the rounds (the
   * calibration's, a warm-up). For the CLI's --turns log, not for the progress lines.
   */
  | (ContenderName & {
      readonly kind: 'turn'
      readonly round: number | null
      readonly calls: number
      readonly sample: RoundSample
    })

/** Progress of a run, for live output. */
export type ProgressEvent =
  | {
      readonly kind: 'workload-start'
      readonly workload: string
      readonly index: number
      readonly total: number
    }
  | { readonly kind: 'measure'; readonly workload: string; readonly event: MeasureEvent }
  | {
      readonly kind: 'workload-done'
      readonly workload: string
      readonly index: number
      readonly total: number
      readonly result: WorkloadResult
    }

// What the reports say of a workload's interpreters: each one's figures when it ran on several (every
// speedup against the first one's serial), each one's own verdict and single-thread cost, and the
// GIL's state on a free-threaded build. Pure.

import { serialRatioText, strategyWithWorkers } from '../format.ts'
import { againstOwnSerial } from '../stats/measurements.ts'
import type { InterpreterVerdict, Measurement, WorkloadResult } from '../types.ts'

/** The workload's interpreters when it ran on several (the reports then show each), else null. */
export function severalInterpreters(
  workload: WorkloadResult
): readonly InterpreterVerdict[] | null {
  const { interpreters } = workload
  return interpreters !== null && interpreters.length > 1 ? interpreters : null
}

/** The measurements of one interpreter, the GIL-forced twins left out. */
export function measurementsOn(workload: WorkloadResult, python: string | null): Measurement[] {
  return workload.measurements.filter((m) => !m.gilForced && m.python === python)
}

/**
 * What a chart of speedup against workers draws: the recommended interpreter's measurements against
 * its own serial (so that the ideal line holds) where there are several, else every measurement but
 * the GIL-forced twins.
 */
export function chartedMeasurements(workload: WorkloadResult): {
  readonly measurements: readonly Measurement[]
  readonly on: string | null
} {
  const several = severalInterpreters(workload)
  if (several === null)
    return { measurements: workload.measurements.filter((m) => !m.gilForced), on: null }
  const entry = several.find((i) => i.python === workload.recommendedPython) ?? several[0]!
  return {
    measurements: againstOwnSerial(measurementsOn(workload, entry.python)),
    on: entry.label
  }
}

/** An interpreter's serial against the first one's: "reference" for the first, "1.31x slower". */
export function serialCell(entry: InterpreterVerdict, index: number): string {
  if (index === 0) return 'reference'
  return entry.serialRatio === null ? '–' : serialRatioText(entry.serialRatio)
}

/** The GIL on one interpreter for this workload: "GIL off", "GIL enabled by importing `legacy`". */
export function gilText(entry: InterpreterVerdict): string {
  if (!entry.freeThreaded) return 'GIL build'
  if (!entry.gilEnabled) return 'free-threaded, GIL off'
  return entry.gilEnabledBy.length === 0
    ? 'free-threaded, GIL on'
    : `free-threaded, GIL enabled by importing ${entry.gilEnabledBy.map((m) => `\`${m}\``).join(', ')}`
}

/**
 * One line per interpreter for the evidence: its own verdict (its own serial the reference), its
 * single-thread cost and its GIL, e.g. "3.13t: threads ×2 (parallel-without-gil) · serial 1.31x
 * slower · free-threaded, GIL off". Also for one free-threaded interpreter, for its GIL.
 */
export function interpreterLines(workload: WorkloadResult): string[] {
  const { interpreters } = workload
  if (interpreters === null) return []
  const several = interpreters.length > 1
  if (!several && !interpreters.some((i) => i.freeThreaded)) return []
  return interpreters.map((entry, index) => {
    const verdict =
      entry.recommendation === null
        ? entry.class
        : `${strategyWithWorkers(entry.recommendation, entry.workers)} (${entry.class})`
    const parts = [
      ...(several ? [verdict, `serial ${serialCell(entry, index)}`] : []),
      gilText(entry)
    ]
    return `${entry.label}: ${parts.join(' · ')}`
  })
}

/** Each free-threaded interpreter's GIL for the workload: "3.13t: free-threaded, GIL off". */
export function gilLines(workload: WorkloadResult): string[] {
  return (workload.interpreters ?? [])
    .filter((entry) => entry.freeThreaded)
    .map((entry) => `${entry.label}: ${gilText(entry)}`)
}

// Which worker count stands for a strategy in the reports: the one the verdict would pick.

import { bestMeasurement as bestOf } from '../stats/measurements.ts'
import type { Measurement, Strategy, WorkloadResult } from '../types.ts'

/** The measurement that stands for `strategy` in a workload's report (see stats/measurements.ts). */
export function bestMeasurement(result: WorkloadResult, strategy: Strategy): Measurement | null {
  return bestOf(result.measurements, strategy)
}

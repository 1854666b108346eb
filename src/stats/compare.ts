// Ratios between two sets of rounds from two different runs (a baseline file), which do not pair:
// the ratio is a ratio of medians, with a percentile bootstrap interval from a fixed seed so the same
// files always give the same answer. Rounds measured in the same run pair up and are compared by the
// evidence rule (evidence.ts).

import type { Interval } from '../types.ts'
import { TARGET_CONFIDENCE } from './interval.ts'
import { mulberry32 } from './random.ts'
import { median } from './summary.ts'

export const BOOTSTRAP_RESAMPLES = 2000
const BOOTSTRAP_SEED = 0x5eed

export interface RatioEstimate {
  readonly ratio: number
  readonly interval: Interval | null
  /** How the interval was made. */
  readonly method: 'paired' | 'bootstrap'
}

/** median(numerator) / median(denominator) for independent samples, with a bootstrap interval. */
export function bootstrapRatio(
  numerator: readonly number[],
  denominator: readonly number[]
): RatioEstimate | null {
  if (numerator.length === 0 || denominator.length === 0) return null
  const ratio = median(numerator) / median(denominator)
  if (numerator.length < 2 || denominator.length < 2)
    return { ratio, interval: null, method: 'bootstrap' }
  const random = mulberry32(BOOTSTRAP_SEED)
  const resample = (values: readonly number[]): number[] =>
    values.map(() => values[Math.floor(random() * values.length)]!)
  const ratios: number[] = []
  for (let i = 0; i < BOOTSTRAP_RESAMPLES; i++)
    ratios.push(median(resample(numerator)) / median(resample(denominator)))
  ratios.sort((a, b) => a - b)
  const tail = (1 - TARGET_CONFIDENCE) / 2
  const low = ratios[Math.floor(tail * (ratios.length - 1))]!
  const high = ratios[Math.ceil((1 - tail) * (ratios.length - 1))]!
  // With few rounds the bootstrap is optimistic; the coverage stated is the nominal one.
  return { ratio, interval: { low, high, confidence: TARGET_CONFIDENCE }, method: 'bootstrap' }
}

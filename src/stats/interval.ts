// Distribution-free confidence intervals for a median from order statistics. With n sorted values,
// [x(k), x(n-k+1)] covers the true median with probability 1 - 2·P(Binomial(n, ½) < k), whatever the
// distribution of the values. No resampling, so the same rounds always give the same interval, and it
// needs no assumption that round times are normal (they are not: they have a long slow tail).

import type { Interval } from '../types.ts'

export const TARGET_CONFIDENCE = 0.95

/**
 * The narrowest order-statistic interval whose coverage is at least `target`; with too few values for
 * that, the widest one (min, max) with the coverage it really has. Null for an empty list.
 */
export function medianInterval(
  values: readonly number[],
  target = TARGET_CONFIDENCE
): Interval | null {
  const n = values.length
  if (n === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  if (n === 1) return { low: sorted[0]!, high: sorted[0]!, confidence: 0 }
  let k = 1
  while (k + 1 <= Math.floor((n + 1) / 2) && coverage(n, k + 1) >= target) k++
  return { low: sorted[k - 1]!, high: sorted[n - k]!, confidence: coverage(n, k) }
}

/** Probability that [x(k), x(n-k+1)] contains the median: 1 - 2·P(Bin(n, ½) ≤ k-1). */
export function coverage(n: number, k: number): number {
  let tail = 0
  let term = 0.5 ** n // C(n, 0) / 2^n
  for (let i = 0; i < k; i++) {
    tail += term
    term = (term * (n - i)) / (i + 1)
  }
  return Math.max(0, 1 - 2 * tail)
}

/**
 * A one-sided bound on the median: the largest x(k) with P(median < x(k)) ≤ 1 - confidence, that is
 * P(Binomial(n, ½) ≤ k-1) ≤ 1 - confidence. Null when n values are too few for that confidence (below
 * 4 values at 90%: even "all four above" happens by chance one time in sixteen).
 */
export function medianLowerBound(values: readonly number[], confidence: number): number | null {
  const n = values.length
  const sorted = [...values].sort((a, b) => a - b)
  let k = 0
  while (k < n && 1 - coverage(n, k + 1) <= 2 * (1 - confidence)) k++
  return k === 0 ? null : sorted[k - 1]!
}

/** The mirror of medianLowerBound: the smallest x(n-k+1) the median stays below with `confidence`. */
export function medianUpperBound(values: readonly number[], confidence: number): number | null {
  const lower = medianLowerBound(
    values.map((value) => -value),
    confidence
  )
  return lower === null ? null : -lower
}

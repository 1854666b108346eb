// Distribution-free confidence intervals for a median from order statistics. With n sorted values,
// [x(k), x(n-k+1)] covers the true median with probability 1 - 2·P(Binomial(n, ½) < k), whatever the
// distribution of the values. No resampling, so the same rounds always give the same interval, and it
// needs no assumption that round times are normal (they are not: they have a long slow tail).

import type { Interval } from '../types.ts'

export const TARGET_CONFIDENCE = 0.95
/** Coverage that intervals need before a comparison counts as settled. */
export const SETTLE_CONFIDENCE = 0.9

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

/** Fewest values whose (min, max) interval reaches SETTLE_CONFIDENCE: 5 (93.75%). */
export const MIN_SETTLED_ROUNDS = (() => {
  let n = 2
  while (coverage(n, 1) < SETTLE_CONFIDENCE) n++
  return n
})()

// Robust summaries of a handful of rounds: medians, not means, because a noisy CI runner produces
// occasional slow outliers and few rounds.

/** Median of a non-empty list; NaN for an empty one. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** The largest value, or null for an empty list. */
export function maximum(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.max(...values)
}

/**
 * Per-round ratios numerator[k] / denominator[k] over the rounds both have. Rounds are interleaved
 * across strategies, so pairing them cancels a machine that slows down mid-run.
 */
export function pairedRatios(
  numerator: readonly (number | null)[],
  denominator: readonly (number | null)[]
): number[] {
  const ratios: number[] = []
  const length = Math.min(numerator.length, denominator.length)
  for (let k = 0; k < length; k++) {
    const a = numerator[k]
    const b = denominator[k]
    if (a !== null && a !== undefined && b !== null && b !== undefined && b > 0) ratios.push(a / b)
  }
  return ratios
}

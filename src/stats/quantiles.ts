// Quantiles of the normal and chi-square distributions, for the evidence rule's noise bound; closed
// forms and approximations, no dependency.

/**
 * The chi-square distribution's quantile: exact for 1 and 2 degrees of freedom, Wilson and
 * Hilferty's approximation above (within 2% of the tables from 3 degrees of freedom at p >= 0.05).
 */
export function chiSquareQuantile(p: number, df: number): number {
  if (df === 1) return normalQuantile((1 + p) / 2) ** 2
  if (df === 2) return -2 * Math.log(1 - p)
  const k = 2 / (9 * df)
  return Math.max(1e-9, df * (1 - k + normalQuantile(p) * Math.sqrt(k)) ** 3)
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239
  ]
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572
  ]
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783
  ]
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
  const low = 0.02425
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    )
  }
  if (p > 1 - low) return -normalQuantile(1 - p)
  const q = p - 0.5
  const r = q * q
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  )
}

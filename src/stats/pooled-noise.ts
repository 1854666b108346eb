// The noise of a workload's rounds, pooled over its contenders: what the evidence rule
// (evidence.ts) takes as the least noise a comparison of that workload has. Every contender runs in
// the same interleaved rounds, so after two rounds five contenders already give four degrees of
// freedom, where one comparison alone would give one.

import { chiSquareQuantile } from './quantiles.ts'

/** A noise estimate pooled over a workload's contenders. */
export interface Noise {
  /** Standard deviation of one turn's log wall time beyond its contender's and its round's levels. */
  readonly turnSigma: number
  /** Degrees of freedom of the estimate. */
  readonly df: number
}

/**
 * The noise of a workload's turns, pooled over its contenders: log wall times (rows: contenders,
 * columns: rounds; null for a turn not taken or set aside) fitted as contender level + round level,
 * the residuals' standard deviation with its degrees of freedom. The round level takes out what hit
 * every contender of a round alike, which pairing cancels too. Null with no degree of freedom.
 */
export function pooledNoise(walls: readonly (readonly (number | null)[])[]): Noise | null {
  const rows = walls.length
  const columns = Math.max(0, ...walls.map((row) => row.length))
  // y[r * columns + c]: log wall time, NaN where no turn counts.
  const y = new Float64Array(rows * columns).fill(Number.NaN)
  walls.forEach((row, r) =>
    row.forEach((wall, c) => {
      if (wall !== null && wall > 0) y[r * columns + c] = Math.log(wall)
    })
  )
  dropSingletons(y, rows, columns)
  let cells = 0
  const usedRows = new Set<number>()
  const usedColumns = new Set<number>()
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue
    cells++
    usedRows.add(Math.floor(i / columns))
    usedColumns.add(i % columns)
  }
  const df = cells - usedRows.size - usedColumns.size + 1
  if (cells === 0 || df < 1) return null
  const rowLevel = new Float64Array(rows)
  const columnLevel = new Float64Array(columns)
  // Alternating means: exact after one pass for a full table, a few passes with turns missing.
  for (let pass = 0; pass < 100; pass++) {
    const change = Math.max(
      fitLevels(y, rowLevel, columnLevel, rows, columns, columns, 1),
      fitLevels(y, columnLevel, rowLevel, columns, rows, 1, columns)
    )
    if (change < 1e-10) break
  }
  let squares = 0
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) {
      const v = y[r * columns + c]!
      if (!Number.isNaN(v)) squares += (v - rowLevel[r]! - columnLevel[c]!) ** 2
    }
  return { turnSigma: Math.sqrt(squares / df), df }
}

/**
 * Sets each level of one side to the mean of its cells less the other side's levels; returns the
 * largest change. `stride`/`step` walk the flat table along that side.
 */
function fitLevels(
  y: Float64Array,
  levels: Float64Array,
  others: Float64Array,
  count: number,
  length: number,
  stride: number,
  step: number
): number {
  let change = 0
  for (let i = 0; i < count; i++) {
    let sum = 0
    let n = 0
    for (let j = 0; j < length; j++) {
      const v = y[i * stride + j * step]!
      if (Number.isNaN(v)) continue
      sum += v - others[j]!
      n++
    }
    if (n === 0) continue
    change = Math.max(change, Math.abs(sum / n - levels[i]!))
    levels[i] = sum / n
  }
  return change
}

/** An upper confidence bound of a pooled standard deviation (chi-square on its df). */
export function noiseUpperBound(noise: Noise, confidence: number): number {
  if (confidence <= 0) return noise.turnSigma
  return noise.turnSigma * Math.sqrt(noise.df / chiSquareQuantile(1 - confidence, noise.df))
}

/** Clears (NaN) every cell alone in its row or column, until none is: it would fit exactly. */
function dropSingletons(y: Float64Array, rows: number, columns: number): void {
  for (let changed = true; changed;) {
    changed = false
    for (const [count, length, stride, step] of [
      [rows, columns, columns, 1],
      [columns, rows, 1, columns]
    ] as const) {
      for (let i = 0; i < count; i++) {
        let filled = -1
        let n = 0
        for (let j = 0; j < length; j++) {
          if (Number.isNaN(y[i * stride + j * step])) continue
          filled = i * stride + j * step
          n++
        }
        if (n === 1) {
          y[filled] = Number.NaN
          changed = true
        }
      }
    }
  }
}

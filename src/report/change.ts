// How a workload compares with its base, in a few characters, for the terminal and the markdown.

import type { WorkloadResult } from '../types.ts'

const MARKS = { regression: '▼', improvement: '▲', unchanged: '=', inconclusive: '?' } as const

/** The worse of the two metrics: "▼ 0.49x", "= 1.01x", "? 0.93x"; "no base" or "–" without one. */
export function changeMark(
  result: Pick<WorkloadResult, 'comparison'> & Partial<Pick<WorkloadResult, 'stopReason'>>
): string {
  const comparison = result.comparison
  if (comparison === null) return result.stopReason === 'skipped' ? '–' : 'no base'
  const changes = [comparison.throughput, comparison.speedup].filter((c) => c !== null)
  if (changes.length === 0) return '–'
  const worst = changes.reduce((a, b) => (b.ratio < a.ratio ? b : a))
  return `${MARKS[worst.verdict]} ${worst.ratio.toFixed(2)}x`
}

/** "threshold 25% (10% asked; between separate runs at least 25%)" */
export function thresholdText(threshold: number, requestedThreshold: number): string {
  const pct = (fraction: number): string => `${Math.round(fraction * 100)}%`
  const raised =
    threshold > requestedThreshold
      ? ` (${pct(requestedThreshold)} asked; between separate runs at least ${pct(threshold)})`
      : ''
  return `threshold ${pct(threshold)}${raised}`
}

// Speedup against workers as a Mermaid xychart, which GitHub draws in comments, job summaries and
// markdown files (Mermaid 10.6+ has `xychart-beta`). An xychart has no legend, so the series get fixed
// colours through an init directive and a caption names them. A strategy with a hole in its sweep (a
// worker count that failed) is left out rather than drawn with an invented point.

import type { Measurement, Strategy, WorkloadResult } from '../types.ts'
import { chartedMeasurements } from './interpreters.ts'

type PlottedStrategy = Extract<Strategy, 'threads' | 'processes'>

const PLOTTED: readonly PlottedStrategy[] = ['threads', 'processes']

/** Colours and their names, for the init directive and the caption. */
const COLOURS: Readonly<Record<PlottedStrategy | 'ideal', { hex: string; name: string }>> = {
  ideal: { hex: '#9e9e9e', name: 'grey' },
  threads: { hex: '#1f77b4', name: 'blue' },
  processes: { hex: '#e8710a', name: 'orange' }
}

interface Series {
  readonly key: PlottedStrategy | 'ideal'
  readonly values: readonly number[]
}

/** The Mermaid chart of one workload's speedups with its caption, or null when there is nothing to draw. */
export function renderSpeedupChart(workload: WorkloadResult): string | null {
  // With several interpreters, the recommended one's, against its own serial.
  const { measurements, on } = chartedMeasurements(workload)
  const workers = workerCounts(measurements)
  if (workers.length < 2) return null
  const plotted: Series[] = []
  const missing: PlottedStrategy[] = []
  for (const strategy of PLOTTED) {
    const values = seriesOf(measurements, strategy, workers)
    if (values === 'absent') continue
    if (values === 'incomplete') missing.push(strategy)
    else plotted.push({ key: strategy, values })
  }
  if (plotted.length === 0) return null
  const series: Series[] = [{ key: 'ideal', values: workers }, ...plotted]
  const top = niceCeiling(Math.max(...series.flatMap((s) => s.values)))
  const chart = xyChart(
    `${mermaidText(workload.name)}${on === null ? '' : ` on ${mermaidText(on)}`}: speedup against workers`,
    { label: 'workers', values: workers },
    top,
    series.map((s) => ({ hex: COLOURS[s.key].hex, values: s.values }))
  )
  const names = series.map((s) =>
    s.key === 'ideal'
      ? `${COLOURS.ideal.name}: ideal (speedup = workers)`
      : `${COLOURS[s.key].name}: ${s.key}`
  )
  const left = missing.map((strategy) => `${strategy} not drawn: it failed at some worker counts`)
  return `${chart}\n\n<sub>${[...names, ...left].join(' · ')}</sub>`
}

const ASYNC_COLOUR = { hex: '#2ca02c', name: 'green' }

/**
 * The Mermaid chart of a coroutine function's async speedups against the calls in flight, on an axis
 * of its own (the concurrency sweep goes far past the pools' worker counts), or null with fewer than
 * two points or a hole in the sweep.
 */
export function renderAsyncChart(workload: WorkloadResult): string | null {
  const { measurements, on } = chartedMeasurements(workload)
  const own = measurements
    .filter((m) => m.strategy === 'async')
    .sort((a, b) => a.workers - b.workers)
  if (own.length < 2 || own.some((m) => m.speedup === null || !Number.isFinite(m.speedup)))
    return null
  const counts = own.map((m) => m.workers)
  const speedups = own.map((m) => m.speedup!)
  const top = niceCeiling(Math.max(...counts, ...speedups))
  const chart = xyChart(
    `${mermaidText(workload.name)}${on === null ? '' : ` on ${mermaidText(on)}`}: async speedup against calls in flight`,
    { label: 'calls in flight on one event loop', values: counts },
    top,
    [
      { hex: COLOURS.ideal.hex, values: counts },
      { hex: ASYNC_COLOUR.hex, values: speedups }
    ]
  )
  return `${chart}\n\n<sub>${COLOURS.ideal.name}: ideal (speedup = calls in flight) · ${ASYNC_COLOUR.name}: async</sub>`
}

/** Worker counts swept by the pools, ascending (async sweeps its concurrency on an axis of its own). */
function workerCounts(measurements: readonly Measurement[]): number[] {
  const counts = new Set<number>()
  for (const m of measurements)
    if (m.strategy === 'threads' || m.strategy === 'processes') counts.add(m.workers)
  return [...counts].sort((a, b) => a - b)
}

function seriesOf(
  measurements: readonly Measurement[],
  strategy: PlottedStrategy,
  workers: readonly number[]
): number[] | 'absent' | 'incomplete' {
  const own = measurements.filter((m) => m.strategy === strategy)
  if (own.length === 0) return 'absent'
  const values: number[] = []
  for (const count of workers) {
    const speedup = own.find((m) => m.workers === count)?.speedup ?? null
    if (speedup === null || !Number.isFinite(speedup)) return 'incomplete'
    values.push(speedup)
  }
  return values
}

/** A round axis top at or above the largest value: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 15... */
function niceCeiling(value: number): number {
  const steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]
  const scale = 10 ** Math.floor(Math.log10(Math.max(value, 1)))
  for (const step of steps) {
    const candidate = step * scale
    if (candidate >= value) return Number(candidate.toPrecision(3))
  }
  return 10 * scale
}

/**
 * A Mermaid xychart of speedup over serial from 0 to `top` against the x axis, one line per entry of
 * `lines`, each in its colour (an init directive sets the palette in line order).
 */
function xyChart(
  title: string,
  x: { readonly label: string; readonly values: readonly number[] },
  top: number,
  lines: readonly { readonly hex: string; readonly values: readonly number[] }[]
): string {
  const palette = lines.map((line) => line.hex).join(', ')
  return [
    '```mermaid',
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${palette}"}}}}%%`,
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis "${x.label}" [${x.values.join(', ')}]`,
    `  y-axis "speedup over serial" 0 --> ${top}`,
    ...lines.map((line) => `  line [${line.values.map(plotNumber).join(', ')}]`),
    '```'
  ].join('\n')
}

function plotNumber(value: number): string {
  return String(Number(value.toFixed(value >= 10 ? 1 : 2)))
}

/** Mermaid strings are double-quoted and cannot escape a quote. */
function mermaidText(text: string): string {
  return text.replace(/["\n\r]/g, "'")
}

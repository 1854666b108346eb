// The top of the report: the runner header, the legend and the verdict table's rows. Everything here is
// read at a glance; the evidence lives in markdown-details.ts.

import { changeMark, thresholdText } from './change.ts'
import {
  cpuText,
  faultText,
  formatBytes,
  formatCpuSplit,
  formatSeconds,
  formatSpeedup,
  platformName,
  pythonText,
  serialRatioText,
  strategyWithWorkers,
  verdictInterpreter
} from '../format.ts'
import { bestMeasurement } from '../stats/measurements.ts'
import { isPoorFit } from '../stats/scaling.ts'
import type { Environment, Measurement, Results, WorkloadResult } from '../types.ts'
import { asyncFigure } from './async.ts'
import { runnerNotes } from './contention.ts'
import { severalInterpreters } from './interpreters.ts'
import { escapeInline } from './markdown-escape.ts'

export const VERDICT_COLUMNS = [
  'Workload',
  'Verdict',
  'Threads',
  'Processes',
  'CPU use',
  'Memory',
  'Why'
] as const

/**
 * The verdict table's columns, with an Async column after the verdict when some workload is a
 * coroutine function, and a Serial column (each interpreter's serial against the first one's) when
 * some workload ran on several interpreters.
 */
export function verdictColumns(withAsync: boolean, withSerial = false): string[] {
  return [
    ...VERDICT_COLUMNS.slice(0, 2),
    ...(withAsync ? ['Async'] : []),
    ...(withSerial ? ['Serial'] : []),
    ...VERDICT_COLUMNS.slice(2)
  ]
}

/** Some workload ran on several interpreters: the table then has a Serial column. */
export function showsSerial(workloads: readonly WorkloadResult[]): boolean {
  return workloads.some((workload) => severalInterpreters(workload) !== null)
}

/** CPU count of the compact prediction shown next to a measured speedup. */
export const HEADLINE_CPUS = 16
/** The prediction is shown only where it beats the measured best by this factor: more CPUs would help. */
const HEADLINE_GAIN = 1.1

/** One verdict table row, with what the size budget needs to decide which rows to keep. */
export interface VerdictRow {
  readonly cells: readonly string[]
  /** Rows a reviewer must see (a mismatch, a failure) are kept first when the table is shortened. */
  readonly flagged: boolean
}

/** The runner line: OS and arch, usable CPUs, interpreter versions, commit and duration. */
export function renderHeader(results: Results, title: string): string {
  const env = results.environment
  const python = pythonText(env)
  const facts = [
    `**Runner** ${escapeInline(runnerName(env, results.context?.runner ?? null))}`,
    `**CPUs** ${cpuText(env)}`,
    ...(python === null ? [] : [`**Python** ${escapeInline(python)}`]),
    `**Node** ${escapeInline(env.node.replace(/^v/, ''))}`,
    ...(results.context?.headSha
      ? [`**Commit** ${escapeInline(results.context.headSha.slice(0, 12))}`]
      : []),
    `**Measured in** ${formatSeconds(results.durationSeconds)}`
  ]
  const lines = [`## ${title}`, '', facts.join(' · ')]
  if (results.interrupted) {
    lines.push(
      '',
      '> [!WARNING]',
      '> The run was cut short (time budget or cancellation): verdicts are as measured so far.'
    )
  }
  const { busy, unmonitored } = runnerNotes(results)
  if (busy !== null) lines.push('', '> [!WARNING]', `> ${escapeInline(busy)}`)
  if (unmonitored !== null) lines.push('', '> [!NOTE]', `> ${escapeInline(unmonitored)}`)
  return lines.join('\n')
}

/** The one-line legend under the header; `predicted` adds the meaning of the ≈ figures. */
export function renderLegend(predicted = false, withAsync = false, withSerial = false): string {
  const loop = withAsync
    ? ' · Async: calls in flight together on one event loop (coroutine functions only; n/a for synchronous ones)'
    : ''
  const interpreters = withSerial
    ? " · Several interpreters: one line each, every speedup against the first one's serial; Serial: each one's serial against the first one's"
    : ''
  const prediction = predicted
    ? ` · ≈ on ${HEADLINE_CPUS} CPUs: predicted by a scaling law fitted to the worker sweep, not measured`
    : ''
  return (
    '<sub>Speedup = serial time ÷ strategy time (median of interleaved rounds) at the best worker count, ' +
    '×n = n workers · CPU use and memory are those of the recommended strategy · ' +
    '⚠️ differs from the `uses` declared in the config · ❔ uncertain: the budget ran out before the ' +
    'measurements settled, or the runner was too busy to settle them · rounds that other processes slowed are set aside' +
    `${loop}${interpreters}${prediction}</sub>`
  )
}

/**
 * The verdict table's row for one workload. `runCpus`, the usable CPUs of the run, adds the predicted
 * speedup on HEADLINE_CPUS where the run had fewer and more CPUs would help.
 */
export function verdictRow(
  workload: WorkloadResult,
  runCpus: number | null = null,
  compared = false,
  withAsync = false,
  withSerial = false
): VerdictRow {
  const chosen = recommendedMeasurement(workload)
  const failed = workload.recommendation === null && workload.class !== 'not-measured'
  const regressed = workload.comparison?.regression === true
  return {
    cells: [
      escapeInline(workload.name),
      verdictCell(workload),
      ...(withAsync ? [asyncCell(workload)] : []),
      ...(withSerial ? [serialColumnCell(workload)] : []),
      strategyCell(workload, 'threads', runCpus),
      strategyCell(workload, 'processes', runCpus),
      chosen === null ? '–' : formatCpuSplit(chosen.cpuUse, chosen.childCpuUse ?? null),
      chosen === null ? '–' : formatBytes(chosen.peakRssBytes),
      escapeInline(failed && workload.error !== null ? faultText(workload.error) : workload.reason),
      ...(compared ? [regressed ? `**${changeMark(workload)}**` : changeMark(workload)] : [])
    ],
    flagged: failed || workload.mismatch || workload.error !== null || regressed
  }
}

/** Each interpreter's serial against the first one's, one per line; "–" with one interpreter. */
function serialColumnCell(workload: WorkloadResult): string {
  const several = severalInterpreters(workload)
  if (several === null) return '–'
  return several
    .map(
      (entry, index) =>
        `${escapeInline(entry.label)}: ${index === 0 ? 'reference' : entry.serialRatio === null ? '–' : serialRatioText(entry.serialRatio)}`
    )
    .join('<br>')
}

/** The async figure, bold when recommended. */
function asyncCell(workload: WorkloadResult): string {
  const text = asyncFigure(workload)
  return workload.recommendation === 'async' ? `**${text}**` : text
}

/** The Verdict cell: "**processes ×2**", "❌ failed", flagged when `uses` differs and marked when uncertain. */
export function verdictCell(workload: WorkloadResult): string {
  if (workload.recommendation === null)
    return workload.class === 'not-measured' ? '⏭️ not measured' : '❌ failed'
  const main = `**${strategyWithWorkers(workload.recommendation, workload.workers)}${verdictInterpreter(workload, escapeInline)}**`
  const mismatch =
    workload.mismatch && workload.uses !== null
      ? `⚠️ ${main} (uses ${escapeInline(workload.uses)})`
      : main
  return workload.uncertain ? `${mismatch} ❔` : mismatch
}

/** The measurement behind the recommendation, for its CPU use and memory. */
export function recommendedMeasurement(workload: WorkloadResult): Measurement | null {
  const { recommendation, workers } = workload
  if (recommendation === null) return null
  return (
    workload.measurements.find(
      (m) =>
        !m.gilForced &&
        (workload.recommendedPython === null || m.python === workload.recommendedPython) &&
        m.strategy === recommendation &&
        (recommendation === 'serial' || m.workers === workers)
    ) ?? null
  )
}

/**
 * The best measured speedup of a pool strategy with its worker count, bold when recommended; with
 * several interpreters, one line for each, all against the first one's serial.
 */
export function strategyCell(
  workload: WorkloadResult,
  strategy: 'threads' | 'processes',
  runCpus: number | null = null
): string {
  const several = severalInterpreters(workload)
  if (several === null) return strategyFigure(workload, strategy, undefined, runCpus)
  return several
    .map(
      (entry, index) =>
        `${escapeInline(entry.label)}: ${strategyFigure(workload, strategy, entry.python, index === 0 ? runCpus : null)}`
    )
    .join('<br>')
}

/** One interpreter's (or, with `python` undefined, the workload's) best figure of a pool strategy. */
function strategyFigure(
  workload: WorkloadResult,
  strategy: 'threads' | 'processes',
  python: string | undefined,
  runCpus: number | null
): string {
  const best = bestMeasurement(workload.measurements, strategy, python)
  if (best === null) {
    const fault = workload.measurements.find(
      (m) =>
        m.strategy === strategy &&
        m.error !== null &&
        !m.gilForced &&
        (python === undefined || m.python === python)
    )?.error
    return fault ? `❌ ${fault.kind}` : '–'
  }
  const text = `${formatSpeedup(best.speedup)} (×${best.workers})`
  const recommended =
    workload.recommendation === strategy &&
    workload.workers === best.workers &&
    (python === undefined || python === workload.recommendedPython)
  const predicted = headlinePrediction(workload, strategy, runCpus)
  const headline =
    predicted === null ? '' : ` · ≈${formatSpeedup(predicted)} on ${HEADLINE_CPUS} CPUs`
  return `${recommended ? `**${text}**` : text}${headline}`
}

/**
 * The predicted speedup on HEADLINE_CPUS, where the run had fewer CPUs, the fit is not poor and the
 * prediction beats the measured best (else it adds nothing); null otherwise.
 */
export function headlinePrediction(
  workload: WorkloadResult,
  strategy: 'threads' | 'processes',
  runCpus: number | null
): number | null {
  if (runCpus === null || runCpus >= HEADLINE_CPUS) return null
  const prediction = workload.predictions.find((p) => p.strategy === strategy)
  const point = prediction?.points.find((p) => p.cpus === HEADLINE_CPUS)
  // Predictions are fitted to the first interpreter's sweep (engine.ts).
  const first = workload.interpreters?.[0]?.python
  const best = bestMeasurement(workload.measurements, strategy, first)?.speedup ?? null
  if (prediction === undefined || point === undefined || best === null) return null
  if (prediction.caveat !== null || isPoorFit(prediction, workload.measurements)) return null
  return point.speedup >= best * HEADLINE_GAIN ? point.speedup : null
}

function runnerName(env: Environment, runner: string | null): string {
  const os = platformName(env.platform)
  return runner === null ? `${os} ${env.arch}` : `${os} ${env.arch} (${runner})`
}

/** The gate's outcome and what the workloads were compared with, as a callout above the table. */
export function renderGateAndBaseline(results: Pick<Results, 'gate' | 'baseline'>): string | null {
  const lines: string[] = []
  const { gate, baseline } = results
  if (gate !== null) {
    const failOn = `\`fail-on: ${gate.failOn}\``
    if (gate.failed) {
      lines.push('> [!CAUTION]', `> **Gate failed** (${failOn}):`)
      for (const failure of gate.failures) lines.push(`> - ${escapeInline(failure)}`)
    } else {
      lines.push('> [!NOTE]', `> Gate passed (${failOn}).`)
    }
    for (const note of gate.notes) lines.push(`> - ${escapeInline(note)}`)
  }
  if (baseline !== null) {
    const what = baseline.kind === 'file' ? 'the results file' : 'the checkout'
    const sha = baseline.sha === null ? '' : ` (${escapeInline(baseline.sha.slice(0, 12))})`
    if (lines.length > 0) lines.push('')
    lines.push(
      `Compared with ${what} ${escapeInline(baseline.source)}${sha}: ${thresholdText(baseline.threshold, baseline.requestedThreshold)}. ` +
        '"vs base" is the worse of throughput and speedup, head ÷ base: ▼ slower beyond the threshold, ▲ faster, = within, ? inconclusive.'
    )
  }
  return lines.length === 0 ? null : lines.join('\n')
}

// The evidence behind one verdict, collapsed under <details>: the per-worker measurements, the chart of
// speedup against workers, the scaling predictions and the fault with its traceback.

import { markdownTable } from 'markdown-table'
import {
  faultText,
  formatBytes,
  formatCpuSplit,
  formatSeconds,
  formatSpeedup,
  strategyWithWorkers
} from '../format.ts'
import { isPoorFit } from '../stats/scaling.ts'
import type { Interval, Measurement, Prediction, WorkloadResult } from '../types.ts'
import { asyncNotApplicable } from './async.ts'
import { renderAsyncChart, renderSpeedupChart } from './chart.ts'
import { codeBlock, escapeHtml, escapeInline, inlineCode } from './markdown-escape.ts'

/** A workload's evidence at the two levels the size budget can choose from. */
export interface WorkloadDetails {
  /** With the chart. */
  readonly full: string
  /** The same without the chart (equal to `full` when there is no chart). */
  readonly withoutChart: string
}

/** Renders one workload's collapsed section. */
export function renderDetails(workload: WorkloadResult): WorkloadDetails {
  const charts = [renderSpeedupChart(workload), renderAsyncChart(workload)].filter(
    (c) => c !== null
  )
  const chart = charts.length === 0 ? null : charts.join('\n\n')
  const body = [intro(workload)]
  if (workload.error !== null)
    body.push(faultBlock(workload.error.detail, faultText(workload.error)))
  if (workload.measurements.length > 0) body.push(measurementTable(workload.measurements))
  const stopped = stoppedList(workload.measurements)
  if (stopped !== null) body.push(stopped)
  const faults = workload.measurements.filter((m) => m.error?.detail)
  for (const m of faults) {
    body.push(
      faultBlock(
        m.error?.detail,
        `${strategyWithWorkers(m.strategy, m.workers)}: ${faultText(m.error!)}`
      )
    )
  }
  const predictions =
    workload.predictions.length > 0
      ? [predictionTable(workload.predictions, workload.measurements)]
      : []
  const wrap = (parts: string[]): string =>
    `<details>\n<summary>${summary(workload)}</summary>\n\n${parts.join('\n\n')}\n\n</details>`
  return {
    full: wrap([...body, ...(chart === null ? [] : [chart]), ...predictions]),
    withoutChart: wrap([...body, ...predictions])
  }
}

function summary(workload: WorkloadResult): string {
  const verdict =
    workload.recommendation === null
      ? 'failed'
      : strategyWithWorkers(workload.recommendation, workload.workers)
  const facts = [
    verdict,
    ...(workload.class === 'failed' || workload.class === 'not-measured' ? [] : [workload.class]),
    `${workload.rounds} round${workload.rounds === 1 ? '' : 's'}`,
    formatSeconds(workload.elapsedSeconds)
  ]
  return `<b>${escapeHtml(workload.name)}</b>: ${escapeHtml(facts.join(' · '))}`
}

function intro(workload: WorkloadResult): string {
  const facts = [
    `${inlineCode(`${workload.module}:${workload.function}`)} (${workload.runtime})`,
    `${workload.tasks} calls per round`,
    ...(workload.callSeconds === null ? [] : [`${formatSeconds(workload.callSeconds)} per call`]),
    ...(workload.startMethod === null
      ? []
      : [`start method ${escapeInline(workload.startMethod)}`]),
    ...(workload.uses === null ? [] : [`declared \`uses: ${workload.uses}\``])
  ]
  const notApplicable = asyncNotApplicable(workload)
  const head =
    notApplicable === null
      ? facts.join(' · ')
      : `${facts.join(' · ')}\n\n${escapeInline(notApplicable)}`
  const comparison = workload.comparison
  if (comparison === null) return head
  const base =
    comparison.baseRecommendation === null
      ? 'no verdict'
      : strategyWithWorkers(comparison.baseRecommendation, comparison.baseWorkers)
  const method = comparison.method === 'paired' ? 'paired rounds' : 'bootstrap'
  return `${head}\n\n**Against base** (base verdict: ${base}; ${method}): ${escapeInline(comparison.summary)}`
}

function measurementTable(measurements: readonly Measurement[]): string {
  const showFaults = measurements.some((m) => m.error !== null)
  const header = [
    'Strategy',
    'Workers',
    'Speedup',
    'Interval',
    'Wall per round',
    'CPU use',
    'Peak memory',
    'Start-up',
    'Sent / received per call',
    'Rounds',
    ...(showFaults ? ['Fault'] : [])
  ]
  const rows = measurements.map((m) => [
    m.strategy,
    String(m.workers),
    formatSpeedup(m.speedup),
    m.strategy === 'serial' ? '–' : intervalText(m.speedupInterval),
    formatSeconds(m.wallSeconds),
    formatCpuSplit(m.cpuUse, m.childCpuUse ?? null),
    formatBytes(m.peakRssBytes),
    // Serial and async run on the harness's own thread: no pool to start.
    m.strategy === 'serial' || m.strategy === 'async' ? '–' : formatSeconds(m.startupSeconds),
    m.bytesToWorkersPerCall === null && m.bytesFromWorkersPerCall === null
      ? '–'
      : `${formatBytes(m.bytesToWorkersPerCall)} / ${formatBytes(m.bytesFromWorkersPerCall)}`,
    String(m.rounds),
    ...(showFaults ? [m.error === null ? '' : escapeInline(faultText(m.error))] : [])
  ])
  return markdownTable([header, ...rows], { alignDelimiters: false })
}

/** The configurations the race stopped early, each with why (one-worker pools in one line). */
function stoppedList(measurements: readonly Measurement[]): string | null {
  const stopped = measurements.filter((m) => m.stopped !== null)
  if (stopped.length === 0) return null
  const oneWorker = stopped.filter((m) => m.stopped!.cause === 'one-worker')
  const others = stopped.filter((m) => m.stopped!.cause !== 'one-worker')
  const lines = others.map(
    (m) => `- ${strategyWithWorkers(m.strategy, m.workers)}: ${escapeInline(m.stopped!.reason)}`
  )
  if (oneWorker.length > 0)
    lines.push(
      `- ${oneWorker.map((m) => strategyWithWorkers(m.strategy, m.workers)).join(', ')}: one round each, for start-up and hand-off overhead (a one-worker pool is no candidate)`
    )
  return `**Stopped early** (clearly out of the running; their figures are from the rounds they ran):\n\n${lines.join('\n')}`
}

function intervalText(interval: Interval | null): string {
  if (interval === null) return '–'
  const low = formatSpeedup(interval.low).replace(/x$/, '')
  return `${low}–${formatSpeedup(interval.high)} (${Math.round(interval.confidence * 100)}%)`
}

function predictionTable(
  predictions: readonly Prediction[],
  measurements: readonly Measurement[]
): string {
  const rows = predictions.map((p) => [
    p.strategy,
    modelText(p),
    p.points.map((point) => `${point.cpus} CPUs: ${formatSpeedup(point.speedup)}`).join(' · '),
    `${p.fitError.toFixed(3)} on ${p.fittedWorkers.join(', ')} workers`,
    p.caveat !== null
      ? `⚠️ ${escapeInline(p.caveat)}`
      : isPoorFit(p, measurements)
        ? '⚠️ poor fit: read with care'
        : '–'
  ])
  const table = markdownTable(
    [['Strategy', 'Fitted model', 'Predicted speedup', 'Fit error (RMS)', 'Caveat'], ...rows],
    {
      alignDelimiters: false
    }
  )
  return (
    '**Predicted on machines with more CPUs**: a scaling law fitted to the speedups above, not a ' +
    'measurement; a machine with N CPUs runs the pool at N workers.\n\n' +
    table
  )
}

/** Readable names of the fitted parameters; others are shown as they are named. */
const PARAMETER_NAMES: Readonly<Record<string, string>> = {
  serialFraction: 'serial fraction',
  sigma: 'σ',
  kappa: 'κ',
  oneWorkerSpeedup: 'one worker'
}

function modelText(prediction: Prediction): string {
  const parameters = Object.entries(prediction.parameters)
    .map(
      ([name, value]) =>
        `${PARAMETER_NAMES[name] ?? escapeInline(name)} ${Number(value.toPrecision(3))}`
    )
    .join(', ')
  const model = prediction.model === 'amdahl' ? "Amdahl's law" : 'USL'
  return parameters === '' ? model : `${model} (${parameters})`
}

/** Traceback tails are kept short: the comment has a size budget and the results file has the rest. */
const MAX_DETAIL_LINES = 30
const MAX_DETAIL_CHARS = 3000

function faultBlock(detail: string | undefined, headline: string): string {
  const title = `**${escapeInline(headline)}**`
  if (!detail) return title
  const tail = detail.split('\n').slice(-MAX_DETAIL_LINES).join('\n').slice(-MAX_DETAIL_CHARS)
  return `${title}\n\n${codeBlock(tail, 'text')}`
}

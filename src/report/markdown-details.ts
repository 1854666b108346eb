// The evidence behind one verdict, collapsed under <details>: the per-worker measurements, the chart of
// speedup against workers, the scaling predictions and the fault with its traceback.

import { markdownTable } from 'markdown-table'
import {
  faultText,
  formatBytes,
  formatCpuSplit,
  formatSeconds,
  formatSpeedup,
  strategyWithWorkers,
  verdictInterpreter
} from '../format.ts'
import { isPoorFit } from '../stats/scaling.ts'
import { setAsideText } from './contention.ts'
import type { Interval, Measurement, Prediction, WorkloadResult } from '../types.ts'
import { asyncNotApplicable } from './async.ts'
import { renderAsyncChart, renderSpeedupChart } from './chart.ts'
import { interpreterLines, severalInterpreters } from './interpreters.ts'
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
  const where = interpreterOf(workload)
  if (workload.measurements.length > 0) body.push(measurementTable(workload.measurements, where))
  const stopped = stoppedList(workload.measurements, where)
  if (stopped !== null) body.push(stopped)
  const aside = setAsideText(workload, (m) => {
    const on = where(m)
    return on === null ? '' : ` on ${on}`
  })
  if (aside !== null) body.push(escapeInline(aside))
  const faults = workload.measurements.filter((m) => m.error?.detail)
  for (const m of faults) {
    const on = where(m)
    body.push(
      faultBlock(
        m.error?.detail,
        `${strategyWithWorkers(m.strategy, m.workers)}${on === null ? '' : ` on ${on}`}: ${faultText(m.error!)}`
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

/**
 * Where a measurement ran, when the workload ran on several interpreters or with the GIL forced on:
 * "3.13t", "3.13t with the GIL forced on"; null otherwise (one interpreter, nothing to say).
 */
type Where = (m: Measurement) => string | null

function interpreterOf(workload: WorkloadResult): Where {
  const several = severalInterpreters(workload) !== null
  const twins = workload.measurements.some((m) => m.gilForced)
  const labels = new Map((workload.interpreters ?? []).map((i) => [i.python, i.label]))
  if (!several && !twins) return () => null
  return (m) => {
    const label = m.python === null ? '' : (labels.get(m.python) ?? m.python)
    return m.gilForced ? `${label} with the GIL forced on (PYTHON_GIL=1)` : label
  }
}

function summary(workload: WorkloadResult): string {
  const verdict =
    workload.recommendation === null
      ? 'failed'
      : `${strategyWithWorkers(workload.recommendation, workload.workers)}${verdictInterpreter(workload)}`
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
  const interpreters = interpreterLines(workload).map((line) => `- ${escapeInline(line)}`)
  const head = [
    facts.join(' · '),
    ...(notApplicable === null ? [] : [escapeInline(notApplicable)]),
    ...(interpreters.length === 0
      ? []
      : [
          `${severalInterpreters(workload) === null ? 'Interpreter' : "Each interpreter's own verdict (its own serial the reference)"}:\n\n${interpreters.join('\n')}`
        ])
  ].join('\n\n')
  const comparison = workload.comparison
  if (comparison === null) return head
  const base =
    comparison.baseRecommendation === null
      ? 'no verdict'
      : strategyWithWorkers(comparison.baseRecommendation, comparison.baseWorkers)
  const method = comparison.method === 'paired' ? 'paired rounds' : 'bootstrap'
  return `${head}\n\n**Against base** (base verdict: ${base}; ${method}): ${escapeInline(comparison.summary)}`
}

function measurementTable(measurements: readonly Measurement[], where: Where): string {
  const showFaults = measurements.some((m) => m.error !== null)
  const showWhere = measurements.some((m) => where(m) !== null)
  const header = [
    ...(showWhere ? ['Python'] : []),
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
    ...(showWhere ? [escapeInline(where(m) ?? '')] : []),
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
function stoppedList(measurements: readonly Measurement[], where: Where): string | null {
  const stopped = measurements.filter((m) => m.stopped !== null)
  if (stopped.length === 0) return null
  const name = (m: Measurement): string => {
    const on = where(m)
    return `${strategyWithWorkers(m.strategy, m.workers)}${on === null ? '' : ` on ${escapeInline(on)}`}`
  }
  const oneWorker = stopped.filter((m) => m.stopped!.cause === 'one-worker')
  const others = stopped.filter((m) => m.stopped!.cause !== 'one-worker')
  const lines = others.map((m) => `- ${name(m)}: ${escapeInline(m.stopped!.reason)}`)
  if (oneWorker.length > 0)
    lines.push(
      `- ${oneWorker.map(name).join(', ')}: one round each, for start-up and hand-off overhead (a one-worker pool is no candidate)`
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

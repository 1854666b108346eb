// The top of the report: the runner header, the legend and the verdict table's rows. Everything here is
// read at a glance; the evidence lives in markdown-details.ts.

import { bestMeasurement } from './best.ts'
import { formatBytes, formatCpuUse, formatSeconds, formatSpeedup } from '../format.ts'
import type {
  Environment,
  Fault,
  Measurement,
  Results,
  Strategy,
  WorkloadResult
} from '../types.ts'
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

/** One verdict table row, with what the size budget needs to decide which rows to keep. */
export interface VerdictRow {
  readonly cells: readonly string[]
  /** Rows a reviewer must see (a mismatch, a failure) are kept first when the table is shortened. */
  readonly flagged: boolean
}

const PLATFORMS: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'Linux',
  darwin: 'macOS',
  win32: 'Windows',
  freebsd: 'FreeBSD'
}

/** The runner line: OS and arch, usable CPUs, interpreter versions, commit and duration. */
export function renderHeader(results: Results, title: string): string {
  const env = results.environment
  const facts = [
    `**Runner** ${escapeInline(runnerName(env, results.context?.runner ?? null))}`,
    `**CPUs** ${cpuText(env)}`,
    ...(env.python === null ? [] : [`**Python** ${escapeInline(env.python)}`]),
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
  return lines.join('\n')
}

/** The one-line legend under the header. */
export function renderLegend(): string {
  return (
    '<sub>Speedup = serial time ÷ strategy time (median of interleaved rounds) at the best worker count, ' +
    '×n = n workers · CPU use and memory are those of the recommended strategy · ' +
    '⚠️ differs from the `uses` declared in the config · ❔ uncertain: the budget ran out before the ' +
    'measurements settled</sub>'
  )
}

/** The verdict table's row for one workload. */
export function verdictRow(workload: WorkloadResult): VerdictRow {
  const chosen = recommendedMeasurement(workload)
  const failed = workload.recommendation === null && workload.class !== 'not-measured'
  return {
    cells: [
      escapeInline(workload.name),
      verdictText(workload),
      strategyCell(workload, 'threads'),
      strategyCell(workload, 'processes'),
      chosen === null ? '–' : formatCpuUse(chosen.cpuUse),
      chosen === null ? '–' : formatBytes(chosen.peakRssBytes),
      escapeInline(failed && workload.error !== null ? faultText(workload.error) : workload.reason)
    ],
    flagged: failed || workload.mismatch || workload.error !== null
  }
}

/** "processes ×2", "serial", "❌ failed", flagged when `uses` differs and marked when uncertain. */
export function verdictText(workload: WorkloadResult): string {
  if (workload.recommendation === null)
    return workload.class === 'not-measured' ? '⏭️ not measured' : '❌ failed'
  const main = `**${strategyWithWorkers(workload.recommendation, workload.workers)}**`
  const mismatch =
    workload.mismatch && workload.uses !== null ? `⚠️ ${main} (uses ${workload.uses})` : main
  return workload.uncertain ? `${mismatch} ❔` : mismatch
}

/** "threads ×4"; serial has no worker count. */
export function strategyWithWorkers(strategy: Strategy, workers: number | null): string {
  return strategy === 'serial' || workers === null ? strategy : `${strategy} ×${workers}`
}

/** One line for a fault: its message, and its kind when the message does not say it. */
export function faultText(fault: Fault): string {
  return fault.message.toLowerCase().includes(fault.kind)
    ? fault.message
    : `${fault.message} (${fault.kind})`
}

/** The measurement behind the recommendation, for its CPU use and memory. */
export function recommendedMeasurement(workload: WorkloadResult): Measurement | null {
  const { recommendation, workers } = workload
  if (recommendation === null) return null
  return (
    workload.measurements.find(
      (m) => m.strategy === recommendation && (recommendation === 'serial' || m.workers === workers)
    ) ?? null
  )
}

function strategyCell(workload: WorkloadResult, strategy: 'threads' | 'processes'): string {
  const best = bestMeasurement(workload, strategy)
  if (best === null) {
    const fault = workload.measurements.find(
      (m) => m.strategy === strategy && m.error !== null
    )?.error
    return fault ? `❌ ${fault.kind}` : '–'
  }
  const text = `${formatSpeedup(best.speedup)} (×${best.workers})`
  const recommended = workload.recommendation === strategy && workload.workers === best.workers
  return recommended ? `**${text}**` : text
}

function runnerName(env: Environment, runner: string | null): string {
  const os = PLATFORMS[env.platform] ?? env.platform
  return runner === null ? `${os} ${env.arch}` : `${os} ${env.arch} (${runner})`
}

function cpuText(env: Environment): string {
  return env.hostCpus !== env.cpus ? `${env.cpus} usable of ${env.hostCpus}` : `${env.cpus}`
}

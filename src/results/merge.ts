// Lines up the results of several runs (a matrix of runners, or the artifacts of a triggering run) by
// workload name, labels each run, and says where a workload's verdict changes with the runner and what
// about the runners explains it: core count, start method, OS, architecture, interpreter version, and
// the Python build (with a GIL, or free-threaded with the GIL off or on) apart from the version. Pure.

import type { Environment, Results, Strategy, WorkloadResult } from '../types.ts'
import { joinAnd, platformName } from '../format.ts'

/** One results file as read. */
export interface RunInput {
  /** Where it came from (a path), for the report and messages. */
  readonly source: string
  readonly results: Results
}

export interface LabelledRun extends RunInput {
  /** Unique among the runs: runner label, OS and arch, CPUs; a job key or a number where needed. */
  readonly label: string
}

export const DIFFERENCE_FACTORS = [
  'core count',
  'start method',
  'OS',
  'architecture',
  'Python version',
  'build',
  'Node version'
] as const
/** What about two runners can change a verdict. */
export type DifferenceFactor = (typeof DIFFERENCE_FACTORS)[number]

/** A verdict as compared across runs: a strategy, or a failure. */
export type VerdictKey = Strategy | 'failed'

export interface WorkloadAcross {
  readonly name: string
  /** Per run, in run order; null where that run has no such workload. */
  readonly results: readonly (WorkloadResult | null)[]
  /** The recommendation is not the same on every run that measured the workload. */
  readonly differs: boolean
  /** The factors that separate the runs with different verdicts; empty when none does or none differs. */
  readonly factors: readonly DifferenceFactor[]
  /** One sentence on the difference, e.g. "Core count: processes on 16 CPUs; threads on 2 CPUs."; null when the verdicts agree. */
  readonly why: string | null
}

export interface MergedRuns {
  readonly runs: readonly LabelledRun[]
  /** Every workload of any run, in order of first appearance. */
  readonly workloads: readonly WorkloadAcross[]
}

/** Merges runs in the order given. */
export function mergeRuns(inputs: readonly RunInput[]): MergedRuns {
  const runs = labelRuns(inputs)
  const names: string[] = []
  for (const run of runs) {
    for (const workload of run.results.workloads)
      if (!names.includes(workload.name)) names.push(workload.name)
  }
  const workloads = names.map((name) => {
    const results = runs.map(
      (run) => run.results.workloads.find((workload) => workload.name === name) ?? null
    )
    return { name, results, ...compare(runs, results) }
  })
  return { runs, workloads }
}

/** The verdict compared across runs; null for a workload that was not measured. */
export function verdictKey(workload: WorkloadResult): VerdictKey | null {
  if (workload.recommendation !== null) return workload.recommendation
  return workload.class === 'not-measured' ? null : 'failed'
}

function labelRuns(inputs: readonly RunInput[]): LabelledRun[] {
  const base = inputs.map(({ results }) => {
    const env = results.environment
    const where = `${platformName(env.platform)} ${env.arch} · ${env.cpus} CPU${env.cpus === 1 ? '' : 's'}`
    return results.context?.runner ? `${results.context.runner} · ${where}` : where
  })
  const labels = base.map((label, i) => {
    const same = base.flatMap((other, j) => (other === label ? [j] : []))
    if (same.length === 1) return label
    const jobs = same.map((j) => inputs[j]!.results.context?.job ?? null)
    const job = jobs[same.indexOf(i)]
    const jobsDiffer = jobs.every((j) => j !== null) && new Set(jobs).size === jobs.length
    return jobsDiffer ? `${label} · ${job}` : `${label} #${same.indexOf(i) + 1}`
  })
  return inputs.map((input, i) => ({ ...input, label: labels[i]! }))
}

interface Group {
  readonly key: VerdictKey
  readonly runs: readonly number[]
}

function compare(
  runs: readonly LabelledRun[],
  results: readonly (WorkloadResult | null)[]
): Pick<WorkloadAcross, 'differs' | 'factors' | 'why'> {
  const groups: Group[] = []
  results.forEach((workload, i) => {
    const key = workload === null ? null : verdictKey(workload)
    if (key === null) return
    const group = groups.find((g) => g.key === key)
    if (group === undefined) groups.push({ key, runs: [i] })
    else groups[groups.indexOf(group)] = { key, runs: [...group.runs, i] }
  })
  if (groups.length < 2) return { differs: false, factors: [], why: null }
  const valueOf = (factor: DifferenceFactor, i: number): string | null =>
    factorValue(factor, runs[i]!.results.environment, results[i]!)
  const separating = DIFFERENCE_FACTORS.filter((factor) => separates(factor, groups, valueOf))
  const describe = (group: Group): string => {
    if (separating.length === 0) return ` on ${group.runs.map((i) => runs[i]!.label).join(', ')}`
    const text = (factor: DifferenceFactor): string | null =>
      separating.includes(factor)
        ? valuesText(
            factor,
            group.runs.map((i) => valueOf(factor, i)!)
          )
        : null
    const machine = [text('OS'), text('architecture')].filter((part) => part !== null).join(' ')
    const on = [
      machine,
      text('core count'),
      text('Python version'),
      text('build'),
      text('Node version')
    ].filter((part) => part !== null && part !== '')
    const start = text('start method')
    return `${on.length === 0 ? '' : ` on ${on.join(', ')}`}${start === null ? '' : ` with ${start}`}`
  }
  const evidence = groups.map((group) => `${group.key}${describe(group)}`).join('; ')
  const why =
    separating.length === 0
      ? `No runner trait (core count, start method, OS, architecture, versions, Python build) separates the verdicts: ${evidence}. The difference may be noise: see the intervals.`
      : `${capitalize(separating.join(', '))}: ${evidence}.`
  return { differs: true, factors: separating, why }
}

/**
 * A factor separates the groups when every run has a value for it and no value is found in two
 * groups: then it alone tells the runs of one verdict from the others. Core counts must also not
 * interleave.
 */
function separates(
  factor: DifferenceFactor,
  groups: readonly Group[],
  valueOf: (factor: DifferenceFactor, run: number) => string | null
): boolean {
  if (factor === 'core count') return rangesApart(groups, (run) => Number(valueOf(factor, run)))
  const owner = new Map<string, VerdictKey>()
  for (const group of groups) {
    for (const run of group.runs) {
      const value = valueOf(factor, run)
      if (value === null) return false
      const seen = owner.get(value)
      if (seen !== undefined && seen !== group.key) return false
      owner.set(value, group.key)
    }
  }
  return true
}

/** Core counts separate groups only as ranges that do not overlap: 2 and 4 CPUs against 16. */
function rangesApart(groups: readonly Group[], cpusOf: (run: number) => number): boolean {
  const ranges = groups.map((group) => {
    const cpus = group.runs.map(cpusOf)
    return { low: Math.min(...cpus), high: Math.max(...cpus) }
  })
  return ranges.every((a, i) => ranges.every((b, j) => i === j || a.high < b.low || b.high < a.low))
}

function factorValue(
  factor: DifferenceFactor,
  env: Environment,
  workload: WorkloadResult
): string | null {
  switch (factor) {
    case 'core count':
      return String(env.cpus)
    case 'start method':
      return workload.startMethod ?? (workload.runtime === 'python' ? env.pythonStartMethod : null)
    case 'OS':
      return platformName(env.platform)
    case 'architecture':
      return env.arch
    case 'Python version':
      return workload.runtime === 'python' ? env.python : null
    case 'build':
      return buildOf(workload)
    case 'Node version':
      return workload.runtime === 'node' ? env.node.replace(/^v/, '') : null
  }
}

/**
 * A Python workload's build as a runner factor: "GIL build", "free-threaded (GIL off)" or
 * "free-threaded (GIL on)" for the GIL the workload met, each interpreter's when it ran on several;
 * null for Node and for results from before the build was recorded.
 */
function buildOf(workload: WorkloadResult): string | null {
  if (workload.interpreters === null || workload.interpreters.length === 0) return null
  return workload.interpreters
    .map((i) =>
      i.freeThreaded ? `free-threaded (GIL ${i.gilEnabled ? 'on' : 'off'})` : 'GIL build'
    )
    .join(' + ')
}

/** The values of one factor within a group, as read in a sentence: "2 CPUs", "2 and 4 CPUs", "spawn". */
function valuesText(factor: DifferenceFactor, values: readonly string[]): string {
  const unique = [...new Set(values)]
  if (factor === 'core count') {
    const sorted = unique.map(Number).sort((a, b) => a - b)
    return `${joinAnd(sorted.map(String))} CPU${sorted.length === 1 && sorted[0] === 1 ? '' : 's'}`
  }
  const prefix = factor === 'Python version' ? 'Python ' : factor === 'Node version' ? 'Node ' : ''
  return joinAnd(unique.map((value) => `${prefix}${value}`))
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

// Number formatting and the words shared by the verdict's reason sentences, the gates and the reports,
// so that a figure, a strategy or a fault reads the same in the JSON, the terminal and the PR comment.

import type {
  Environment,
  EnvironmentInterpreter,
  Fault,
  Strategy,
  WorkloadResult
} from './types.ts'

/** "1.92x" (three significant figures below 10, fewer above). */
export function formatSpeedup(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–'
  if (value >= 100) return `${value.toFixed(0)}x`
  if (value >= 10) return `${value.toFixed(1)}x`
  if (value >= 0.1) return `${value.toFixed(2)}x`
  if (value >= 0.001) return `${value.toFixed(3)}x`
  return `${value.toPrecision(2)}x`
}

/** "0.42 s", "12 ms", "3.1 µs" */
export function formatSeconds(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–'
  const abs = Math.abs(value)
  if (abs >= 1) return `${trim(value, 2)} s`
  if (abs >= 1e-3) return `${trim(value * 1e3, abs >= 0.1 ? 0 : 1)} ms`
  if (abs >= 1e-6) return `${trim(value * 1e6, 1)} µs`
  return `${trim(value * 1e9, 0)} ns`
}

/** "16.8 MB", "120 kB", "28 B" (decimal units, as in the memory limits). */
export function formatBytes(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–'
  const units: [number, string][] = [
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'kB']
  ]
  for (const [size, unit] of units) {
    if (value >= size) return `${trim(value / size, value / size >= 100 ? 0 : 1)} ${unit}`
  }
  return `${Math.round(value)} B`
}

/** "1.9 CPUs", "1.0 CPU", "0.02 CPU" */
export function formatCpuUse(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–'
  const text = value >= 0.1 ? value.toFixed(1) : value.toFixed(2)
  return `${text} ${Number(text) > 1 ? 'CPUs' : 'CPU'}`
}

/** An interpreter as reports name it: "3.13", or "3.13t" for a free-threaded build. */
export function interpreterLabel(version: string, freeThreaded: boolean): string {
  return `${version.split('.').slice(0, 2).join('.')}${freeThreaded ? 't' : ''}`
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

/** "processes ×2", "serial", "none", with "(uncertain)": a verdict in plain text (terminal, logs). */
export function verdictText(result: WorkloadResult): string {
  if (result.recommendation === null) return 'none'
  const text = `${strategyWithWorkers(result.recommendation, result.workers)}${verdictInterpreter(result)}`
  return `${text}${result.uncertain ? ' (uncertain)' : ''}`
}

/** " on 3.13t" where the workload ran on several interpreters, else ""; `escape` quotes the label. */
export function verdictInterpreter(
  result: WorkloadResult,
  escape: (text: string) => string = (text) => text
): string {
  const { interpreters } = result
  if (interpreters === null || interpreters.length < 2) return ''
  const label = interpreters.find((i) => i.python === result.recommendedPython)?.label
  return label === undefined ? '' : ` on ${escape(label)}`
}

/**
 * An interpreter's build and its GIL at start-up: "3.13.5", "3.13.5 free-threaded (GIL off)",
 * "3.13.5 free-threaded (GIL on: PYTHON_GIL=1)".
 */
export function interpreterText(interpreter: EnvironmentInterpreter): string {
  if (!interpreter.freeThreaded) return interpreter.version
  const gil = interpreter.gilEnabled
    ? `GIL on${interpreter.gilForcedBy === null ? '' : `: ${interpreter.gilForcedBy}`}`
    : 'GIL off'
  return `${interpreter.version} free-threaded (${gil})`
}

/**
 * The Python interpreters of a run for a header: "3.11.7", "3.13.5 free-threaded (GIL off)", or
 * several: "3.13.5 and 3.13.5 free-threaded (GIL off)"; null when no Python workload ran. Results
 * from before several interpreters name only the version.
 */
export function pythonText(env: Environment): string | null {
  if (env.interpreters.length === 0) return env.python
  return joinAnd(env.interpreters.map(interpreterText))
}

/** An interpreter's serial against the first one's: "1.31x slower", "1.05x faster", "as fast". */
export function serialRatioText(ratio: number): string {
  if (Math.abs(ratio - 1) < 0.005) return 'as fast'
  return ratio > 1 ? `${formatSpeedup(ratio)} slower` : `${formatSpeedup(1 / ratio)} faster`
}

/** "a", "a and b", "a, b and c" */
export function joinAnd(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`
}

const PLATFORMS: Readonly<Record<string, string | undefined>> = {
  linux: 'Linux',
  darwin: 'macOS',
  win32: 'Windows',
  freebsd: 'FreeBSD'
}

/** "Linux", "macOS", "Windows"; other platforms as Node names them. */
export function platformName(platform: string): string {
  return PLATFORMS[platform] ?? platform
}

/** "2" or "2 usable of 4". */
export function cpuText(env: Environment): string {
  return env.hostCpus !== env.cpus ? `${env.cpus} usable of ${env.hostCpus}` : `${env.cpus}`
}

function trim(value: number, digits: number): string {
  return value.toFixed(digits)
}

/**
 * "1.7 CPUs", or "1.7 CPUs (1.5 in child processes)" when processes the workload started did a
 * visible part of it, so that a report says where the CPU went.
 */
export function formatCpuSplit(cpuUse: number | null, childCpuUse: number | null): string {
  const total = formatCpuUse(cpuUse)
  if (cpuUse === null || childCpuUse === null || childCpuUse < 0.05) return total
  const children = childCpuUse >= 0.1 ? childCpuUse.toFixed(1) : childCpuUse.toFixed(2)
  return `${total} (${children} in child processes)`
}

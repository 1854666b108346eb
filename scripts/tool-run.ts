// What the benchmarks that time whole runs share: running a command as a user would (the tool's CLI
// of any build, a plain sweep script), timed from start to exit, in a process group of its own that
// an interrupted benchmark kills; and reading from a results file only the fields they print, so
// that a results file of another build (older or newer, with fields this checkout does not know)
// reads as well.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'

/** The fields of one workload of a results file that the benchmarks read. */
export interface WorkloadVerdict {
  readonly name: string
  readonly runtime: string
  /** Calls per round the tool chose (0 when nothing was measured). */
  readonly tasks: number
  readonly recommendation: string | null
  readonly workers: number | null
  readonly uncertain: boolean
  readonly rounds: number
  readonly elapsedSeconds: number
  readonly error: string | null
}

export interface Timed {
  readonly seconds: number
  readonly stdout: string
  /** Null when the command exited 0 (or 1, a gate); else what went wrong, in one line. */
  readonly failure: string | null
}

const running = new Set<ChildProcess>()

/** Runs a command to its exit; the time covers everything from the start to the exit. */
export function timedRun(
  command: string,
  args: readonly string[],
  options: { readonly timeoutSeconds: number; readonly okCodes?: readonly number[] }
): Promise<Timed> {
  const started = performance.now()
  // A group of its own, so that an interrupt reaches the command's pools as well.
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  running.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr.on(
    'data',
    (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000))
  )
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    stopGroup(child)
  }, options.timeoutSeconds * 1000)
  return new Promise((resolve) => {
    child.on('error', (error) => {
      clearTimeout(timer)
      running.delete(child)
      resolve({ seconds: 0, stdout, failure: `${command}: ${error.message}` })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      running.delete(child)
      const seconds = (performance.now() - started) / 1000
      const ok = code !== null && (options.okCodes ?? [0]).includes(code)
      const last = stderr.trim().split('\n').at(-1) ?? ''
      const failure = ok
        ? null
        : timedOut
          ? `stopped after its limit of ${options.timeoutSeconds.toFixed(0)} s`
          : signal !== null
            ? `killed by ${signal} after ${seconds.toFixed(0)} s`
            : `exit ${code}: ${last}`
      resolve({ seconds, stdout, failure })
    })
  })
}

/** Kills every command still running (and its process group) at once. */
function killRunning(): void {
  for (const child of running) killGroup(child, 'SIGKILL')
}

/**
 * On SIGINT or SIGTERM: runs `cleanup` (stopping a neighbour, say), stops what runs (SIGTERM, so
 * that the tool stops its harnesses; SIGKILL after a grace period), exits 130 or 143. Returns the
 * function that removes the handlers.
 */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    for (const child of running) stopGroup(child)
    const gone = [...running].map((child) => new Promise((done) => child.once('close', done)))
    void cleanup()
      .then(() => Promise.race([Promise.all(gone), delay(GRACE_SECONDS)]))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  process.on('exit', killRunning)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
    process.off('exit', killRunning)
  }
}

const GRACE_SECONDS = 5
const delay = (seconds: number): Promise<void> =>
  new Promise((done) => setTimeout(done, seconds * 1000).unref())

/** SIGTERM to the command's group, SIGKILL if it is still there after the grace period. */
function stopGroup(child: ChildProcess): void {
  killGroup(child, 'SIGTERM')
  setTimeout(() => {
    if (running.has(child)) killGroup(child, 'SIGKILL')
  }, GRACE_SECONDS * 1000).unref()
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal)
  } catch {
    // Already gone.
  }
}

/** The tool's CLI of a build, run on a config as a user would, with `--json FILE -q`. */
export function runTool(
  cli: string,
  config: string,
  only: readonly string[],
  json: string,
  timeoutSeconds: number
): Promise<Timed> {
  const args = [
    cli,
    '--config',
    config,
    ...only.flatMap((w) => ['--only', w]),
    '--json',
    json,
    '-q'
  ]
  return timedRun(process.execPath, args, { timeoutSeconds, okCodes: [0, 1] })
}

/** The workloads of a results file, read loosely (only the fields above, checked one by one). */
export function readVerdicts(file: string): WorkloadVerdict[] {
  const fail = (field: string): never => {
    throw new Error(`${file}: ${field}: not what a results file holds`)
  }
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'))
  const workloads = isRecord(value) ? value.workloads : undefined
  if (!Array.isArray(workloads)) return fail('workloads')
  return workloads.map((w: unknown, i): WorkloadVerdict => {
    if (!isRecord(w)) return fail(`workloads[${i}]`)
    const field = <T>(name: string, ok: (v: unknown) => v is T): T =>
      ok(w[name]) ? w[name] : fail(`workloads[${i}].${name}`)
    const error = w.error
    return {
      name: field('name', isString),
      runtime: field('runtime', isString),
      tasks: field('tasks', isNumber),
      recommendation: field('recommendation', orNull(isString)),
      workers: field('workers', orNull(isNumber)),
      uncertain: field('uncertain', (v): v is boolean => typeof v === 'boolean'),
      rounds: field('rounds', isNumber),
      elapsedSeconds: field('elapsedSeconds', isNumber),
      error: isRecord(error) ? String(error.message) : null
    }
  })
}

/** "processes ×2", "serial", "threads ×4?" (uncertain), "none". */
export function verdictText(
  w: Pick<WorkloadVerdict, 'recommendation' | 'workers' | 'uncertain'>
): string {
  const workers = w.recommendation === 'serial' || w.workers === null ? '' : ` ×${w.workers}`
  return `${w.recommendation ?? 'none'}${workers}${w.uncertain ? '?' : ''}`
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isString = (v: unknown): v is string => typeof v === 'string'
const isNumber = (v: unknown): v is number => typeof v === 'number'
const orNull =
  <T>(ok: (v: unknown) => v is T) =>
  (v: unknown): v is T | null =>
    v === null || ok(v)

/** The machine's load averages (1, 5, 15 minutes), as text for the benchmarks' figures. */
export const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

// The shape of a results file (schemaVersion 1), checked field by field. Report mode reads files that
// other jobs wrote, under workflow_run possibly a fork's code, and baselines are kept for weeks: a
// file that lacks a field or has a string where a number belongs fails here, naming the field, rather
// than crashing a renderer later.

import { UsageError } from '../errors.ts'
import {
  CHANGE_VERDICTS,
  FAIL_ON,
  FAULT_KINDS,
  RETIREMENT_CAUSES,
  RUNTIMES,
  STOP_REASONS,
  STRATEGIES,
  VERDICT_CLASSES
} from '../types.ts'
import type { Results } from '../types.ts'

type Check = (value: unknown, field: string) => void

/** Checks a parsed results file; throws UsageError naming `source` and the first bad field. */
export function parseResults(value: unknown, source: string): Results {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${source}: not a results file: expected a JSON object`)
  }
  if ((value as { schemaVersion?: unknown }).schemaVersion !== 1) {
    const got = JSON.stringify((value as { schemaVersion?: unknown }).schemaVersion)
    throw new UsageError(
      `${source}: schemaVersion: expected 1, got ${got}; this file is not from a compatible concurrency-advisor`
    )
  }
  try {
    results(value, '')
  } catch (error) {
    if (error instanceof FieldError)
      throw new UsageError(`${source}: ${error.field}: ${error.message}`)
    throw error
  }
  return withDefaults(value as Results)
}

/** Fields added since schemaVersion 1 first shipped get their "nothing to say" value. */
function withDefaults(results: Results): Results {
  return {
    ...results,
    workloads: results.workloads.map((workload) => ({
      ...workload,
      coroutine: workload.coroutine ?? null,
      measurements: workload.measurements.map((m) => ({ ...m, stopped: m.stopped ?? null }))
    }))
  }
}

class FieldError extends Error {
  readonly field: string
  constructor(field: string, message: string) {
    super(message)
    this.field = field
  }
}

const at = (base: string, key: string | number): string =>
  typeof key === 'number' ? `${base}[${key}]` : base === '' ? key : `${base}.${key}`

function object(shape: Readonly<Record<string, Check>>): Check {
  return (value, field) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new FieldError(field || '(top level)', 'must be an object')
    }
    const record = value as Record<string, unknown>
    for (const [key, check] of Object.entries(shape)) check(record[key], at(field, key))
  }
}

function list(item: Check): Check {
  return (value, field) => {
    if (!Array.isArray(value)) throw new FieldError(field, 'must be a list')
    value.forEach((entry: unknown, index) => item(entry, at(field, index)))
  }
}

function nullable(check: Check): Check {
  return (value, field) => {
    if (value !== null) check(value, field)
  }
}

function optional(check: Check): Check {
  return (value, field) => {
    if (value !== undefined) check(value, field)
  }
}

function oneOf(allowed: readonly string[]): Check {
  return (value, field) => {
    if (!allowed.some((option) => option === value)) {
      throw new FieldError(
        field,
        `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`
      )
    }
  }
}

const string: Check = (value, field) => {
  if (typeof value !== 'string') throw new FieldError(field, 'must be a string')
}
const boolean: Check = (value, field) => {
  if (typeof value !== 'boolean') throw new FieldError(field, 'must be true or false')
}
const number: Check = (value, field) => {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new FieldError(field, 'must be a number')
}
const count: Check = (value, field) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new FieldError(field, 'must be a whole number')
  }
}
const records: Check = (value, field) => {
  object({})(value, field)
  for (const [key, entry] of Object.entries(value as Record<string, unknown>))
    number(entry, at(field, key))
}

const interval = nullable(object({ low: number, high: number, confidence: number }))
const fault = nullable(
  object({
    kind: oneOf(FAULT_KINDS),
    message: string,
    type: optional(string),
    code: optional(string),
    exitCode: optional(number),
    signal: optional(string),
    detail: optional(string)
  })
)
const strategy = oneOf(STRATEGIES)
const change = nullable(
  object({
    strategy,
    workers: count,
    base: number,
    head: number,
    ratio: number,
    interval,
    verdict: oneOf(CHANGE_VERDICTS)
  })
)

const measurement = object({
  strategy,
  workers: count,
  rounds: count,
  wallSeconds: nullable(number),
  interval,
  speedup: nullable(number),
  speedupInterval: interval,
  cpuSeconds: nullable(number),
  cpuUse: nullable(number),
  peakRssBytes: nullable(number),
  startupSeconds: nullable(number),
  bytesToWorkersPerCall: nullable(number),
  bytesFromWorkersPerCall: nullable(number),
  error: fault,
  // Absent from files written before the race (0.1.0): read as null.
  stopped: optional(
    nullable(
      object({
        afterRounds: count,
        cause: oneOf(RETIREMENT_CAUSES),
        versus: nullable(object({ strategy, workers: count })),
        ratio: nullable(number),
        bound: nullable(number),
        reason: string
      })
    )
  ),
  wallSamples: list(nullable(number))
})

const prediction = object({
  strategy: oneOf(['threads', 'processes']),
  model: oneOf(['amdahl', 'usl']),
  parameters: records,
  fitError: number,
  fittedWorkers: list(count),
  caveat: nullable(string),
  points: list(object({ cpus: count, speedup: number }))
})

const comparison = nullable(
  object({
    method: oneOf(['paired', 'bootstrap']),
    throughput: change,
    speedup: change,
    baseRecommendation: nullable(strategy),
    baseWorkers: nullable(count),
    regression: boolean,
    summary: string
  })
)

const workload = object({
  name: string,
  runtime: oneOf(RUNTIMES),
  module: string,
  function: string,
  line: count,
  tasks: count,
  callSeconds: nullable(number),
  uses: nullable(strategy),
  // Added with the async strategy; files written before it lack it (withDefaults fills in null).
  coroutine: optional(nullable(boolean)),
  recommendation: nullable(strategy),
  workers: nullable(count),
  class: oneOf(VERDICT_CLASSES),
  reason: string,
  mismatch: boolean,
  uncertain: boolean,
  rounds: count,
  stopReason: oneOf(STOP_REASONS),
  elapsedSeconds: number,
  startMethod: nullable(string),
  measurements: list(measurement),
  error: fault,
  predictions: list(prediction),
  comparison
})

const results = object({
  tool: object({ name: string, version: string }),
  startedAt: string,
  finishedAt: string,
  durationSeconds: number,
  configFile: string,
  environment: object({
    cpus: count,
    hostCpus: count,
    platform: string,
    arch: string,
    osRelease: string,
    python: nullable(string),
    pythonExecutable: nullable(string),
    pythonStartMethod: nullable(string),
    node: string
  }),
  context: nullable(
    object({
      runner: nullable(string),
      repository: nullable(string),
      pullRequest: nullable(count),
      headSha: nullable(string),
      baseSha: nullable(string),
      runId: nullable(string),
      job: nullable(string)
    })
  ),
  interrupted: boolean,
  workloads: list(workload),
  baseline: nullable(
    object({
      kind: oneOf(['file', 'checkout']),
      source: string,
      threshold: number,
      requestedThreshold: number,
      sha: nullable(string)
    })
  ),
  gate: nullable(
    object({ failOn: oneOf(FAIL_ON), failed: boolean, failures: list(string), notes: list(string) })
  )
})

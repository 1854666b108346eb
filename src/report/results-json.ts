// The results file (schemaVersion 1): written by every run, read back as a baseline or by report mode.
// Reading validates at the edge, so a hand-edited or foreign file fails with the file and the field.

import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { UsageError } from '../errors.ts'
import { RUNTIMES, STRATEGIES, VERDICT_CLASSES } from '../types.ts'
import type { Results } from '../types.ts'

/** Writes results as pretty JSON, creating the folder. */
export async function writeResults(path: string, results: Results): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`)
}

/** Reads and validates a results file. Throws UsageError naming the file and the field. */
export async function readResults(path: string): Promise<Results> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(
      `${path}: cannot read the results file: ${code === 'ENOENT' ? 'no such file' : String(code)}`
    )
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${path}: not a results file: invalid JSON (${(error as Error).message})`)
  }
  return parseResults(value, path)
}

/** Checks the shape of a parsed results file. */
export function parseResults(value: unknown, source: string): Results {
  const fail = (field: string, problem: string): never => {
    throw new UsageError(`${source}: ${field}: ${problem}`)
  }
  if (!isRecord(value)) return fail('(top level)', 'not a results file: expected a JSON object')
  if (value.schemaVersion !== 1) {
    return fail(
      'schemaVersion',
      `expected 1, got ${JSON.stringify(value.schemaVersion)}; this file is not from a compatible concurrency-advisor`
    )
  }
  if (!isRecord(value.environment)) fail('environment', 'missing')
  const environment = value.environment as Record<string, unknown>
  if (typeof environment.cpus !== 'number') fail('environment.cpus', 'must be a number')
  if (!Array.isArray(value.workloads)) return fail('workloads', 'must be a list')
  value.workloads.forEach((workload: unknown, index: number) => {
    const field = `workloads[${index}]`
    if (!isRecord(workload)) return fail(field, 'must be an object')
    if (typeof workload.name !== 'string') fail(`${field}.name`, 'must be a string')
    if (!RUNTIMES.some((runtime) => runtime === workload.runtime))
      fail(`${field}.runtime`, `must be one of ${RUNTIMES.join(', ')}`)
    const recommendation = workload.recommendation
    if (recommendation !== null && !STRATEGIES.some((strategy) => strategy === recommendation)) {
      fail(`${field}.recommendation`, `must be one of ${STRATEGIES.join(', ')} or null`)
    }
    if (!VERDICT_CLASSES.some((name) => name === workload.class))
      fail(`${field}.class`, `must be one of ${VERDICT_CLASSES.join(', ')}`)
    if (typeof workload.reason !== 'string') fail(`${field}.reason`, 'must be a string')
    if (!Array.isArray(workload.measurements))
      return fail(`${field}.measurements`, 'must be a list')
    workload.measurements.forEach((measurement: unknown, m: number) => {
      if (
        !isRecord(measurement) ||
        !STRATEGIES.some((strategy) => strategy === measurement.strategy)
      ) {
        fail(`${field}.measurements[${m}].strategy`, `must be one of ${STRATEGIES.join(', ')}`)
      }
    })
    return undefined
  })
  return value as unknown as Results
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

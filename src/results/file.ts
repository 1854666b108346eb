// The results file (schemaVersion 1): written by every run, read back as a baseline or by report mode.
// Reading validates at the edge against the one schema (schema.ts), so a hand-edited or foreign file
// fails with the file and the field rather than crashing a renderer later. Report mode reads files
// that other jobs wrote, under workflow_run possibly a fork's code, and baselines are kept for weeks.

import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Compile } from 'typebox/compile'
import { UsageError } from '../errors.ts'
import type { Results } from '../types.ts'
import { firstError } from '../validation/first-error.ts'
import { ResultsFileSchema } from './schema.ts'
import type { StoredResults } from './schema.ts'

const validator = Compile(ResultsFileSchema)

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

/** Checks a parsed results file; throws UsageError naming `source` and the first bad field. */
export function parseResults(value: unknown, source: string): Results {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${source}: not a results file: expected a JSON object`)
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion
  if (version !== 1) {
    const why =
      typeof version === 'number' && version > 1
        ? 'a newer concurrency-advisor wrote it: upgrade this one to read it'
        : 'this file is not from a compatible concurrency-advisor'
    throw new UsageError(
      `${source}: schemaVersion: expected 1, got ${JSON.stringify(version)}; ${why}`
    )
  }
  if (validator.Check(value)) return withDefaults(value)
  const problem = firstError(ResultsFileSchema, value)
  throw new UsageError(
    `${source}: ${problem?.path || '(top level)'}: ${problem?.message ?? 'does not match the results schema'}`
  )
}

/** Fields added since schemaVersion 1 first shipped get their "nothing to say" value. */
function withDefaults(results: StoredResults): Results {
  return {
    ...results,
    shard: results.shard ?? null,
    environment: { ...results.environment, interpreters: results.environment.interpreters ?? [] },
    workloads: results.workloads.map((workload) => ({
      ...workload,
      coroutine: workload.coroutine ?? null,
      recommendedPython: workload.recommendedPython ?? null,
      interpreters: workload.interpreters ?? null,
      contention: workload.contention ?? null,
      measurements: workload.measurements.map((m) => ({
        ...m,
        python: m.python ?? null,
        gilForced: m.gilForced ?? false,
        childCpuSeconds: m.childCpuSeconds ?? null,
        childCpuUse: m.childCpuUse ?? null,
        stopped: m.stopped ?? null,
        setAside: m.setAside ?? []
      }))
    }))
  }
}

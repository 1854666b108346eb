// The results file (schemaVersion 1): written by every run, read back as a baseline or by report mode.
// Reading validates at the edge, so a hand-edited or foreign file fails with the file and the field.

import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { UsageError } from '../errors.ts'
import type { Results } from '../types.ts'
import { parseResults } from './results-schema.ts'

export { parseResults }

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

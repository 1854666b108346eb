// `concurrency-advisor report FILE...`: merges results files (the shards of a runner, several runners,
// a re-run) with the same code as the action's report mode (results/combine.ts), prints the terminal
// report, writes the comment's markdown and the merged results on request, and applies --fail-on to
// the merged verdicts. Nothing is measured.

import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { didYouMean } from '../config/suggest.ts'
import { usageFromParseError } from './args.ts'
import { DEFAULT_FAIL_ON } from '../defaults.ts'
import { UsageError } from '../errors.ts'
import { renderRunnersReport } from '../report/markdown-runners.ts'
import { renderRunsTerminal } from '../report/terminal-runners.ts'
import { combineRuns } from '../results/combine.ts'
import { readResults, writeResults } from '../results/file.ts'
import type { LabelledRun, RunInput } from '../results/merge.ts'
import { FAIL_ON } from '../closed-sets.ts'
import type { FailOn } from '../types.ts'

export const REPORT_USAGE = `Usage: concurrency-advisor report FILE... [options]

Merges results files and prints one report: the shards of a runner (--shard K/N) joined into one run,
several runners side by side, and of two files of one shard (a re-run) the later one. Nothing is
measured.

Options:
      --markdown FILE  write the report as markdown (the body of the pull-request comment)
      --json FILE      write the merged results: one results file per runner (with several runners,
                       each runner's label is added to FILE's name)
      --fail-on WHEN   ${FAIL_ON.join(' | ')} (default: ${DEFAULT_FAIL_ON}): exit 1 when the merged
                       verdicts fail the gate; the workloads of a missing shard fail every gate
  -h, --help           this help

Exit codes: 0 done, 1 the gate failed, 2 bad usage, or a file that is not a results file, is of a
newer schemaVersion, or is of another config or commit than the others.`

const OPTIONS = {
  markdown: { type: 'string' },
  json: { type: 'string' },
  'fail-on': { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const
const FLAG_NAMES = Object.keys(OPTIONS).map((name) => `--${name}`)

/** Runs `report` with its arguments (after the word "report"); says whether the gate failed. */
export async function runReport(
  argv: readonly string[],
  cwd: string
): Promise<{ readonly gateFailed: boolean }> {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true })
  } catch (error) {
    const usage = usageFromParseError(error, FLAG_NAMES)
    throw new UsageError(`report: ${usage.message.replace(/see --help$/, 'see report --help')}`)
  }
  const { values, positionals } = parsed
  if (values.help === true) {
    process.stdout.write(`${REPORT_USAGE}\n`)
    return { gateFailed: false }
  }
  const failOn = failOnOf(values['fail-on'] ?? DEFAULT_FAIL_ON)
  if (positionals.length === 0)
    throw new UsageError('report: needs one or more results files (see report --help)')
  const files: RunInput[] = []
  const seen = new Set<string>()
  for (const file of positionals) {
    const path = resolve(cwd, file)
    if (seen.has(path)) continue
    seen.add(path)
    files.push({ source: file, results: await readNamed(path, file) })
  }
  const { merged, notes, gate } = combineRuns(files, failOn)
  process.stdout.write(renderRunsTerminal(merged, notes, gate))
  if (values.markdown !== undefined) {
    await writeFile(resolve(cwd, values.markdown), renderRunnersReport(merged, { notes, gate }))
    process.stdout.write(`\nMarkdown written to ${values.markdown}\n`)
  }
  if (values.json !== undefined) {
    for (const [path, run] of jsonFiles(values.json, merged.runs)) {
      await writeResults(resolve(cwd, path), run.results)
      process.stdout.write(`Merged results of ${run.label} written to ${path}\n`)
    }
  }
  return { gateFailed: gate?.failed === true }
}

function failOnOf(text: string): FailOn {
  const failOn = FAIL_ON.find((mode) => mode === text)
  if (failOn !== undefined) return failOn
  throw new UsageError(
    `report: --fail-on: ${JSON.stringify(text)} is not allowed; use one of ${FAIL_ON.join(', ')}${didYouMean(text, FAIL_ON)}`
  )
}

/** Reads a results file; errors name it as the user wrote it. */
async function readNamed(path: string, given: string) {
  try {
    return await readResults(path)
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.message.replace(path, given))
    throw error
  }
}

/** One file per runner: `file` itself for one runner, else `file` with each runner's label. */
function jsonFiles(file: string, runs: readonly LabelledRun[]): [string, LabelledRun][] {
  if (runs.length === 1) return [[file, runs[0]!]]
  const stem = file.replace(/\.json$/i, '')
  return runs.map((run) => {
    const slug = run.label
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-|-$/g, '')
    return [`${stem}-${slug}.json`, run]
  })
}

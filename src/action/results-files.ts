// The results files report mode reads: the `results` input names files, directories (searched
// recursively for *.json, as download-artifact lays out one folder per artifact) or globs. A JSON file
// found in a directory or by a glob that is not a results file is skipped with a warning; a file named
// outright must be one.

import * as core from '@actions/core'
import { glob, readdir, stat } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { invalid, UsageError } from '../errors.ts'
import { readResults } from '../results/file.ts'
import type { RunInput } from '../results/merge.ts'
import type { InputName } from './inputs.ts'

/** Folders never searched: they hold JSON that is not ours. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git'])
const GLOB_CHARS = /[*?[\]{}]/

interface Found {
  readonly path: string
  /** Named outright, not found in a directory or by a glob. */
  readonly named: boolean
}

/**
 * Reads every results file that `entries` name, in path order, relative to `cwd`; errors name `input`
 * (results, or shard-weights).
 */
export async function loadRuns(
  entries: readonly string[],
  cwd: string,
  input: InputName = 'results'
): Promise<RunInput[]> {
  const found = new Map<string, Found>()
  for (const entry of entries) {
    for (const file of await expand(entry, cwd, input)) {
      if (!found.has(file.path)) found.set(file.path, file)
    }
  }
  const runs: RunInput[] = []
  for (const file of [...found.values()].sort((a, b) => a.path.localeCompare(b.path))) {
    const source = displayPath(file.path, cwd)
    try {
      runs.push({ source, results: await readResults(file.path) })
    } catch (error) {
      if (!(error instanceof UsageError) || file.named) throw error
      core.warning(`Skipped ${source}: ${error.message.replace(`${file.path}: `, '')}`)
    }
  }
  if (runs.length === 0) {
    throw invalid(
      'action input',
      input,
      `${entries.map((entry) => JSON.stringify(entry)).join(', ')} holds no results file (looked in ${cwd})`
    )
  }
  return runs
}

async function expand(entry: string, cwd: string, input: InputName): Promise<Found[]> {
  if (GLOB_CHARS.test(entry)) {
    const files: Found[] = []
    for await (const match of glob(entry, { cwd })) {
      const path = resolve(cwd, match)
      const info = await stat(path)
      if (info.isDirectory()) files.push(...(await jsonFilesIn(path)))
      else if (info.isFile()) files.push({ path, named: false })
    }
    if (files.length === 0)
      throw invalid('action input', input, `${JSON.stringify(entry)} matches no file`)
    return files
  }
  const path = resolve(cwd, entry)
  let info
  try {
    info = await stat(path)
  } catch {
    throw invalid(
      'action input',
      input,
      `${JSON.stringify(entry)} does not exist (resolved to ${path})`
    )
  }
  return info.isDirectory() ? jsonFilesIn(path) : [{ path, named: true }]
}

/** Every *.json file under `dir`, skipping node_modules and .git. */
async function jsonFilesIn(dir: string): Promise<Found[]> {
  const files: Found[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name))
      files.push(...(await jsonFilesIn(path)))
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json'))
      files.push({ path, named: false })
  }
  return files
}

/** The path relative to the working directory when inside it, with forward slashes. */
function displayPath(path: string, cwd: string): string {
  const inside = relative(cwd, path)
  const shown = inside.startsWith('..') ? path : inside
  return shown.split(sep).join('/')
}

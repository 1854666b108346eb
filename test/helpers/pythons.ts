// The Python interpreters this machine has, for the tests that run the harness on each supported
// version (README: 3.9 or later). A version is found as `python3.X` on PATH, else in pyenv's versions
// folder (pyenv's shims answer only for the versions pyenv is set to); the free-threaded 3.13t comes
// from the shared tools beside the repository (../shared/tools/cpython). One not found is null.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './dist.ts'

export interface Interpreter {
  /** e.g. "python3.9", "python3.13t" */
  readonly name: string
  /** The version its probe must report, as a prefix: "3.9." */
  readonly version: string
  /** Its path or command, or null where this machine lacks it. */
  readonly command: string | null
}

const MINORS = [9, 10, 11, 12, 13]

/** Every supported version, found or not. */
export function supportedPythons(): Interpreter[] {
  return [
    ...MINORS.map((minor) => ({
      name: `python3.${minor}`,
      version: `3.${minor}.`,
      command: findMinor(minor)
    })),
    { name: 'python3.13t', version: '3.13.', command: freeThreaded() }
  ]
}

function findMinor(minor: number): string | null {
  const name = `python3.${minor}`
  if (runs(name)) return name
  const versions = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions')
  if (!existsSync(versions)) return null
  const found = readdirSync(versions)
    .filter((version) => version.startsWith(`3.${minor}.`))
    .map((version) => join(versions, version, 'bin', name))
    .find((path) => existsSync(path) && runs(path))
  return found ?? null
}

function freeThreaded(): string | null {
  const tool = join(ROOT, '..', 'shared', 'tools', 'cpython')
  if (!existsSync(tool)) return null
  try {
    const path = execFileSync(tool, ['3.13t'], { encoding: 'utf8', timeout: 120_000 }).trim()
    return runs(path) ? path : null
  } catch {
    return null
  }
}

function runs(command: string): boolean {
  try {
    execFileSync(command, ['-c', 'import sys'], { stdio: 'ignore', timeout: 30_000 })
    return true
  } catch {
    return false
  }
}

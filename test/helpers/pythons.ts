// The Python interpreters this machine has, for the tests that run the harness on each supported
// version (README: 3.9 or later). A version is found as `python3.X` on PATH, else in pyenv's versions
// folder (pyenv's shims answer only for the versions pyenv is set to). The free-threaded build, and
// the build with the GIL of the same version that it is compared with, come from an environment
// variable (.ci/run sets them from ../shared/tools), else from PATH (`python3.13t`, `python3.14t`, as
// actions/setup-python installs them), else from the shared tools beside the repository. One not
// found is null; in CI (CI=true) a test that needs the free-threaded build fails instead of skipping.
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

/** Environment variables that name the interpreters of the free-threaded tests. */
export const FREE_THREADED_VARIABLE = 'CONCURRENCY_ADVISOR_TEST_PYTHON_FT'
export const GIL_BUILD_VARIABLE = 'CONCURRENCY_ADVISOR_TEST_PYTHON_GIL'

/** Every supported version, found or not, and the free-threaded build (3.13t unless another is found). */
export function supportedPythons(): Interpreter[] {
  const free = freeThreaded()
  const minor = free === null ? '3.13' : free.version.split('.').slice(0, 2).join('.')
  return [
    ...MINORS.map((m) => ({
      name: `python3.${m}`,
      version: `3.${m}.`,
      command: findMinor(m)
    })),
    { name: `python${minor}t`, version: `${minor}.`, command: free?.path ?? null }
  ]
}

/** A free-threaded interpreter (its path or command) and its version ("3.13.5"), or null. */
export function freeThreaded(): { readonly path: string; readonly version: string } | null {
  const path =
    fromVariable(FREE_THREADED_VARIABLE) ??
    ['python3.13t', 'python3.14t'].find(runs) ??
    fromTools('3.13t')
  return path === null ? null : { path, version: versionOf(path) }
}

/**
 * A build with the GIL of the free-threaded interpreter's version (3.13 for 3.13t), to compare the
 * two builds; null when there is none.
 */
export function gilBuildOf(version: string): string | null {
  const minor = version.split('.').slice(0, 2).join('.')
  return (
    fromVariable(GIL_BUILD_VARIABLE) ??
    (runs(`python${minor}`) && !isFreeThreaded(`python${minor}`) ? `python${minor}` : null) ??
    fromTools(minor)
  )
}

/**
 * What a test that needs an interpreter does without it: skip, or, in CI (where .ci/run and the
 * workflow provide it), fail with what to set.
 */
export function missingInterpreter(what: string, variable: string): 'skip' | 'fail' {
  if (process.env.CI !== 'true') return 'skip'
  throw new Error(
    `CI needs ${what}: set ${variable} (.ci/run does, from ../shared/tools) or put it on PATH`
  )
}

function fromVariable(name: string): string | null {
  const value = process.env[name]
  return value !== undefined && value !== '' && runs(value) ? value : null
}

function fromTools(version: string): string | null {
  const tool = join(ROOT, '..', 'shared', 'tools', 'cpython')
  if (!existsSync(tool)) return null
  try {
    const path = execFileSync(tool, [version], { encoding: 'utf8', timeout: 120_000 }).trim()
    return runs(path) ? path : null
  } catch {
    return null
  }
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

function versionOf(command: string): string {
  return execFileSync(
    command,
    ['-c', 'import sys; print(".".join(map(str, sys.version_info[:3])))'],
    { encoding: 'utf8', timeout: 30_000 }
  ).trim()
}

function isFreeThreaded(command: string): boolean {
  return (
    execFileSync(
      command,
      ['-c', 'import sysconfig; print(bool(sysconfig.get_config_var("Py_GIL_DISABLED")))'],
      { encoding: 'utf8', timeout: 30_000 }
    ).trim() === 'True'
  )
}

function runs(command: string): boolean {
  try {
    execFileSync(command, ['-c', 'import sys'], { stdio: 'ignore', timeout: 30_000 })
    return true
  } catch {
    return false
  }
}

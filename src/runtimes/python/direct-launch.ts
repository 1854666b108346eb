// Starting the harnesses on the interpreter itself rather than through the command the config names,
// where that command is a wrapper that only sets the environment: pyenv's `python3` is a shim (a shell
// script running `pyenv exec`) that costs each process 50 ms of CPU before Python starts, and a
// workload starts seven of them (probe, check, five harnesses). The probe reports how it was started
// (interpreter.py `launch`); the harnesses then run its executable with the environment the wrapper
// left, which is all that pyenv's shim adds (PATH and PYENV_* variables).
//
// Only where nothing else could differ: the wrapper passed no interpreter options, did not change
// the working directory, the CPUs or the niceness, kept every variable it was given (PATH only
// lengthened in front), and the executable is the same file here (a wrapper that runs Python in a
// container names a path that exists there, not here). Otherwise, and on Windows (whose launchers and
// app aliases are not plain files to start), the command runs every process as before.

import { statSync, realpathSync } from 'node:fs'
import { availableParallelism, getPriority } from 'node:os'
import { delimiter, isAbsolute } from 'node:path'
import { isRecord } from '../protocol.ts'

/** How to start a harness on the interpreter itself. */
export interface DirectLaunch {
  readonly file: string
  /** The whole environment to start it with (the wrapper's), before a session's own additions. */
  readonly env: Readonly<Record<string, string>>
}

/** What the engine passed the probe, to compare with what the probe saw. */
export interface ProbeLaunch {
  /** The harness's arguments before `--probe`. */
  readonly args: readonly string[]
  readonly cwd: string
  readonly env: Readonly<Record<string, string>>
}

/**
 * The direct launch that the probe's reply allows, or null where the command must run each process
 * (the header says when).
 */
export function directLaunch(
  reply: Record<string, unknown>,
  passed: ProbeLaunch,
  platform: NodeJS.Platform = process.platform
): DirectLaunch | null {
  const { executable, launch } = reply
  if (platform === 'win32' || typeof executable !== 'string' || !isAbsolute(executable)) return null
  if (!isRecord(launch)) return null
  const { argv, environment, cwd, executableId, cpus, niceness } = launch
  const sameArguments =
    Array.isArray(argv) && sameStrings(argv.slice(1), [...passed.args, '--probe'])
  if (!sameArguments || typeof cwd !== 'string' || !samePath(cwd, passed.cwd)) return null
  if (!sameFile(executable, executableId)) return null
  if (cpus !== null && cpus !== availableParallelism()) return null
  if (niceness !== null && niceness !== getPriority()) return null
  const env = stringRecord(environment)
  if (env === null || !keptEverything(env, passed.env)) return null
  return { file: executable, env }
}

function sameStrings(a: readonly unknown[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index])
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b)
  } catch {
    return false
  }
}

/** `path` here is the file whose (device, inode) the probe reported. */
function sameFile(path: string, id: unknown): boolean {
  if (!Array.isArray(id) || id.length !== 2) return false
  try {
    const stat = statSync(path, { bigint: true })
    return String(stat.dev) === id[0] && String(stat.ino) === id[1]
  } catch {
    return false
  }
}

function stringRecord(value: unknown): Record<string, string> | null {
  if (!isRecord(value)) return null
  const entries = Object.entries(value)
  if (!entries.every(([, v]) => typeof v === 'string')) return null
  return Object.fromEntries(entries) as Record<string, string>
}

/** What a shell keeps for itself: a wrapper script's shell sets them however it was started. */
const SHELL_BOOKKEEPING = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD'])

/**
 * Every variable the engine passed is there with its value, PATH at most lengthened in front (pyenv
 * puts the version's own folders first), the shell's bookkeeping aside; variables the wrapper added
 * are its own.
 */
function keptEverything(seen: Record<string, string>, passed: Readonly<Record<string, string>>) {
  return Object.entries(passed).every(([name, value]) =>
    SHELL_BOOKKEEPING.has(name)
      ? true
      : name === 'PATH'
        ? seen[name] === value || (seen[name]?.endsWith(`${delimiter}${value}`) ?? false)
        : seen[name] === value
  )
}

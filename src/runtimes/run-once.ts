// One-shot helper commands of a runtime (probe, pre-flight check): a process group of its own, a
// timeout that kills the whole tree, and the output captured.

import { execa } from 'execa'
import { harnessEnvironment } from './child-env.ts'
import { killProcessTree, trackProcessGroup, untrackProcessGroup } from './process-tree.ts'

export interface OnceResult {
  readonly stdout: string
  readonly stderr: string
  readonly exitCode: number | undefined
  readonly signal: string | undefined
  readonly timedOut: boolean
  /** The command could not be started at all (ENOENT and the like). */
  readonly spawnError: string | null
}

/** Runs a command to completion, feeding `input` on stdin, killing its tree after `timeoutSeconds`. */
export async function runOnce(
  file: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly input?: string; readonly timeoutSeconds: number }
): Promise<OnceResult> {
  const subprocess = execa(file, [...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    // A check imports the user's module, which runs its code: not with the tool's credentials.
    env: harnessEnvironment(process.env),
    extendEnv: false,
    reject: false,
    detached: process.platform !== 'win32',
    cleanup: false,
    windowsHide: true,
    stripFinalNewline: false
  })
  const pid = subprocess.pid
  if (pid !== undefined) trackProcessGroup(pid)
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    if (pid !== undefined) killProcessTree(pid)
  }, options.timeoutSeconds * 1000)
  const result = await subprocess
  clearTimeout(timer)
  if (pid !== undefined) {
    killProcessTree(pid)
    untrackProcessGroup(pid)
  }
  const spawnError =
    result.failed && result.exitCode === undefined && !timedOut && result.signal === undefined
      ? (result.shortMessage ?? 'could not start')
      : null
  return {
    stdout: String(result.stdout),
    stderr: String(result.stderr),
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut,
    spawnError
  }
}

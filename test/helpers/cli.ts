// Runs the CLI from source as a user would, with the Node that runs the tests (Node 24), and the
// scripted runtime's flag and timings that the CLI tests share.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))

export interface CliRun {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `node src/cli.ts ...args` in `cwd`; `onStart` gets the child, e.g. to signal it. */
export function runCli(
  args: readonly string[],
  cwd: string,
  onStart?: (child: ReturnType<typeof spawn>) => void
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
    onStart?.(child)
  })
}

/** The hidden flag that runs every workload on the scripted runtime (src/cli/scripted-runtime.ts). */
export const SCRIPTED = '--debug-scripted-runtime'

/**
 * Scripted timings of calls that wait: threads scale perfectly and use no CPU; processes almost as
 * well.
 */
export function scriptedWaits(callSeconds: number): object {
  return {
    callSeconds,
    cpuUse: 0.02,
    threads: { efficiency: 1 },
    processes: { efficiency: 0.9 }
  }
}

/**
 * Scripted timings of a pure-Python loop: threads cannot scale under the GIL; two processes nearly
 * double it.
 */
export function scriptedGilLoop(callSeconds: number): object {
  return {
    callSeconds,
    threads: { efficiency: 0 },
    processes: { efficiency: 0.95, maxWorkers: 2 }
  }
}

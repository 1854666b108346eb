// Pool members as child processes forked from task-host, with the `advanced` (structured clone)
// serialization so that binary results stay binary instead of becoming JSON text. Each child
// reports its own CPU and peak memory when asked, after each round; its death is read from its exit.

import { fork } from 'node:child_process'
import type { Fault } from '../../../types.ts'
import { lastLines } from '../../text.ts'
import { heapLimitFlags } from '../shared/heap-limit.ts'
import { memberReporter } from './member.ts'
import type { MemberFactory, PoolMember } from './member.ts'

const STDERR_TAIL_CHARS = 4000
const DETAIL_LINES = 12

/** Makes child processes that run `hostPath`, each heap capped at the session's memory limit. */
export function processMembers(hostPath: string, memoryLimitBytes: number | null): MemberFactory {
  return (events): PoolMember => {
    const child = fork(hostPath, [], {
      serialization: 'advanced',
      // stdout onto the harness's stderr (fd 2), away from the protocol channel. stderr passes
      // through the harness, which keeps its tail to tell a V8 heap overflow from another abort.
      stdio: ['ignore', 2, 'pipe', 'ipc'],
      execArgv: heapLimitFlags(memoryLimitBytes)
    })
    let stderrTail = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk)
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS)
    })
    const report = memberReporter(events, 'a worker process')
    child.on('message', report.receive)
    child.on('error', (error) =>
      report.fault({ kind: 'exit', message: `a worker process failed: ${error.message}` })
    )
    // 'close', not 'exit': by then every message the child sent has been delivered.
    child.on('close', (code, signal) => report.fault(childDeathFault(code, signal, stderrTail)))
    return {
      pid: child.pid ?? null,
      send: (message) => {
        // A callback takes the "channel closed" error of a dead child, which 'close' reports better.
        child.send(message, undefined, undefined, () => undefined)
      },
      stop: () => {
        report.silence()
        child.kill('SIGKILL')
      }
    }
  }
}

/** How a pool's child process died, from its exit and the tail of its stderr. */
function childDeathFault(
  code: number | null,
  signal: NodeJS.Signals | null,
  stderr: string
): Fault {
  const detail = lastLines(stderr, DETAIL_LINES)
  const detailField = detail === '' ? {} : { detail }
  // V8's last words are a native stack; the line that names the limit is the useful one.
  const fatal = stderr.split('\n').find((line) => line.includes('heap out of memory'))
  if (fatal !== undefined)
    return {
      kind: 'memory',
      message: 'a worker process ran out of JavaScript heap',
      detail: fatal.trim()
    }
  if (signal !== null)
    return {
      kind: 'signal',
      message: `a worker process was killed by ${signal}`,
      signal,
      ...detailField
    }
  const exitCode = code ?? -1
  return {
    kind: 'exit',
    message: `a worker process exited with code ${exitCode}`,
    exitCode,
    ...detailField
  }
}

// Pool members as worker_threads Workers running task-host. A worker shares the harness's process:
// its CPU shows in the harness's own usage, and process.exit() inside it ends only that worker.

import { Worker } from 'node:worker_threads'
import { exceptionFault } from '../shared/faults.ts'
import { heapLimitMegabytes } from '../shared/heap-limit.ts'
import { memberReporter } from './member.ts'
import type { MemberFactory, PoolMember } from './member.ts'

/** Makes worker threads that load `hostPath`, each heap capped at the session's memory limit. */
export function threadMembers(hostPath: string, memoryLimitBytes: number | null): MemberFactory {
  const heapMegabytes = heapLimitMegabytes(memoryLimitBytes)
  return (events): PoolMember => {
    const worker = new Worker(hostPath, {
      // The harness's stdout is the protocol channel: a worker's console.log goes to stderr.
      stdout: true,
      // The harness's own flags (its heap cap) are not the workers'; resourceLimits caps them.
      execArgv: [],
      ...(heapMegabytes === null
        ? {}
        : { resourceLimits: { maxOldGenerationSizeMb: heapMegabytes } })
    })
    worker.stdout.pipe(process.stderr, { end: false })
    const report = memberReporter(events, 'a worker thread')
    worker.on('message', report.receive)
    worker.on('messageerror', (error) => report.fault(exceptionFault(error)))
    // An error that escaped a call (a throwing timer), or ERR_WORKER_OUT_OF_MEMORY ('memory' kind).
    worker.on('error', (error) => report.fault(exceptionFault(error)))
    worker.on('exit', (exitCode) =>
      report.fault({
        kind: 'exit',
        message: `a worker thread exited with code ${exitCode}`,
        exitCode
      })
    )
    return {
      pid: null,
      send: (message) => worker.postMessage(message),
      stop: () => {
        report.silence()
        void worker.terminate()
      }
    }
  }
}

// The harness's stdout carries protocol lines only. Node cannot move a file descriptor (no dup2), so
// user output is redirected at the stream level: process.stdout (console.log included) writes to
// stderr, worker threads' stdout is piped to stderr, and children get the harness's fd 2 as their fd 1.
// Protocol lines bypass the stream and go to fd 1 synchronously, so an exit right after loses none.

import { writeSync } from 'node:fs'

const STDOUT_FD = 1

/** Sends everything written to process.stdout to stderr instead. */
export function routeStdoutToStderr(): void {
  Object.defineProperty(process.stdout, 'write', {
    value: process.stderr.write.bind(process.stderr),
    configurable: true,
    writable: true
  })
}

/** Writes one JSON line on the protocol channel (fd 1), synchronously. */
export function writeProtocolLine(value: unknown): void {
  const bytes = Buffer.from(`${JSON.stringify(value)}\n`, 'utf8')
  let offset = 0
  while (offset < bytes.length) {
    try {
      offset += writeSync(STDOUT_FD, bytes, offset)
    } catch (error) {
      // fd 1 is non-blocking if Node opened a stream on it; a full pipe then says EAGAIN: retry.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
    }
  }
}

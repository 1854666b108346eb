// Reads of small /proc files, many per round: through one buffer, because readFileSync's fstat and
// growing buffer double the cost of each.

import { closeSync, openSync, readSync } from 'node:fs'

const buffer = Buffer.alloc(64 * 1024)
/** The text of a /proc file (64 KiB at most), or null if it cannot be read. */
export function readProcFile(path: string): string | null {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return null
  }
  try {
    const length = readSync(fd, buffer, 0, buffer.length, 0)
    return buffer.toString('latin1', 0, length)
  } catch {
    return null
  } finally {
    closeSync(fd)
  }
}

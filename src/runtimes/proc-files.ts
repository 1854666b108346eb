// Reads of small /proc files, many per round: through one buffer, because readFileSync's fstat and
// growing buffer double the cost of each. And the fields of a stat line, which every reader of
// /proc/PID/stat needs past the command name.

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

/**
 * The fields of a /proc/PID/stat line after the command name, from the state (field 3) on: index 0 is
 * the state, 1 the parent, 2 the process group. Null for a line without one.
 */
export function procStatFields(text: string | null): string[] | null {
  if (text === null || !text.includes(')')) return null
  // The command name (field 2) may hold spaces and parentheses: the fields resume after the last ')'.
  return text.slice(text.lastIndexOf(')') + 2).split(' ')
}

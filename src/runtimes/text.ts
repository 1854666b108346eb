// The tail of a process's output, for fault details and one-line error messages.

/** The last `count` non-empty lines of `text`, trailing spaces removed. */
export function lastLines(text: string, count: number): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .slice(-count)
    .join('\n')
}

/** The last non-empty line, trimmed: a one-line hint of why a process failed. */
export function lastLine(text: string): string {
  return lastLines(text, 1).trim()
}

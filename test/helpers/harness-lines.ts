// A harness session over raw protocol lines, as the engine would write them, for tests of the
// protocol itself (the Python and the Node harness alike).

import { execFileSync } from 'node:child_process'

/** Runs `file args` with these lines on stdin and returns the JSON replies it wrote to stdout. */
export function harnessReplies(
  file: string,
  args: readonly string[],
  lines: readonly string[]
): unknown[] {
  const out = execFileSync(file, [...args], {
    input: lines.map((line) => `${line}\n`).join(''),
    encoding: 'utf8',
    timeout: 30_000
  })
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown)
}

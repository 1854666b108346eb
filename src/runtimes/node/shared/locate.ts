// The Node runtime starts some of its own files in separate processes and threads. Each exists under
// two names: the TypeScript source in its room under src/runtimes/node/ (harness/harness.ts,
// task-host/task-host.ts), or its bundle in dist/ (node-harness.js, task-host.js, built by
// scripts/build.mjs with esbuild), where the adapter itself is inlined into dist/cli.js and
// dist/index.js. Callers name both, relative to their own module.

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The first of `names` (paths relative to the module at `base`, its import.meta.url) that exists. */
export function locateSibling(base: string, names: readonly string[]): string {
  const paths = names.map((name) => fileURLToPath(new URL(`./${name}`, base)))
  const found = paths.find((path) => existsSync(path))
  if (found === undefined)
    throw new Error(`a file of the Node runtime is missing: looked for ${paths.join(' and ')}`)
  return found
}

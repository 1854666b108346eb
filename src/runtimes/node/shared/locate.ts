// The Node runtime starts some of its own files in separate processes and threads. They sit next
// to each other under two names: the TypeScript sources in src/runtimes/node/, or the bundles in dist/
// (rollup.config.mjs), where the adapter itself is inlined into dist/cli.js and dist/index.js.

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The first of `names` that exists next to the module at `base` (its import.meta.url). */
export function locateSibling(base: string, names: readonly string[]): string {
  const paths = names.map((name) => fileURLToPath(new URL(`./${name}`, base)))
  const found = paths.find((path) => existsSync(path))
  if (found === undefined)
    throw new Error(`a file of the Node runtime is missing: looked for ${paths.join(' and ')}`)
  return found
}

// Builds dist/: one self-contained ES module per entry (the action, the CLI, and the two files the
// Node runtime starts in other processes and threads), the Python harness as it is (its launcher
// harness.py and the package beside it, concurrency_advisor_harness/), and the JSON
// Schemas of the config file and the results file, generated from their TypeBox definitions.
// esbuild strips types the way Node 24 does (the source is erasable-syntax TypeScript that Node runs
// directly), so the bundle is the source minus its types; `npm run typecheck` checks the types.
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { Buffer } from 'node:buffer'
import process from 'node:process'
import { fileURLToPath, URL } from 'node:url'
import { build } from 'esbuild'

const entries = [
  { in: 'src/index.ts', out: 'index' },
  { in: 'src/cli.ts', out: 'cli-main' },
  { in: 'src/runtimes/node/harness/harness.ts', out: 'node-harness' },
  { in: 'src/runtimes/node/task-host/task-host.ts', out: 'task-host' }
]

// `node scripts/build.mjs DIR` builds elsewhere (scripts/check-dist.sh compares that with dist/).
const out = process.argv[2] ?? 'dist'
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
for (const entry of entries) {
  await build({
    entryPoints: [entry.in],
    outfile: `${out}/${entry.out}.js`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    // Bundled CommonJS dependencies call require(); give the ES module bundle one.
    banner: {
      js: [
        "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
      ].join('\n')
    },
    legalComments: 'none',
    logLevel: 'warning'
  })
}
// The launcher must sit beside the package: it imports the package from its own folder.
copyFileSync('src/runtimes/python/harness.py', `${out}/harness.py`)
cpSync('src/runtimes/python/concurrency_advisor_harness', `${out}/concurrency_advisor_harness`, {
  recursive: true,
  filter: (path) => !path.endsWith('__pycache__') && !path.endsWith('.pyc')
})
// The package's bin, which npx and npm run directly through its #! line: a small entry that turns on
// Node's compile cache before it imports the CLI's bundle. V8 compiles that 1.2 MB bundle on every
// start, 40-50 ms of a per-workload run (docs/cost.md); the cache (in the OS temp folder, or where
// NODE_COMPILE_CACHE says) keeps the compiled code between runs. It covers this process only: the
// workloads' processes never see it.
writeFileSync(
  `${out}/cli.js`,
  [
    '#!/usr/bin/env node',
    "import module from 'node:module'",
    // Node 22.1 and later; an older Node (unsupported, package.json's engines) runs without it.
    'module.enableCompileCache?.()',
    "await import('./cli-main.js')",
    ''
  ].join('\n')
)
chmodSync(`${out}/cli.js`, 0o755)

// The schemas: bundle their definitions (so that this runs on any Node, without type stripping),
// evaluate the bundle, and write each schema with the URL it is published under for this version.
// The config file's is for editors and validators, the results file's for whoever reads one.
const { version } = JSON.parse(readFileSync('package.json', 'utf8'))
const bundled = await build({
  stdin: {
    contents: [
      "export { ConfigFileSchema } from './src/config/schema.ts'",
      "export { ResultsFileSchema } from './src/results/schema.ts'"
    ].join('\n'),
    resolveDir: fileURLToPath(new URL('..', import.meta.url)),
    loader: 'ts'
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  write: false,
  logLevel: 'warning'
})
const schemas = await import(
  `data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`
)
for (const [name, schema] of [
  ['config', schemas.ConfigFileSchema],
  ['results', schemas.ResultsFileSchema]
]) {
  const document = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://raw.githubusercontent.com/concurrency-advisor/concurrency-advisor/v${version}/dist/${name}.schema.json`,
    ...schema
  }
  writeFileSync(`${out}/${name}.schema.json`, `${JSON.stringify(document, null, 2)}\n`)
}

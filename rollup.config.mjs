// One self-contained file per entry: the action, the CLI, and the two files that the Node runtime
// starts in separate processes and threads. The Python harness ships as it is.
import { copyFileSync, mkdirSync } from 'node:fs'
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'

const entries = [
  { input: 'src/index.ts', file: 'dist/index.js' },
  { input: 'src/cli.ts', file: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { input: 'src/runtimes/node/harness.ts', file: 'dist/node-harness.js' },
  { input: 'src/runtimes/node/task-host.ts', file: 'dist/task-host.js' }
]

const copyPythonHarness = {
  name: 'copy-python-harness',
  writeBundle() {
    mkdirSync('dist', { recursive: true })
    copyFileSync('src/runtimes/python/harness.py', 'dist/harness.py')
  }
}

export default entries.map(({ input, file, banner }, index) => ({
  input,
  output: { file, format: 'es', esModule: true, banner, inlineDynamicImports: true },
  onwarn(warning, warn) {
    // @actions/* and octokit ship ESM that uses `this` at top level in their TS helpers.
    if (warning.code === 'THIS_IS_UNDEFINED') return
    warn(warning)
  },
  plugins: [
    typescript({ tsconfig: './tsconfig.build.json' }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
    commonjs(),
    json(),
    ...(index === 0 ? [copyPythonHarness] : [])
  ]
}))

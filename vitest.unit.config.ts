// `npm run test:unit`: the tests that start no real interpreter, CLI or action (logic, reports,
// configs, the GitHub layer against its local HTTP stand-in, the lint rules and checkers on small
// inputs), in seconds, several files at once.
// `npm test` runs these and the real-process tests (test/e2e/, test/cli/, the runtime adapters and
// harnesses), one file at a time. A test that starts a real process does not belong in this list.
import { configDefaults, defineConfig } from 'vitest/config'
import base from './vitest.config.ts'

export const UNIT_TESTS = [
  'test/action/**/*.test.ts',
  'test/config/**/*.test.ts',
  'test/github/**/*.test.ts',
  'test/lint/**/*.test.ts',
  'test/measure/**/*.test.ts',
  'test/report/**/*.test.ts',
  'test/results/**/*.test.ts',
  'test/stats/**/*.test.ts',
  'test/verdict/**/*.test.ts',
  'test/engine.test.ts',
  'test/engine-interpreters.test.ts',
  'test/defaults.test.ts',
  'test/format.test.ts',
  'test/version.test.ts',
  'test/runtimes/protocol.test.ts',
  'test/runtimes/child-env.test.ts',
  'test/runtimes/contention-parse.test.ts',
  'test/runtimes/machine-counters.test.ts',
  'test/runtimes/node/shared/**/*.test.ts',
  'test/scripts/bench-inputs.test.ts'
]

// Not mergeConfig: it would append this include list to the base one (every test).
export default defineConfig({
  test: {
    ...base.test,
    include: UNIT_TESTS,
    // pyright takes 5 to 20 s of CPU, more than the rest of test/lint/ together: `npm test` runs it.
    exclude: [...configDefaults.exclude, 'test/lint/python.test.ts'],
    // No test here measures anything, so files may share the CPUs.
    fileParallelism: true,
    testTimeout: 30_000
  }
})

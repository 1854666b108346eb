import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/node-version.ts'],
    environment: 'node',
    // Real Python and Node processes run in the integration tests; the 2-core CI machines are noisy.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One test file at a time: measuring tests must not compete for the 2 CPUs, and the
    // no-process-left-behind checks look at every process on the machine.
    fileParallelism: false,
    restoreMocks: true
  }
})

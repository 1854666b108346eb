// The machine the engine tests pretend to run on, so that the plan (worker sweep) never depends on
// the machine that runs the tests.

import type { Machine } from '../../src/measure/environment.ts'

/** Linux on two CPUs, all of them usable. */
export const TWO_CPUS: Machine = {
  cpus: 2,
  hostCpus: 2,
  platform: 'linux',
  arch: 'x64',
  osRelease: 'test',
  node: '24.0.0'
}

import { describe, expect, it } from 'vitest'
import {
  ENGINE_PID_VARIABLE,
  harnessEnvironment,
  workloadEnvironment
} from '../../src/runtimes/child-env.ts'

describe('workloadEnvironment', () => {
  it("keeps the user's variables and withholds the action's inputs and the runner's credentials", () => {
    expect(
      workloadEnvironment({
        PATH: '/usr/bin',
        HOME: '/home/runner',
        GITHUB_REPOSITORY: 'octo/repo',
        MY_SETTING: '1',
        'INPUT_GITHUB-TOKEN': 'ghs_x',
        INPUT_CONFIG: 'a.yml',
        ACTIONS_RUNTIME_TOKEN: 'x',
        ACTIONS_RUNTIME_URL: 'x',
        ACTIONS_RESULTS_URL: 'x',
        ACTIONS_CACHE_URL: 'x',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'x',
        GITHUB_TOKEN: 'ghs_y',
        UNSET: undefined
      })
    ).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      GITHUB_REPOSITORY: 'octo/repo',
      MY_SETTING: '1'
    })
  })

  it("tells a harness the engine's pid, overriding one inherited from an outer run", () => {
    expect(harnessEnvironment({ PATH: '/bin', [ENGINE_PID_VARIABLE]: '1' })).toEqual({
      PATH: '/bin',
      [ENGINE_PID_VARIABLE]: String(process.pid)
    })
  })
})

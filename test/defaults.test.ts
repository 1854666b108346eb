// The defaults the CLI and the action share come from src/defaults.ts: action.yml (what GitHub
// applies), the action's fallbacks and the CLI's help and parsing must all say the same.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { INPUT_DEFAULTS } from '../src/action/inputs.ts'
import { parseCli, USAGE } from '../src/cli/args.ts'
import { parseCpuList, parsePercent } from '../src/config/values.ts'
import {
  baselineProblem,
  DEFAULT_FAIL_ON,
  DEFAULT_PREDICT_CPUS,
  DEFAULT_THRESHOLD,
  DEFAULT_THRESHOLD_PERCENT
} from '../src/defaults.ts'
import { tempDir } from './helpers/temp.ts'

const action = parse(readFileSync(join(import.meta.dirname, '..', 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>
}

const dir = tempDir()
dir.write('concurrency-advisor.yml', 'workloads: []\n')

describe('shared defaults', () => {
  it('are what action.yml declares', () => {
    expect(parsePercent(action.inputs.threshold!.default!)).toBe(DEFAULT_THRESHOLD)
    expect(parseCpuList(action.inputs['predict-cpus']!.default!)).toEqual(DEFAULT_PREDICT_CPUS)
    expect(action.inputs['fail-on']!.default).toBe(DEFAULT_FAIL_ON)
    expect(INPUT_DEFAULTS.threshold).toBe(String(DEFAULT_THRESHOLD_PERCENT))
  })

  it('are what the CLI applies and its help says', () => {
    const settings = parseCli([], dir.path)
    expect(settings).toMatchObject({
      threshold: DEFAULT_THRESHOLD,
      predictCpus: DEFAULT_PREDICT_CPUS,
      failOn: DEFAULT_FAIL_ON
    })
    expect(USAGE).toContain(`(default: ${DEFAULT_THRESHOLD_PERCENT})`)
    expect(USAGE).toContain(`(default: ${DEFAULT_PREDICT_CPUS.join(',')})`)
    expect(USAGE).toContain(`(default: ${DEFAULT_FAIL_ON})`)
  })
})

describe('baseline rules', () => {
  it.each([
    [{ file: true, checkout: true, failOn: 'never' }, 'both'],
    [{ file: false, checkout: false, failOn: 'regression' }, 'regression-without-baseline'],
    [{ file: true, checkout: false, failOn: 'regression' }, null],
    [{ file: false, checkout: true, failOn: 'any' }, null],
    [{ file: false, checkout: false, failOn: 'any' }, null]
  ] as const)('%o: %s', (choice, problem) => {
    expect(baselineProblem(choice)).toBe(problem)
  })
})

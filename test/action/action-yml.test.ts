// action.yml is what GitHub reads; inputs.ts applies the same defaults outside the runner. Keep them
// and the documented inputs table in step.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { INPUT_DEFAULTS } from '../../src/action/inputs.ts'
import { ROOT } from '../helpers/dist.ts'

interface ActionYml {
  runs: { using: string; main: string }
  inputs: Record<string, { default?: string; description: string }>
  outputs: Record<string, { description: string }>
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml

describe('action.yml', () => {
  it('runs dist/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares the inputs and defaults that inputs.ts reads', () => {
    const declared = Object.fromEntries(
      Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? ''])
    )
    expect(declared).toEqual(INPUT_DEFAULTS)
  })

  it('is documented input by input, with the same defaults, in docs/github-action.md', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'github-action.md'), 'utf8')
    for (const [name, input] of Object.entries(action.inputs)) {
      const row = docs.split('\n').find((line) => line.startsWith(`| \`${name}\``))
      expect(row, name).toBeDefined()
      expect(row!.split('|')[2]!.trim(), name).toBe(
        input.default ? `\`${input.default}\`` : '(empty)'
      )
    }
    for (const name of Object.keys(action.outputs)) expect(docs).toContain(`| \`${name}\``)
  })

  it('declares the outputs the action sets', () => {
    expect(Object.keys(action.outputs).sort()).toEqual([
      'comment-url',
      'differs',
      'gate',
      'mismatches',
      'recommendations',
      'regressions',
      'results-path'
    ])
  })
})

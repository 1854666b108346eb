// The layering of src/ is enforced by eslint.config.mjs; these cases prove that its rules fail on a
// forbidden import (and stay quiet on an allowed one), without linting the whole tree.
import { ESLint } from 'eslint'
import type { Linter } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'

// The config is untyped JavaScript; a path in a variable keeps tsc from asking for its declarations.
const configFile = '../../eslint.config.mjs'
const { layering } = (await import(configFile)) as { layering: Linter.Config[] }

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
    ...layering
  ]
})

async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file })
  return result!.messages.map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`)
}

describe('layering rules', () => {
  it.each([
    [
      'src/report/terminal.ts',
      "import type { ProgressEvent } from '../engine.ts'",
      'src/engine.ts'
    ],
    [
      'src/verdict/judge.ts',
      "import type { Runtime } from '../runtimes/runtime.ts'",
      'src/runtimes/'
    ],
    [
      'src/stats/summary.ts',
      "import { execa } from 'execa'",
      'only src/runtimes/ starts processes'
    ],
    ['src/report/chart.ts', "import { readFileSync } from 'node:fs'", 'pure'],
    ['src/verdict/gate.ts', "import * as core from '@actions/core'", '@actions/*'],
    ['src/measure/plan.ts', "import { renderReport } from '../report/markdown.ts'", 'src/report/'],
    [
      'src/runtimes/node/harness/check.ts',
      "import { advise } from '../../../engine.ts'",
      'src/engine.ts'
    ],
    ['src/engine.ts', "import { run } from './cli/main.ts'", 'src/cli/'],
    [
      'src/runtimes/node/task-host/task-host.ts',
      "import { createPool } from '../harness/pool.ts'",
      'src/runtimes/node/harness/, another process'
    ],
    [
      'src/runtimes/node/harness/pool.ts',
      "import type { X } from '../task-host/task-host.ts'",
      'src/runtimes/node/task-host/, another process'
    ],
    [
      'src/runtimes/node/adapter.ts',
      "import { parseCommand } from './harness/commands.ts'",
      'src/runtimes/node/harness/, another process'
    ],
    [
      'src/action/inputs.ts',
      "import { execa } from 'execa'",
      'only src/runtimes/ starts processes'
    ],
    [
      'src/config/load.ts',
      "import { createRuntime } from '../runtimes/select.ts'",
      'src/runtimes/'
    ],
    [
      'src/measure/run.ts',
      "import { decide } from '../verdict/recommend.ts'",
      'only verdict/stopping.ts'
    ]
  ])('%s may not import: %s', async (file, source, why) => {
    const messages = await restricted(file, `${source}\n`)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatch(/^no-restricted-imports: /)
    expect(messages[0]).toContain(why)
  })

  it.each([
    ['src/verdict/judge.ts', "import { summarize } from '../stats/measurements.ts'"],
    ['src/report/terminal.ts', "import { formatBytes } from '../format.ts'"],
    ['src/runtimes/session.ts', "import { execa } from 'execa'"],
    [
      'src/runtimes/node/task-host/task-host.ts',
      "import { loadFunction } from '../shared/load-function.ts'"
    ],
    ['src/runtimes/node/harness/process-pool.ts', "import { fork } from 'node:child_process'"],
    ['src/config/load.ts', "import { runtimeForPath } from '../runtimes/extensions.ts'"],
    ['src/action/base-worktree.ts', "import { execa } from 'execa'"],
    ['src/cli/main.ts', "import { advise } from '../engine.ts'"],
    ['src/measure/run.ts', "import { nextStep } from '../verdict/stopping.ts'"]
  ])('%s may import: %s', async (file, source) => {
    expect(await restricted(file, `${source}\n`)).toEqual([])
  })
})

// Test-only helpers for the Node runtime tests: workload specs, throwaway modules in a temp dir,
// and a session that is always closed.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createNodeRuntime } from '../../../src/runtimes/node/adapter.ts'
import { openSession } from '../../../src/runtimes/runtime.ts'
import type { RoundOutcome, Runtime, SessionOutcome } from '../../../src/runtimes/runtime.ts'
import type { JsonValue, Strategy, WorkloadSpec } from '../../../src/types.ts'

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url))

/** A user-facing example from fixtures/node/. */
export function fixturePath(name: string): string {
  return join(REPO_ROOT, 'fixtures', 'node', name)
}

export function nodeRuntime(): Runtime {
  return createNodeRuntime({ cwd: REPO_ROOT })
}

/** A validated workload as the config loader would give it. */
export function workload(
  modulePath: string,
  fn: string,
  args: readonly JsonValue[] = [],
  overrides: Partial<WorkloadSpec> = {}
): WorkloadSpec {
  return {
    name: `${fn}-workload`,
    runtime: 'node',
    module: modulePath,
    modulePath,
    function: fn,
    args,
    tasks: null,
    uses: null,
    timeoutSeconds: 60,
    budgetSeconds: 60,
    memoryBytes: null,
    startMethod: 'default',
    line: 1,
    ...overrides
  }
}

/** A temp folder of modules written from source text, removed by `remove()`. */
export function moduleDir(files: Readonly<Record<string, string>>): {
  readonly path: (name: string) => string
  readonly remove: () => void
} {
  const dir = mkdtempSync(join(tmpdir(), 'ca-node-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return {
    path: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

/** Opens a session, runs rounds of `tasks` calls (bytes measured in the first), and always closes it. */
export async function runRounds(
  runtime: Runtime,
  spec: WorkloadSpec,
  strategy: Strategy,
  workers: number,
  rounds: readonly number[]
): Promise<{ readonly opened: SessionOutcome; readonly outcomes: RoundOutcome[] }> {
  const opened = await openSession(runtime, { workload: spec, strategy, workers })
  const outcomes: RoundOutcome[] = []
  if (!opened.ok) return { opened, outcomes }
  try {
    for (const [index, tasks] of rounds.entries()) {
      const outcome = await opened.session.runRound(tasks, index === 0)
      outcomes.push(outcome)
      if (!outcome.ok) break
    }
  } finally {
    await opened.session.close()
  }
  return { opened, outcomes }
}

// One workload measured on the scripted runtime (measure/fake-runtime.ts) through the whole engine,
// for tests of the measuring steps: what its harnesses went through and what the measure reported.
import { parseConfig } from '../../src/config/load.ts'
import { advise } from '../../src/engine.ts'
import { createFakeRuntime } from '../../src/measure/fake-runtime.ts'
import type { FakeHarnessEvent, FakeScript } from '../../src/measure/fake-runtime.ts'
import type { MeasureEvent } from '../../src/progress-events.ts'
import { TWO_CPUS } from './machine.ts'

export interface ScriptedOptions {
  /** A fixed `tasks` for the workload; absent: calibrated. */
  readonly tasks?: number
  readonly signal?: AbortSignal
  readonly onHarness?: (event: FakeHarnessEvent) => void
  readonly onMeasure?: (event: MeasureEvent) => void
}

/** Measures `f` of `work.py` in `dir` (which must hold it) on two CPUs with `script`. */
export async function measureScripted(
  dir: string,
  script: FakeScript,
  options: ScriptedOptions = {}
): Promise<void> {
  const tasks = options.tasks === undefined ? '' : `, tasks: ${options.tasks}`
  const config = parseConfig(
    `workloads:\n  - {name: w, module: work.py, function: f${tasks}}\n`,
    'ca.yml',
    { cwd: dir, python: null }
  )
  await advise(config, {
    budgetSeconds: null,
    context: null,
    machine: TWO_CPUS,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    createRuntime: () =>
      createFakeRuntime(
        script,
        options.onHarness === undefined ? {} : { onHarness: options.onHarness }
      ),
    onProgress: (progress) => {
      if (progress.kind === 'measure') options.onMeasure?.(progress.event)
    }
  })
}

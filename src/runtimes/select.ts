// Builds the runtime adapter for a runtime id. A third runtime is a new folder under runtimes/, a
// line in extensions.ts and a case here.

import type { Environment, RuntimeId } from '../types.ts'
import { createNodeRuntime } from './node/adapter.ts'
import { createPythonRuntime } from './python/adapter.ts'
import type { Runtime, RuntimeProbe } from './runtime.ts'

export interface RuntimeSettings {
  /** Python interpreter; null for `python3` on PATH. */
  readonly python: string | null
  /** Where the python setting came from, for error messages ("--python", "config.yml", ...). */
  readonly pythonSource: string
  /** Directory harnesses run in. */
  readonly cwd: string
}

/** Creates a runtime adapter by id. */
export function createRuntime(id: RuntimeId, settings: RuntimeSettings): Runtime {
  switch (id) {
    case 'python':
      return createPythonRuntime({
        python: settings.python,
        cwd: settings.cwd,
        source: settings.pythonSource
      })
    case 'node':
      return createNodeRuntime({ cwd: settings.cwd })
  }
}

/**
 * What the results' environment record says of the interpreters a run probed. Python's version,
 * executable and default start method are recorded; Node's version is the tool's own (the harness
 * runs on the Node that runs the tool), read with the machine, so its probe adds nothing here.
 */
export function interpreterEnvironment(
  probes: ReadonlyMap<RuntimeId, RuntimeProbe>
): Pick<Environment, 'python' | 'pythonExecutable' | 'pythonStartMethod'> {
  const python = probes.get('python')
  return {
    python: python?.version ?? null,
    pythonExecutable: python?.executable ?? null,
    pythonStartMethod: python?.defaultStartMethod ?? null
  }
}

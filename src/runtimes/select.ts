// Builds the runtime adapter for a runtime id. A third runtime is a new folder under runtimes/, a
// line in extensions.ts and a case here.

import type { Environment, EnvironmentInterpreter, RuntimeId } from '../types.ts'
import { createNodeRuntime } from './node/adapter.ts'
import { createPythonRuntime } from './python/adapter.ts'
import type { Runtime, RuntimeProbe } from './runtime.ts'

export interface RuntimeSettings {
  /** Python interpreters, the first the reference; null for `python3` on PATH. */
  readonly python: readonly string[] | null
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
 * What the results' environment record says of the interpreters a run probed. Each Python
 * interpreter is recorded (version, executable, build, GIL at start-up, default start method), and
 * the first again in the fields that predate several; Node's version is the tool's own (the harness
 * runs on the Node that runs the tool), read with the machine, so its probe adds nothing here.
 */
export function interpreterEnvironment(
  probes: ReadonlyMap<RuntimeId, readonly RuntimeProbe[]>
): Pick<Environment, 'python' | 'pythonExecutable' | 'pythonStartMethod' | 'interpreters'> {
  const pythons = probes.get('python') ?? []
  const first = pythons[0]
  return {
    python: first?.version ?? null,
    pythonExecutable: first?.executable ?? null,
    pythonStartMethod: first?.defaultStartMethod ?? null,
    interpreters: pythons.map((probe): EnvironmentInterpreter => ({
      python: probe.name ?? probe.executable,
      version: probe.version,
      executable: probe.executable,
      freeThreaded: probe.freeThreaded,
      gilEnabled: probe.gilEnabled,
      gilForcedBy: probe.gilForcedBy,
      defaultStartMethod: probe.defaultStartMethod
    }))
  }
}

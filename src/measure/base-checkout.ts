// The base side of a comparison measured in the same run: the same workload, its module taken from
// another checkout of the repository (the pull request's base commit in a git worktree).

import { existsSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import type { Runtime } from '../runtimes/runtime.ts'
import type { Config, RuntimeId, WorkloadSpec } from '../types.ts'

/**
 * The workload with its module from `baseDir`, or null when the base checkout has no such file (a
 * workload new in this change). `cwd` is the head checkout that module paths are relative to.
 */
export function baseSpecFor(spec: WorkloadSpec, cwd: string, baseDir: string): WorkloadSpec | null {
  const inHead = isAbsolute(spec.module) ? relative(cwd, spec.module) : spec.module
  // An absolute module outside the checkout is the same file on both sides: nothing to compare.
  if (inHead.startsWith('..') || isAbsolute(inHead)) return null
  const modulePath = resolve(baseDir, inHead)
  return existsSync(modulePath) ? { ...spec, modulePath } : null
}

/** Base specs for the workloads whose modules exist in the base checkout and load there. */
export async function baseSpecs(
  config: Config,
  runtimes: ReadonlyMap<RuntimeId, Runtime>,
  dir: string
): Promise<Map<string, WorkloadSpec>> {
  const specs = new Map<string, WorkloadSpec>()
  for (const spec of config.workloads) {
    const base = baseSpecFor(spec, config.baseDir, dir)
    if (base === null) continue
    // On the first interpreter: the one the project runs today.
    const [check] = await runtimes.get(spec.runtime)!.check([base], 0)
    // Old code without the function, or that fails to load: nothing to compare with, not an error.
    if (check !== undefined && check.configError === null && check.fault === null)
      specs.set(spec.name, base)
  }
  return specs
}

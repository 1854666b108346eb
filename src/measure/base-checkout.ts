// The base side of a comparison measured in the same run: the same workload, its module taken from
// another checkout of the repository (the pull request's base commit in a git worktree).

import { existsSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import type { WorkloadSpec } from '../types.ts'

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

// What held a workload's threads on the interpreter judged: the GIL's state (types.ts GilState) and
// what turned it on. The classes and their sentences read it (classify.ts, reason.ts); the facts come
// from the interpreter's probe, the pre-flight check and its harness processes (interpreters.ts).

import { joinAnd } from '../format.ts'
import type { GilState, RuntimeTraits } from '../types.ts'

/** What held a workload's threads on one interpreter. */
export interface GilFacts {
  readonly state: GilState
  /** Modules whose import turned the GIL back on (state `module`; empty when none was named). */
  readonly enabledBy: readonly string[]
  /** What forced it on at start-up (state `forced`), e.g. "PYTHON_GIL=1"; null when unknown. */
  readonly forcedBy: string | null
}

/** A runtime without a global interpreter lock (Node). */
export const NO_GIL: GilFacts = { state: 'none', enabledBy: [], forcedBy: null }

/** A build with a GIL. */
export const GIL_ON: GilFacts = { state: 'on', enabledBy: [], forcedBy: null }

/** The facts given, or the runtime's usual build where none were: a GIL that is on where it has one. */
export function gilOrDefault(gil: GilFacts | undefined, traits: RuntimeTraits): GilFacts {
  return gil ?? (traits.hasGil ? GIL_ON : NO_GIL)
}

/** The GIL was on for the workload on this interpreter. */
export function gilWasOn(gil: GilFacts): boolean {
  return gil.state === 'on' || gil.state === 'forced' || gil.state === 'module'
}

/** What turned the GIL on, as a clause: "enabled by importing `legacy`". */
export function gilEnabledText(gil: GilFacts): string {
  return gil.enabledBy.length === 0
    ? 'enabled by a module that was imported with the workload (its name was not reported)'
    : `enabled by importing ${joinAnd(gil.enabledBy.map((name) => `\`${name}\``))}`
}

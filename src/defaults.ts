// Defaults and rules that the CLI and the action share, written once: each shell spells them in its
// own words (--threshold PCT and the `threshold` input; --compare-dir and `compare: base`), but the
// value and the rule come from here. test/defaults.test.ts ties action.yml and the CLI's help to them.

import type { FailOn } from './types.ts'

/** Slowdown tolerated before a comparison is a regression, in percent as users write it. */
export const DEFAULT_THRESHOLD_PERCENT = 10
/** The same, as the fraction the engine uses. */
export const DEFAULT_THRESHOLD = DEFAULT_THRESHOLD_PERCENT / 100

/** CPU counts that each pool's speedup is predicted at when none are chosen. */
export const DEFAULT_PREDICT_CPUS: readonly number[] = [4, 8, 16, 64]

/** No gate unless one is asked for. */
export const DEFAULT_FAIL_ON: FailOn = 'never'

/** What a run is asked to compare with: a results file, another checkout measured alongside, both, neither. */
export interface BaselineChoice {
  readonly file: boolean
  readonly checkout: boolean
  readonly failOn: FailOn
}

/**
 * What is wrong with a choice of baseline, or null: one baseline at most, and a regression gate needs
 * one. Each shell turns the answer into its own one-line error, naming its own flag or input.
 */
export function baselineProblem(
  choice: BaselineChoice
): 'both' | 'regression-without-baseline' | null {
  if (choice.file && choice.checkout) return 'both'
  if (choice.failOn === 'regression' && !choice.file && !choice.checkout)
    return 'regression-without-baseline'
  return null
}

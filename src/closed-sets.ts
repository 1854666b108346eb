// The closed sets of the domain, as const tuples: the one home that both the results file's schema
// (results/schema.ts, which validates against them) and the domain types (types.ts, which derives
// `Strategy`, `VerdictClass`, ... from them) read, so that neither imports the other for them.
// Validation and exhaustive switches stay in step with these lists (STYLE.md guideline 4).

/** In order of lightness: ties within the margin go to the earlier one. */
export const STRATEGIES = ['serial', 'async', 'threads', 'processes'] as const

export const RUNTIMES = ['python', 'node'] as const

/** Python's multiprocessing start methods; `default` leaves the platform's choice. */
export const START_METHODS = ['default', 'fork', 'spawn', 'forkserver'] as const

export const FAIL_ON = ['never', 'mismatch', 'regression', 'any'] as const

export const FAULT_KINDS = ['exception', 'exit', 'signal', 'timeout', 'memory', 'protocol'] as const

export const VERDICT_CLASSES = [
  'io-bound',
  'loop-overlaps-waits',
  'blocks-event-loop',
  'child-processes',
  'gil-bound',
  'releases-gil',
  'partly-releases-gil',
  'cpu-parallel',
  'serialized-in-process',
  'partly-serialized-in-process',
  'parallel-without-gil',
  'contended-without-gil',
  'gil-enabled-by-module',
  'overhead-bound',
  'transfer-bound',
  'unsupported-in-threads',
  'does-not-scale',
  'failed',
  'not-measured'
] as const

export const RETIREMENT_CAUSES = ['one-worker', 'behind', 'no-gain', 'twin'] as const

export const CHANGE_VERDICTS = ['regression', 'improvement', 'unchanged', 'inconclusive'] as const

export const STOP_REASONS = [
  'settled',
  'budget',
  'max-rounds',
  'futile',
  'busy',
  'failed',
  'interrupted',
  'skipped'
] as const

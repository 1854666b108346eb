// What a config file may say: its keys, their defaults and limits. load.ts validates against this.

import { START_METHODS, STRATEGIES } from '../types.ts'

export const TOP_LEVEL_KEYS = [
  'python',
  'margin',
  'timeout',
  'budget',
  'memory',
  'start-method',
  'workloads'
] as const
export const WORKLOAD_KEYS = [
  'name',
  'module',
  'function',
  'args',
  'tasks',
  'uses',
  'timeout',
  'budget',
  'memory',
  'start-method'
] as const

export const DEFAULTS = {
  /** Seconds one step (a strategy's start-up and warm-up, or one round) may take. */
  timeoutSeconds: 60,
  /** Seconds of rounds per workload before the verdict is given as it stands. */
  budgetSeconds: 60,
  /** Speed difference treated as noise: within it, the lighter strategy wins. */
  margin: 0.1
} as const

export const LIMITS = {
  maxTasks: 1_000_000,
  maxSeconds: 86_400,
  minMemoryBytes: 16 * 1024 * 1024,
  maxMargin: 1
} as const

export const NAME_PATTERN = /^[A-Za-z0-9._-]+$/
export const NAME_RULE = 'letters, digits, ".", "_" and "-"'

export const ALLOWED_USES = STRATEGIES
export const ALLOWED_START_METHODS = START_METHODS

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3
}

/** Parses "512MB", "1.5 GiB", "800M" or a plain number of bytes; null when it is not a size. */
export function parseByteSize(value: unknown): number | null {
  if (typeof value === 'number')
    return Number.isFinite(value) && value > 0 ? Math.round(value) : null
  if (typeof value !== 'string') return null
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value)
  if (match === null) return null
  const unit = UNITS[(match[2] ?? '').toLowerCase() || 'b']
  return unit === undefined ? null : Math.round(Number(match[1]) * unit)
}

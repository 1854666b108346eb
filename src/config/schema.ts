// What a config file may say, defined once with TypeBox: this is the JSON Schema that the build writes
// to dist/config.schema.json for editors (yaml-language-server), and the source of the keys, closed
// sets and limits that load.ts checks with file:line messages. load.ts also runs the compiled schema
// over every file it accepts, so the two cannot drift apart.

import Type from 'typebox'
import type { TSchema } from 'typebox'
import { SUPPORTED_EXTENSIONS } from '../runtimes/extensions.ts'
import { START_METHODS, STRATEGIES } from '../closed-sets.ts'

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
export const FUNCTION_PATTERN = /^[A-Za-z_$][\w$]*$/
/** A size as parseByteSize reads it: a number of bytes, or a number and a unit (512MB, 1.5 GiB, 800M). */
const SIZE_PATTERN = /^\s*\d+(?:\.\d+)?\s*(?:[bB]|[kKmMgG](?:[iI]?[bB])?)?\s*$/

export const ALLOWED_USES = STRATEGIES
export const ALLOWED_START_METHODS = START_METHODS

/** `.py` as `\.[pP][yY]`: JSON Schema patterns have no case-insensitive flag. */
function caseless(text: string): string {
  return text.replace(/[a-z]/g, (letter) => `[${letter}${letter.toUpperCase()}]`)
}

const Seconds = (description: string) =>
  Type.Number({ exclusiveMinimum: 0, maximum: LIMITS.maxSeconds, description })
const Memory = (description: string) =>
  Type.Union(
    [
      Type.Number({ minimum: LIMITS.minMemoryBytes }),
      Type.String({ pattern: SIZE_PATTERN.source })
    ],
    {
      description: `${description} A size such as 512MB, 2GiB or 800M (at least 16 MiB), or bytes.`
    }
  )
const StartMethod = Type.Enum(ALLOWED_START_METHODS, {
  description:
    "Python's multiprocessing start method for the process pool; default leaves the platform's choice."
})

/** One entry of `workloads`. */
export const WorkloadEntrySchema = Type.Object(
  {
    name: Type.String({
      pattern: NAME_PATTERN.source,
      description: `Unique name, in reports and outputs: ${NAME_RULE}.`
    }),
    module: Type.String({
      // Any extension the runtimes take, in any case (extensions.ts lower-cases before looking).
      pattern: `(?:${SUPPORTED_EXTENSIONS.map((ext) => caseless(ext.replace('.', '\\.'))).join('|')})$`,
      description: `Path of the module, relative to the working directory: ${SUPPORTED_EXTENSIONS.join(', ')}.`
    }),
    function: Type.String({
      pattern: FUNCTION_PATTERN.source,
      description: 'Name of the function to call, at the top level of the module.'
    }),
    args: Type.Union([Type.Array(Type.Unknown()), Type.Null()], {
      description: 'Positional arguments of every call, as JSON values.'
    }),
    tasks: Type.Integer({
      minimum: 1,
      maximum: LIMITS.maxTasks,
      description:
        'Independent calls per measured round; omitted, the tool picks from a calibration run.'
    }),
    uses: Type.Enum(ALLOWED_USES, {
      description: 'The model the code uses today; the verdict flags a mismatch.'
    }),
    timeout: Seconds('Seconds one step (a start-up and warm-up, or one round) may take.'),
    budget: Seconds('Seconds of rounds before the verdict is given as it stands.'),
    memory: Memory("Summed resident memory the workload's processes may use."),
    'start-method': StartMethod
  },
  { required: ['name', 'module', 'function'], additionalProperties: false }
)

/** The whole config file. */
export const ConfigFileSchema = Type.Object(
  {
    python: Type.Union(
      [
        Type.String({ pattern: '\\S' }),
        Type.Array(Type.String({ pattern: '\\S' }), { minItems: 1, uniqueItems: true })
      ],
      {
        description:
          'Interpreter for .py workloads, or a list of them (e.g. [python3.14, python3.14t]) measured side by side in the same rounds, the first as the reference; the --python flag or the python input wins.'
      }
    ),
    'gil-comparison': Type.Boolean({
      description:
        'A free-threaded interpreter given alone also runs the threads contenders with the GIL forced on (PYTHON_GIL=1), to show what the build is worth (default true).'
    }),
    margin: Type.Number({
      minimum: 0,
      maximum: LIMITS.maxMargin,
      description:
        'Speed difference treated as noise (0.1 = 10%): within it the lighter strategy wins.'
    }),
    timeout: Seconds(`Default timeout of every workload, in seconds (${DEFAULTS.timeoutSeconds}).`),
    budget: Seconds(`Default budget of every workload, in seconds (${DEFAULTS.budgetSeconds}).`),
    memory: Memory('Default memory limit of every workload.'),
    'start-method': StartMethod,
    workloads: Type.Array(WorkloadEntrySchema, {
      minItems: 1,
      description: 'The workloads to measure.'
    })
  },
  {
    required: ['workloads'],
    additionalProperties: false,
    title: 'concurrency-advisor config',
    description:
      'The workloads concurrency-advisor measures serially, in threads and in processes, and its limits.'
  }
)

const keysOf = (schema: TSchema & { properties: Readonly<Record<string, unknown>> }): string[] =>
  Object.keys(schema.properties)

export const TOP_LEVEL_KEYS: readonly string[] = keysOf(ConfigFileSchema)
export const WORKLOAD_KEYS: readonly string[] = keysOf(WorkloadEntrySchema)

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

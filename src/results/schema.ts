// The results file (schemaVersion 1), defined once with TypeBox: this definition is the JSON Schema that
// the build writes to dist/results.schema.json, the source of the TypeScript types in types.ts
// (`Static<…>`), and the validator that reads files back (file.ts). A field is added here, with its
// description and unit, and nowhere else.
//
// Unknown fields are allowed: a file written by a later 1.x that added a field still reads. A field
// added within 1.x is optional in the file's schema (ResultsFileSchema), which is the one shipped and
// read against; reading fills in its "nothing to say" value (file.ts), so in memory it is always there.

import Type from 'typebox'
import type { Static, TSchema } from 'typebox'
import {
  CHANGE_VERDICTS,
  FAIL_ON,
  FAULT_KINDS,
  RETIREMENT_CAUSES,
  RUNTIMES,
  STOP_REASONS,
  STRATEGIES,
  VERDICT_CLASSES
} from '../closed-sets.ts'

const Nullable = <T extends TSchema>(schema: T, options: { description?: string } = {}) =>
  Type.Union([schema, Type.Null()], options)
/** A finite number (JSON has no NaN or Infinity). */
const Num = (description?: string) => Type.Number(description === undefined ? {} : { description })
const Count = (description?: string) =>
  Type.Integer({ minimum: 0, ...(description === undefined ? {} : { description }) })
const Text = (description?: string) => Type.String(description === undefined ? {} : { description })

const Strategy = Type.Enum(STRATEGIES, {
  description: 'serial, a thread pool (threads) or a process pool (processes)'
})

export const IntervalSchema = Type.Object(
  {
    low: Num(),
    high: Num(),
    confidence: Num(
      'Coverage probability actually achieved (order statistics give discrete levels), e.g. 0.96'
    )
  },
  { description: 'Confidence interval of a median' }
)

export const FaultSchema = Type.Object(
  {
    kind: Type.Enum(FAULT_KINDS, {
      description:
        "How it failed: its code raised, its process exited or was killed, it ran out of time or memory, or it broke the harness's protocol"
    }),
    message: Text(
      'One line a person can act on, e.g. "ValueError: bad input" or "killed by SIGSEGV"'
    ),
    type: Type.Optional(Text('Exception class name (Python) or error name (JS), for exception')),
    code: Type.Optional(
      Text('Error code such as ERR_WORKER_UNSUPPORTED_OPERATION, where the runtime gives one')
    ),
    exitCode: Type.Optional(Num()),
    signal: Type.Optional(Text()),
    detail: Type.Optional(Text('The last lines of a traceback or of stderr'))
  },
  { description: "A fault of the workload's code or processes, recorded as data" }
)

const retirementProperties = {
  afterRounds: Count('Measured rounds it ran before it stopped'),
  cause: Type.Enum(RETIREMENT_CAUSES, {
    description:
      "one-worker: a one-worker pool, run one round for its hand-off overhead; behind: clearly slower than the best worker count of its strategy or the leading strategy; no-gain: more workers than its strategy's best and clearly no faster; twin: a base checkout's configuration, or one run with the GIL forced on, whose twin stopped"
  }),
  versus: Nullable(
    Type.Object(
      {
        strategy: Strategy,
        workers: Count(),
        python: Type.Optional(
          Nullable(
            Text(
              'The interpreter it ran on, as the config names it; null for Node (absent from files written before several interpreters: read as null)'
            )
          )
        )
      },
      { description: 'The configuration it was compared with; null for one-worker and twin' }
    )
  ),
  ratio: Nullable(
    Num("Its wall time over versus' wall time, median of the paired rounds; null without versus")
  ),
  bound: Nullable(
    Num(
      'The one-sided bound on that ratio that decided it (after one round, the ratio over the distortion one round may carry, 10); null without versus'
    )
  ),
  reason: Text('One sentence with the figures')
}
export const RetirementSchema = Type.Object(retirementProperties, {
  description: "A configuration that stopped being measured before the workload's verdict settled"
})

const PYTHON_OF_MEASUREMENT = Nullable(
  Text(
    'The Python interpreter it ran on, as the config names it ("python3" when defaulted); null for Node (absent from files written before several interpreters: read as null, the one interpreter of that run)'
  )
)
const GIL_FORCED = Type.Boolean({
  description:
    'Run with the GIL forced on (PYTHON_GIL=1) on a free-threaded interpreter given alone, as the twin of the same configuration without it: evidence, never a candidate (absent from older files: read as false)'
})

const measurementProperties = {
  python: PYTHON_OF_MEASUREMENT,
  gilForced: GIL_FORCED,
  strategy: Strategy,
  workers: Count(
    'Pool size; for async, the concurrency limit (calls in flight together on the loop); 1 for serial'
  ),
  rounds: Count('Rounds that completed (the warm-up excluded)'),
  wallSeconds: Nullable(
    Num('Median wall seconds of a round (all `tasks` calls); null when no round completed')
  ),
  interval: Nullable(IntervalSchema),
  speedup: Nullable(
    Num('Serial wall time over this wall time, median of per-round ratios (serial is 1)')
  ),
  speedupInterval: Nullable(IntervalSchema),
  cpuSeconds: Nullable(Num('Median CPU seconds (user+system, all processes) of a round')),
  cpuUse: Nullable(Num('CPUs kept busy on average: cpuSeconds / wallSeconds')),
  childCpuSeconds: Nullable(
    Num(
      'Median CPU seconds of a round spent in processes the workload started (part of cpuSeconds); null where not measured (absent from files written before it existed: read as null)'
    )
  ),
  childCpuUse: Nullable(
    Num(
      'CPUs kept busy by those child processes: median of childCpuSeconds / wallSeconds per round'
    )
  ),
  peakRssBytes: Nullable(
    Num("Largest peak resident memory seen, summed over the strategy's processes, in bytes")
  ),
  startupSeconds: Nullable(
    Num('Seconds to start the pool with all its workers (0 for serial), outside the rounds')
  ),
  bytesToWorkersPerCall: Nullable(
    Num(
      'Serialized bytes sent to a worker per call (arguments), as pickle or structured clone sends them'
    )
  ),
  bytesFromWorkersPerCall: Nullable(Num('Serialized bytes sent back per call (the result)')),
  error: Nullable(FaultSchema),
  stopped: Nullable(RetirementSchema, {
    description:
      'Set when this configuration stopped being measured before the verdict settled; null otherwise (absent from files written before 0.1.0 raced configurations: read as null)'
  }),
  wallSamples: Type.Array(Nullable(Num()), {
    description:
      'Wall seconds of each measured round (index = round; null where it had none or where its turn was set aside: see setAside)'
  }),
  setAside: Type.Array(SetAsideSchema(), {
    description:
      'Turns set aside because other processes or the host slowed them (the reason of a first-round turn may name fresh workers warming up): no interval, pair or rule counted them; a round whose turn was taken again at the end of the round has its retake in wallSamples (absent from files written before contention was read: read as none)'
  })
}
function SetAsideSchema() {
  return Type.Object(
    {
      round: Count('The 0-based round the turn belonged to'),
      wallSeconds: Num('Its wall seconds, as measured'),
      lostSeconds: Num(
        'CPU seconds its processes wanted and did not get because other processes (or the hypervisor) had the CPUs, plus CPU seconds the host took from it (CPUs that ran slower, page faults that cost several times their usual)'
      ),
      lostShare: Num(
        'lostSeconds over the CPU seconds it wanted: about 1 - 1/slowdown for a CPU-bound turn'
      ),
      reason: Text(
        'The figures in words: "the workers waited 0.6 s for a CPU; other processes ran 0.9 s"'
      )
    },
    { description: 'A turn that other processes slowed' }
  )
}
const MEASUREMENT = {
  description: 'What one strategy at one worker count measured, summarised over its rounds'
}
export const MeasurementSchema = Type.Object(measurementProperties, MEASUREMENT)
/** A measurement as a file may hold it: fields added within 1.x may be absent. */
const StoredMeasurementSchema = Type.Object(
  {
    ...measurementProperties,
    python: Type.Optional(PYTHON_OF_MEASUREMENT),
    gilForced: Type.Optional(GIL_FORCED),
    childCpuSeconds: Type.Optional(measurementProperties.childCpuSeconds),
    childCpuUse: Type.Optional(measurementProperties.childCpuUse),
    stopped: Type.Optional(measurementProperties.stopped),
    setAside: Type.Optional(measurementProperties.setAside)
  },
  MEASUREMENT
)

export const PredictionSchema = Type.Object(
  {
    strategy: Type.Enum(['threads', 'processes'] as const),
    model: Type.Enum(['amdahl', 'usl'] as const),
    parameters: Type.Record(Type.String(), Type.Number(), {
      description:
        "Fitted parameters: Amdahl's serial fraction; USL's contention (sigma) and coherency (kappa)"
    }),
    fitError: Num('Root-mean-square error of the fit on the measured speedups'),
    fittedWorkers: Type.Array(Count(), { description: 'Worker counts whose speedups were fitted' }),
    caveat: Nullable(Text('Why to read the prediction with care, or null')),
    points: Type.Array(Type.Object({ cpus: Count(), speedup: Num() }))
  },
  {
    description:
      'Predicted speedup on a machine with more CPUs, from a scaling law fitted to the worker sweep'
  }
)

export const ChangeSchema = Type.Object(
  {
    strategy: Strategy,
    workers: Count(),
    base: Num('Calls per second for throughput, speedup over serial for speedup'),
    head: Num(),
    ratio: Num('head / base (median of per-round ratios when paired, ratio of medians otherwise)'),
    interval: Nullable(IntervalSchema),
    verdict: Type.Enum(CHANGE_VERDICTS)
  },
  { description: 'One metric of a workload, head against base: above 1 is better for head' }
)

export const ComparisonSchema = Type.Object(
  {
    method: Type.Enum(['paired', 'bootstrap'] as const, {
      description:
        "paired: rounds interleaved with the base's in this run; bootstrap: against a baseline file"
    }),
    throughput: Nullable(ChangeSchema),
    speedup: Nullable(ChangeSchema),
    baseRecommendation: Nullable(Strategy),
    baseWorkers: Nullable(Count()),
    regression: Type.Boolean({
      description: 'A metric slowed down beyond the threshold with its whole interval'
    }),
    baseBusy: Type.Optional(
      Type.Boolean({
        description:
          'The base is a results file whose run of this workload was busy (its contention.busy): its verdict was a best guess, so a regression against it is unconfirmed unless the baseline is strict; absent: false'
      })
    ),
    summary: Text('One sentence with the figures')
  },
  { description: 'A workload compared with its base' }
)

const COROUTINE = Nullable(Type.Boolean(), {
  description:
    "The function is a coroutine function (its calls return a Python coroutine or a JS promise), as serial's first call showed; null when no call completed. Only coroutine functions have async measurements (absent from files written before the async strategy: read as null)"
})

const RECOMMENDED_PYTHON = Nullable(
  Text(
    'The Python interpreter of the recommendation, as the config names it; null for Node or when there is no recommendation (absent from files written before several interpreters: read as null)'
  )
)

export const InterpreterVerdictSchema = Type.Object(
  {
    python: Text('The interpreter as the config names it ("python3" when defaulted)'),
    label: Text(
      'How the reports name it: "3.13", "3.13t" (t: free-threaded); the config name where two share a label'
    ),
    version: Text('e.g. "3.13.5"'),
    freeThreaded: Type.Boolean({
      description: 'A build without a global interpreter lock (PEP 703: python3.13t, python3.14t)'
    }),
    gilEnabled: Type.Boolean({
      description:
        "The GIL was on in some harness process of this interpreter for this workload: always on a build with a GIL; on a free-threaded build when the environment forced it (PYTHON_GIL=1) or a module's import turned it on"
    }),
    gilEnabledBy: Type.Array(Text(), {
      description:
        'Modules whose import turned the GIL back on (they do not declare free-threading support, Py_mod_gil); empty when none did'
    }),
    serialRatio: Nullable(
      Num(
        "Its serial wall time over the first interpreter's, median of the paired rounds (1 for the first; 1.25 = 25% slower on one thread); null when either serial has no rounds"
      )
    ),
    recommendation: Nullable(Strategy),
    workers: Nullable(Count()),
    class: Type.Enum(VERDICT_CLASSES),
    reason: Text(
      "The verdict on this interpreter's runs alone, its own serial as the reference, in one sentence"
    ),
    uncertain: Type.Boolean(),
    comparison: Nullable(ComparisonSchema)
  },
  {
    description:
      "The verdict on one interpreter's runs alone (its own serial as the reference); the `uses` gate checks the first interpreter's, the `regression` gate every interpreter's comparison"
  }
)

export const ContentionSummarySchema = Type.Object(
  {
    monitored: Type.Boolean({
      description:
        "Linux's scheduler accounting could be read around its turns; false off Linux or without /proc/PID/task/TID/schedstat (then nothing is set aside)"
    }),
    turns: Count('Timed turns read (every contender, every round; the base checkout excluded)'),
    setAside: Count('Of those, turns set aside because other processes or the host slowed them'),
    lostSeconds: Num('CPU seconds the set-aside turns lost to other processes'),
    busy: Type.Boolean({
      description:
        'The runner was busy: most turns were set aside, and the verdict, left uncertain, is the best guess from every round (the set-aside turns included)'
    })
  },
  { description: "How a workload's turns fared against other processes (docs/noise.md)" }
)

const INTERPRETERS = Nullable(Type.Array(InterpreterVerdictSchema), {
  description:
    'Python workloads: one entry per interpreter, in config order (the GIL-forced twins are no entry); null for Node (absent from files written before several interpreters: read as null)'
})

const workloadProperties = {
  name: Text(),
  runtime: Type.Enum(RUNTIMES),
  module: Text(),
  function: Text(),
  line: Count('1-based line of the workload in the config file (configFile), for annotations'),
  tasks: Count('Calls per round'),
  callSeconds: Nullable(
    Num(
      "Seconds one call takes, from the serial rounds (the first interpreter's); null when serial failed"
    )
  ),
  uses: Nullable(Strategy),
  coroutine: COROUTINE,
  recommendation: Nullable(Strategy),
  recommendedPython: RECOMMENDED_PYTHON,
  workers: Nullable(Count('Worker count of the recommended strategy (1 for serial)')),
  class: Type.Enum(VERDICT_CLASSES, { description: 'Why the workload got its recommendation' }),
  reason: Text('One sentence with the figures that decided it'),
  mismatch: Type.Boolean({
    description:
      "`uses` is declared and differs from the recommendation (with several interpreters: from the first interpreter's own)"
  }),
  uncertain: Type.Boolean({
    description:
      'The intervals did not settle before the budget ran out: the recommendation is the best guess'
  }),
  rounds: Count('Measured rounds per strategy (interleaved), the warm-up excluded'),
  stopReason: Type.Enum(STOP_REASONS, { description: 'Why the rounds stopped' }),
  elapsedSeconds: Num(),
  startMethod: Nullable(Text('Start method of the process pool, where the runtime has several')),
  measurements: Type.Array(MeasurementSchema),
  error: Nullable(FaultSchema),
  predictions: Type.Array(PredictionSchema),
  comparison: Nullable(ComparisonSchema),
  interpreters: INTERPRETERS,
  contention: Nullable(ContentionSummarySchema, {
    description:
      'How its turns fared against other processes; null where nothing was measured (absent from files written before contention was read: read as null)'
  })
}
const WORKLOAD = { description: 'The verdict on one workload with its evidence' }
const WorkloadResultObject = Type.Object(workloadProperties, WORKLOAD)
/** A workload as a file may hold it: fields added within 1.x may be absent. */
const StoredWorkloadResultSchema = Type.Object(
  {
    ...workloadProperties,
    coroutine: Type.Optional(COROUTINE),
    recommendedPython: Type.Optional(RECOMMENDED_PYTHON),
    interpreters: Type.Optional(INTERPRETERS),
    contention: Type.Optional(workloadProperties.contention),
    measurements: Type.Array(StoredMeasurementSchema)
  },
  WORKLOAD
)

export const EnvironmentInterpreterSchema = Type.Object(
  {
    python: Text('The interpreter as the config names it ("python3" when defaulted)'),
    version: Text(),
    executable: Text(),
    freeThreaded: Type.Boolean({ description: 'A build without a global interpreter lock' }),
    gilEnabled: Type.Boolean({
      description:
        'The GIL was on at start-up, before any workload was imported (a GIL build, or PYTHON_GIL=1)'
    }),
    gilForcedBy: Nullable(
      Text(
        'What turned the GIL on at start-up on a free-threaded build: "PYTHON_GIL=1" or "-X gil=1"; null otherwise'
      )
    ),
    defaultStartMethod: Nullable(Text())
  },
  { description: 'A Python interpreter as probed before anything was measured' }
)

const ENVIRONMENT_INTERPRETERS = Type.Array(EnvironmentInterpreterSchema, {
  description:
    'Every Python interpreter of the run, in config order; empty when no Python workload ran (absent from files written before several interpreters: read as empty, and `python` says the version)'
})

const environmentProperties = {
  cpus: Count('CPUs this process may use: affinity and cgroup quota applied'),
  hostCpus: Count('CPUs the host has'),
  platform: Text('As Node names it: linux, darwin, win32'),
  arch: Text(),
  osRelease: Text(),
  python: Nullable(
    Text('Version of the (first) Python interpreter for Python workloads, or null when none ran')
  ),
  pythonExecutable: Nullable(Text()),
  pythonStartMethod: Nullable(Text()),
  interpreters: ENVIRONMENT_INTERPRETERS,
  node: Text('Node version running the engine and Node workloads')
}
const ENVIRONMENT = { description: 'The machine the measurements were taken on' }
export const EnvironmentSchema = Type.Object(environmentProperties, ENVIRONMENT)
const StoredEnvironmentSchema = Type.Object(
  { ...environmentProperties, interpreters: Type.Optional(ENVIRONMENT_INTERPRETERS) },
  ENVIRONMENT
)

export const RunContextSchema = Type.Object(
  {
    runner: Nullable(Text()),
    repository: Nullable(Text()),
    pullRequest: Nullable(Count()),
    headSha: Nullable(Text()),
    baseSha: Nullable(Text()),
    runId: Nullable(Text()),
    job: Nullable(Text())
  },
  { description: 'Where a run happened (filled by the action)' }
)

export const BaselineInfoSchema = Type.Object(
  {
    kind: Type.Enum(['file', 'checkout'] as const),
    source: Text('The baseline file or the compared directory, as given'),
    threshold: Num('Slowdown tolerated before it counts, as applied, as a fraction (0.1 = 10%)'),
    requestedThreshold: Num('The threshold asked for; a baseline file raises it to at least 25%'),
    sha: Nullable(Text("The base run's commit, where known")),
    strict: Type.Optional(
      Type.Boolean({
        description:
          "A regression against a baseline file whose run was busy (its workload's contention.busy) fails the gate (--strict-baseline); absent or false: it is reported as unconfirmed, a note"
      })
    )
  },
  { description: 'What the results were compared with' }
)

export const GateOutcomeSchema = Type.Object(
  {
    failOn: Type.Enum(FAIL_ON),
    failed: Type.Boolean(),
    failures: Type.Array(Text(), { description: 'One line per failure' }),
    notes: Type.Array(Text(), {
      description: 'Things that did not fail the gate but a reader should know'
    })
  },
  { description: 'The outcome of the merge gates (fail-on)' }
)

export const ShardSchema = Type.Object(
  {
    index: Type.Integer({ minimum: 1, description: "This run's shard: K of --shard K/N" }),
    count: Type.Integer({
      minimum: 1,
      description: 'How many shards the workloads were split into: N'
    }),
    weights: Type.Array(Text(), {
      description:
        'The results files whose wall times weighed the split, as given; empty: every workload weighed the same (config order)'
    }),
    workloads: Type.Array(
      Type.Object({
        name: Text(),
        shard: Type.Integer({ minimum: 1, description: 'The shard that measures it' }),
        weightSeconds: Nullable(
          Num(
            'Its weight in the split: its wall seconds (elapsedSeconds) in the weights files, the median over them; null without weights'
          )
        ),
        estimated: Type.Boolean({
          description:
            'The weights files did not measure it: its weight is the median of the workloads they did'
        }),
        runtime: Type.Enum(RUNTIMES),
        module: Text(),
        function: Text(),
        line: Count('1-based line of the workload in the config file'),
        uses: Nullable(Strategy)
      }),
      {
        description:
          "The config's workloads (after --only) in config order, each with the shard that measures it: the split that every shard computed, so that a report can name what a missing shard held"
      }
    )
  },
  {
    description:
      "Which share of the config's workloads this run measured (--shard K/N, the action's shard input)"
  }
)

function resultsOf<E extends TSchema, W extends TSchema, S extends TSchema>(
  environment: E,
  workload: W,
  shard: S
) {
  return Type.Object(
    {
      schemaVersion: Type.Literal(1),
      tool: Type.Object({ name: Type.Literal('concurrency-advisor'), version: Text() }),
      startedAt: Text('ISO 8601 time'),
      finishedAt: Text('ISO 8601 time'),
      durationSeconds: Num(),
      configFile: Text(),
      shard,
      environment,
      context: Nullable(RunContextSchema),
      interrupted: Type.Boolean({
        description:
          'True when the run was cut short (signal, whole-run budget); what was measured is kept'
      }),
      workloads: Type.Array(workload),
      baseline: Nullable(BaselineInfoSchema),
      gate: Nullable(GateOutcomeSchema)
    },
    {
      title: 'concurrency-advisor results file',
      description:
        'What one run of concurrency-advisor measured and recommended (schemaVersion 1), as written by the CLI (--json) and the action (results-path).'
    }
  )
}

const SHARD = Nullable(ShardSchema, {
  description:
    'The share of the config this run measured; null when it measured them all (absent from files written before shards: read as null)'
})

/** A workload's verdict as the engine makes it. */
export const WorkloadResultSchema = WorkloadResultObject
/** The results as the engine makes and this version writes them: types.ts derives its types from it. */
export const ResultsSchema = resultsOf(EnvironmentSchema, WorkloadResultObject, SHARD)
/**
 * The results file as any 1.x may have written it: the schema shipped as dist/results.schema.json and
 * the one reading validates against.
 */
export const ResultsFileSchema = resultsOf(
  StoredEnvironmentSchema,
  StoredWorkloadResultSchema,
  Type.Optional(SHARD)
)

/** A results file as read, before its absent fields are filled in. */
export type StoredResults = Static<typeof ResultsFileSchema>

// A class never contradicts the recommendation it comes with: CLASS_RECOMMENDATIONS is the contract,
// the README's table of classes says the same, and every allowed pair of class and recommendation
// has a synthetic workload that produces it.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FAKE_PYTHON_TRAITS } from '../../src/measure/fake-runtime.ts'
import { NODE_TRAITS } from '../../src/runtimes/node/adapter.ts'
import type { RuntimeTraits } from '../../src/types.ts'
import { summarize } from '../../src/stats/measurements.ts'
import { VERDICT_CLASSES } from '../../src/closed-sets.ts'
import type { Fault, Strategy, VerdictClass } from '../../src/types.ts'
import { CLASS_RECOMMENDATIONS, classify } from '../../src/verdict/classify.ts'
import type { GilFacts } from '../../src/verdict/gil.ts'
import { decide } from '../../src/verdict/recommend.ts'
import { makeRuns } from '../helpers/runs.ts'
import type { RunsShape } from '../helpers/runs.ts'

function verdictOf(shape: RunsShape, traits: RuntimeTraits, gil?: GilFacts) {
  const runs = makeRuns(shape)
  const decision = decide(runs, 0.1)
  const { class: verdictClass, reason } = classify({
    decision,
    measurements: summarize(runs),
    traits,
    ...(gil === undefined ? {} : { gil }),
    margin: 0.1,
    tasks: 100,
    rounds: shape.rounds ?? 6
  })
  return { class: verdictClass, recommendation: decision.recommendation, reason }
}

const raises: Fault = { kind: 'exception', type: 'ValueError', message: 'ValueError: boom' }
const py = FAKE_PYTHON_TRAITS
const node = NODE_TRAITS
/** A free-threaded build whose GIL stayed off, and one whose GIL a module turned back on. */
const gilOff: GilFacts = { state: 'off', enabledBy: [], forcedBy: null }
const byLegacy: GilFacts = { state: 'module', enabledBy: ['legacy'], forcedBy: null }
const forced: GilFacts = { state: 'forced', enabledBy: [], forcedBy: 'PYTHON_GIL=1' }

const pairs: {
  readonly class: VerdictClass
  readonly recommendation: Strategy | null
  readonly traits: RuntimeTraits
  readonly gil?: GilFacts
  readonly shape: RunsShape
  readonly reason: RegExp
}[] = [
  {
    class: 'io-bound',
    recommendation: 'threads',
    traits: py,
    shape: {
      serialCpuUse: 0.01,
      threads: { speedups: { 2: 2, 4: 3.95 }, cpuUse: 0.03 },
      processes: { speedups: { 2: 1.9, 4: 3.8 } }
    },
    reason: /^Waits more than it computes \(serial uses 0\.01 CPU\): threads 3\.95x at 4 workers/
  },
  {
    class: 'loop-overlaps-waits',
    recommendation: 'async',
    traits: py,
    shape: {
      serialCpuUse: 0.02,
      async: { speedups: { 1: 1, 2: 1.9, 4: 3.7 }, cpuUse: 0.05 },
      threads: { speedups: { 2: 1.95, 4: 3.9 }, cpuUse: 0.05 }
    },
    reason:
      /^Waits that one event loop overlaps \(serial uses 0\.02 CPU\): async 3\.70x with 4 calls in flight/
  },
  {
    class: 'blocks-event-loop',
    recommendation: 'threads',
    traits: py,
    shape: {
      serialCpuUse: 0.02,
      async: { speedups: { 1: 0.99, 2: 0.99, 4: 0.98 }, cpuUse: 0.02 },
      threads: { speedups: { 2: 1.96, 4: 3.9 }, cpuUse: 0.05 },
      processes: { speedups: { 2: 1.8, 4: 3.5 }, cpuUse: 0.1 }
    },
    reason: /^The coroutine blocks its event loop: async stays at 0\.99x .* waits synchronously/
  },
  {
    class: 'blocks-event-loop',
    recommendation: 'processes',
    traits: py,
    shape: {
      serialCpuUse: 1,
      async: { speedups: { 1: 1, 2: 0.99, 4: 0.99 }, cpuUse: 1 },
      threads: { speedups: { 2: 0.97, 4: 0.96 }, cpuUse: 1 },
      processes: { speedups: { 2: 1.9, 4: 1.85 }, cpuUse: 1.9 }
    },
    reason: /while processes 1\.90x at 2 workers; it computes on the loop/
  },
  {
    class: 'child-processes',
    recommendation: 'threads',
    traits: node,
    shape: {
      serialCpuUse: 0.9,
      serialChildShare: 0.9,
      threads: { speedups: { 2: 1.8 }, cpuUse: 1.7, childShare: 0.9 },
      processes: { speedups: { 2: 1.75 } }
    },
    reason:
      /^The CPU is spent in child processes the calls start \(0\.8 CPU of serial's 0\.9 CPU\): threads drive them in parallel without a process pool: threads 1\.80x at 2 workers using 1\.7 CPUs; processes 1\.75x/
  },
  {
    class: 'releases-gil',
    recommendation: 'threads',
    traits: py,
    shape: {
      threads: { speedups: { 2: 1.9 }, cpuUse: 1.9 },
      processes: { speedups: { 2: 1.85 } }
    },
    reason: /^CPU-bound but releases the GIL: threads 1\.90x at 2 workers using 1\.9 CPUs/
  },
  {
    class: 'cpu-parallel',
    recommendation: 'threads',
    traits: node,
    shape: {
      threads: { speedups: { 2: 1.9 }, cpuUse: 1.9 },
      processes: { speedups: { 2: 1.85 } }
    },
    reason: /^CPU-bound and runs in parallel in worker_threads: 1\.90x at 2 workers/
  },
  {
    // lxml parsing: part of the work releases the GIL, part holds it.
    class: 'partly-releases-gil',
    recommendation: 'processes',
    traits: py,
    shape: {
      threads: { speedups: { 2: 1.64 }, cpuUse: 1.6 },
      processes: { speedups: { 2: 1.95 } }
    },
    reason:
      /^Part of the work releases the GIL, part holds it: threads 1\.64x at 2 workers using 1\.6 CPUs, processes go further at 1\.95x at 2 workers\.$/
  },
  {
    class: 'partly-serialized-in-process',
    recommendation: 'processes',
    traits: node,
    shape: {
      threads: { speedups: { 2: 1.5 }, cpuUse: 1.5 },
      processes: { speedups: { 2: 1.9 } }
    },
    reason:
      /^Threads run it only partly in parallel \(threads 1\.50x at 2 workers using 1\.5 CPUs\)/
  },
  {
    class: 'gil-bound',
    recommendation: 'processes',
    traits: py,
    shape: { threads: { speedups: { 2: 1.01 } }, processes: { speedups: { 2: 1.9 } } },
    reason:
      /^CPU-bound and holds the GIL: threads 1\.01x at 2 workers using 1\.0 CPU; processes 1\.90x/
  },
  {
    class: 'parallel-without-gil',
    recommendation: 'threads',
    traits: py,
    gil: gilOff,
    shape: {
      threads: { speedups: { 2: 1.9 }, cpuUse: 1.9 },
      processes: { speedups: { 2: 1.85 } }
    },
    reason:
      /^CPU-bound and runs in parallel in threads, since this free-threaded build has no GIL: threads 1\.90x at 2 workers using 1\.9 CPUs; processes 1\.85x/
  },
  {
    // A pure-Python loop on 3.13t whose threads contend for shared objects' reference counts.
    class: 'contended-without-gil',
    recommendation: 'processes',
    traits: py,
    gil: gilOff,
    shape: {
      threads: { speedups: { 2: 0.86 }, cpuUse: 1.9 },
      processes: { speedups: { 2: 1.8 } }
    },
    reason:
      /^Threads do not scale although the GIL is off \(threads 0\.86x at 2 workers using 1\.9 CPUs\): they keep several CPUs busy without going faster: they contend for something inside the process \(shared objects' reference counts, the allocator, a lock they spin on\); processes go further at 1\.80x at 2 workers\.$/
  },
  {
    class: 'gil-enabled-by-module',
    recommendation: 'processes',
    traits: py,
    gil: byLegacy,
    shape: { threads: { speedups: { 2: 1.01 } }, processes: { speedups: { 2: 1.9 } } },
    reason:
      /^The GIL was enabled by importing `legacy`, so threads take turns on this free-threaded build: threads 1\.01x at 2 workers using 1\.0 CPU; processes 1\.90x at 2 workers\. The way out: a release of `legacy` that declares free-threading support \(Py_mod_gil\); PYTHON_GIL=0 keeps the GIL off only at your own risk\.$/
  },
  {
    class: 'serialized-in-process',
    recommendation: 'processes',
    traits: node,
    shape: { threads: { speedups: { 2: 1 } }, processes: { speedups: { 2: 1.9 } } },
    reason:
      /^Threads do not run it in parallel \(threads 1\.00x at 2 workers using 1\.0 CPU\); processes 1\.90x/
  },
  {
    class: 'unsupported-in-threads',
    recommendation: 'processes',
    traits: py,
    shape: {
      threads: { speedups: { 2: 1 }, faults: { 2: raises } },
      processes: { speedups: { 2: 1.9 } }
    },
    reason: /^Fails in ThreadPoolExecutor \(ValueError: boom\); processes 1\.90x at 2 workers\.$/
  },
  {
    class: 'unsupported-in-threads',
    recommendation: 'serial',
    traits: node,
    shape: {
      threads: { speedups: { 2: 1 }, faults: { 2: raises } },
      processes: { speedups: { 2: 0.8 } }
    },
    reason: /^Fails in worker_threads \(ValueError: boom\); serial is what works\.$/
  },
  {
    class: 'overhead-bound',
    recommendation: 'serial',
    traits: py,
    shape: {
      serialWallSeconds: 0.0001,
      threads: { speedups: { 2: 0.01 } },
      processes: { speedups: { 2: 0.001 } }
    },
    reason: /^Calls take 1\.0 µs each/
  },
  {
    class: 'transfer-bound',
    recommendation: 'serial',
    traits: node,
    shape: {
      bytesPerCall: 8e6,
      threads: { speedups: { 2: 0.95 } },
      processes: { speedups: { 2: 0.2 } }
    },
    reason: /^Each call moves 8\.0 MB that processes must copy \(structured clone\)/
  },
  {
    class: 'does-not-scale',
    recommendation: 'serial',
    traits: py,
    shape: { threads: { speedups: { 2: 1 } }, processes: { speedups: { 2: 1.02 } } },
    reason: /^Neither threads nor processes beat serial by more than 10%/
  },
  {
    class: 'failed',
    recommendation: null,
    traits: py,
    shape: {
      serialFault: raises,
      threads: { speedups: { 2: 1 }, faults: { 2: raises } },
      processes: { speedups: { 2: 1 }, faults: { 2: raises } }
    },
    reason:
      /^Every strategy failed: serial: ValueError: boom; threads: ValueError: boom; processes: /
  },
  {
    class: 'not-measured',
    recommendation: null,
    traits: node,
    shape: { rounds: 0, threads: { speedups: { 2: 1 } }, processes: { speedups: { 2: 1 } } },
    reason: /^Not measured: no round completed \(0 rounds\)\.$/
  }
]

describe('class and recommendation', () => {
  it.each(pairs)('$class comes with $recommendation', (pair) => {
    const verdict = verdictOf(pair.shape, pair.traits, pair.gil)
    expect(verdict).toMatchObject({ class: pair.class, recommendation: pair.recommendation })
    expect(verdict.reason).toMatch(pair.reason)
  })

  it('calls threads that drive busy child processes child-processes, even below 1.3 CPUs', () => {
    // esbuild on a loaded 2-CPU machine: serial 0.55 CPU (0.53 in its Go service), threads 1.7x at 1.0 CPU.
    const verdict = verdictOf(
      {
        serialCpuUse: 0.55,
        serialChildShare: 0.96,
        threads: { speedups: { 2: 1.7 }, cpuUse: 1, childShare: 0.96 },
        processes: { speedups: { 2: 1.75 } }
      },
      node
    )
    expect(verdict).toMatchObject({ class: 'child-processes', recommendation: 'threads' })
  })

  it('calls threads that only overlap waits, beaten by processes, partly-releases-gil, not io-bound', () => {
    // Found on a real workload: "waits more than it computes (serial uses 0.6 CPU)", then processes 2.53x.
    const verdict = verdictOf(
      {
        serialCpuUse: 0.6,
        threads: { speedups: { 2: 1.3, 4: 1.4 }, cpuUse: 1 },
        processes: { speedups: { 2: 2.53 } }
      },
      py
    )
    expect(verdict).toMatchObject({ class: 'partly-releases-gil', recommendation: 'processes' })
    expect(verdict.reason).toMatch(
      /^Part of the work waits, which threads overlap, and part holds the GIL/
    )
  })

  it('says where the CPU went when child processes did most of it and the class does not say so', () => {
    const verdict = verdictOf(
      {
        serialCpuUse: 0.6,
        serialChildShare: 0.9,
        threads: { speedups: { 2: 1.6 }, cpuUse: 1, childShare: 0.9 },
        processes: { speedups: { 2: 2.4 } }
      },
      node
    )
    expect(verdict.class).toBe('partly-serialized-in-process')
    expect(verdict.reason).toMatch(
      / Most of its CPU is spent in child processes it starts \(0\.5 CPU of serial's 0\.6 CPU\)\.$/
    )
  })

  it('gives no GIL-based class on a free-threaded build whose GIL stayed off', () => {
    const gilClasses = ['gil-bound', 'releases-gil', 'partly-releases-gil']
    for (const threads of [0.9, 1.5, 1.9])
      for (const processes of [1, 1.9]) {
        const verdict = verdictOf(
          {
            threads: { speedups: { 2: threads }, cpuUse: threads },
            processes: { speedups: { 2: processes } }
          },
          py,
          gilOff
        )
        expect(gilClasses).not.toContain(verdict.class)
        expect(verdict.reason).not.toMatch(/holds the GIL|releases the GIL/)
      }
  })

  it('names the module that turned the GIL on, whatever the class', () => {
    const verdict = verdictOf(
      {
        serialCpuUse: 0.01,
        threads: { speedups: { 2: 2, 4: 3.95 }, cpuUse: 0.03 },
        processes: { speedups: { 2: 1.9, 4: 3.8 } }
      },
      py,
      byLegacy
    )
    expect(verdict.class).toBe('io-bound')
    expect(verdict.reason).toMatch(/ The GIL was enabled by importing `legacy`\.$/)
  })

  it('says when the environment forced the GIL on, with the usual GIL classes', () => {
    const verdict = verdictOf(
      { threads: { speedups: { 2: 1.01 } }, processes: { speedups: { 2: 1.9 } } },
      py,
      forced
    )
    expect(verdict.class).toBe('gil-bound')
    expect(verdict.reason).toMatch(
      / The GIL was forced on \(PYTHON_GIL=1\) on this free-threaded build\.$/
    )
  })

  it('has a case for every pair the contract allows, and the contract names every class', () => {
    const allowed = VERDICT_CLASSES.flatMap((c) =>
      CLASS_RECOMMENDATIONS[c].map((r) => `${c} with ${String(r)}`)
    )
    const covered = pairs.map((p) => `${p.class} with ${String(p.recommendation)}`)
    expect(new Set(covered)).toEqual(new Set(allowed))
  })

  it('never names a class that contradicts the recommendation, over a grid of workloads', () => {
    let checked = 0
    const disagreements: string[] = []
    for (const [traits, gil] of [
      [py, undefined],
      [py, gilOff],
      [py, byLegacy],
      [py, forced],
      [node, undefined]
    ] as const)
      for (const serialCpuUse of [0.05, 0.6, 1])
        for (const childShare of [undefined, 0.9])
          for (const threadsSpeedup of [0.5, 1, 1.3, 1.9, 3.9])
            for (const threadsCpu of [0.2, 1, 1.9])
              for (const processesSpeedup of [0.2, 1, 1.5, 1.9, 4])
                for (const fault of ['none', 'threads', 'processes', 'serial'] as const)
                  for (const bytesPerCall of [20, 8e6]) {
                    const shape: RunsShape = {
                      serialCpuUse,
                      serialChildShare: childShare,
                      bytesPerCall,
                      ...(fault === 'serial' ? { serialFault: raises } : {}),
                      threads: {
                        speedups: { 1: 1, 2: threadsSpeedup },
                        cpuUse: threadsCpu,
                        childShare,
                        ...(fault === 'threads' ? { faults: { 1: raises, 2: raises } } : {})
                      },
                      processes: {
                        speedups: { 1: 1, 2: processesSpeedup },
                        ...(fault === 'processes' ? { faults: { 1: raises, 2: raises } } : {})
                      }
                    }
                    const verdict = verdictOf(shape, traits, gil)
                    checked++
                    if (!CLASS_RECOMMENDATIONS[verdict.class].includes(verdict.recommendation))
                      disagreements.push(
                        `${verdict.class} with ${String(verdict.recommendation)}: ${JSON.stringify(shape)}`
                      )
                  }
    expect(disagreements).toEqual([])
    expect(checked).toBeGreaterThan(1000)
  })

  it('is what the README table of classes says', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('## Verdict classes'))
    const rows = new Map<string, string[]>()
    for (const match of section.matchAll(/^\| `([a-z-]+)` \| .* \| ([^|]+) \|$/gm)) {
      rows.set(match[1]!, match[2]!.trim().split(/, | or /))
    }
    const expected = new Map(
      VERDICT_CLASSES.map((c) => [c, CLASS_RECOMMENDATIONS[c].map((r) => r ?? 'none')])
    )
    expect(rows).toEqual(expected)
  })
})

// The one sentence that explains a verdict's class with the figures that decided it. The class is
// decided in classify.ts; this only writes it out, so a sentence can never pick a different case.

import { formatBytes, formatCpuUse, formatSeconds, formatSpeedup, joinAnd } from '../format.ts'
import type { Measurement, VerdictClass } from '../types.ts'
import type { VerdictFacts } from './classification.ts'
import { gilEnabledText, gilOrDefault } from './gil.ts'
import type { GilFacts } from './gil.ts'

/**
 * The reason sentence for a class, saying also where the CPU went when processes the workload starts
 * took `childShare` or more of serial's CPU and the class itself does not say so, and what turned a
 * free-threaded build's GIL on when it was on.
 */
export function reasonFor(
  verdictClass: VerdictClass,
  facts: VerdictFacts,
  childShare: number
): string {
  const sentence = withGilNote(
    classSentence(verdictClass, facts),
    verdictClass,
    gilOrDefault(facts.input.gil, facts.input.traits)
  )
  const serial = facts.best.serial
  const children = serial?.childCpuSeconds ?? null
  if (
    verdictClass === 'child-processes' ||
    serial === null ||
    children === null ||
    serial.cpuSeconds === null ||
    serial.cpuSeconds <= 0 ||
    children / serial.cpuSeconds < childShare
  )
    return sentence
  return `${sentence} Most of its CPU is spent in child processes it starts (${formatCpuUse(serial.childCpuUse ?? null)} of serial's ${formatCpuUse(serial.cpuUse)}).`
}

/** "`legacy`", "`a` and `b`" */
function moduleList(modules: readonly string[]): string {
  return joinAnd(modules.map((name) => `\`${name}\``))
}

/**
 * On a free-threaded build whose GIL was on, every class says why, so that the module is always named
 * (gil-enabled-by-module says it in its own sentence).
 */
function withGilNote(sentence: string, verdictClass: VerdictClass, gil: GilFacts): string {
  if (verdictClass === 'failed' || verdictClass === 'not-measured') return sentence
  if (gil.state === 'module' && verdictClass !== 'gil-enabled-by-module')
    return `${sentence} The GIL was ${gilEnabledText(gil)}.`
  if (gil.state === 'forced')
    return `${sentence} The GIL was forced on${gil.forcedBy === null ? '' : ` (${gil.forcedBy})`} on this free-threaded build.`
  return sentence
}

function classSentence(verdictClass: VerdictClass, facts: VerdictFacts): string {
  const { decision, traits, margin, rounds } = facts.input
  const { serial, threads, processes } = facts.best
  const names = traits.strategyNames
  const text = phrases(facts)
  const processesNote =
    facts.faults.processes === null
      ? ''
      : `; ${names.processes} fail: ${facts.faults.processes.message}`
  const processesPart = processes === null ? processesNote : `; processes ${text.at(processes)}`
  const threadsPart =
    threads === null ? '' : `threads ${text.at(threads)} using ${text.cpu(threads)}`
  const both = [
    threads === null ? null : `threads ${formatSpeedup(threads.speedup)}`,
    processes === null ? null : `processes ${formatSpeedup(processes.speedup)}`
  ]
    .filter((part) => part !== null)
    .join(', ')

  switch (verdictClass) {
    case 'not-measured':
      return `Not measured: no round completed (${rounds} rounds).`
    case 'failed': {
      const faults = (['serial', 'threads', 'processes'] as const).flatMap((strategy) => {
        const fault = facts.faults[strategy]
        return fault === null ? [] : [`${strategy}: ${fault.message}`]
      })
      return `Every strategy failed: ${faults.join('; ')}.`
    }
    case 'unsupported-in-threads': {
      const rest =
        decision.recommendation === 'serial' || processes === null
          ? 'serial is what works'
          : `processes ${text.at(processes)}`
      return `Fails in ${names.threads} (${facts.faults.threads?.message ?? 'unknown fault'}); ${rest}${processesNote}.`
    }
    case 'io-bound':
      return `Waits more than it computes (serial uses ${formatCpuUse(serial?.cpuUse ?? null)}): ${threadsPart}${processesPart}.`
    case 'child-processes': {
      const source = serial ?? threads
      return `The CPU is spent in child processes the calls start (${formatCpuUse(source?.childCpuUse ?? null)} of ${text.whose(source)} ${formatCpuUse(source?.cpuUse ?? null)}): threads drive them in parallel without a process pool: ${threadsPart}${processesPart}.`
    }
    case 'releases-gil':
      return `CPU-bound but releases the GIL: ${threadsPart}${processesPart}.`
    case 'cpu-parallel':
      return `CPU-bound and runs in parallel in ${names.threads}: ${threads === null ? '' : `${text.at(threads)} using ${text.cpu(threads)}`}${processesPart}.`
    case 'partly-releases-gil': {
      const part = facts.threadsParallel
        ? 'Part of the work releases the GIL, part holds it'
        : 'Part of the work waits, which threads overlap, and part holds the GIL'
      return `${part}: ${threadsPart}, processes go further at ${processes === null ? '–' : text.at(processes)}.`
    }
    case 'partly-serialized-in-process':
      return `Threads run it only partly in parallel (${threadsPart}): something in the process is shared, and processes go further at ${processes === null ? '–' : text.at(processes)}.`
    case 'gil-bound':
      return `CPU-bound and holds the GIL: ${threadsPart}${processesPart}.`
    case 'parallel-without-gil':
      return `CPU-bound and runs in parallel in threads, since this free-threaded build has no GIL: ${threadsPart}${processesPart}.`
    case 'contended-without-gil': {
      // The GIL is off: what stops the threads is inside the process, and their CPU use tells which.
      const what = facts.threadsParallel
        ? "they keep several CPUs busy without going faster: they contend for something inside the process (shared objects' reference counts, the allocator, a lock they spin on)"
        : 'they keep about one CPU busy: something inside the process serializes them (a lock, shared objects they all update)'
      const scaling =
        (threads?.speedup ?? 0) > 1 + margin
          ? 'Threads run it only partly in parallel although the GIL is off'
          : 'Threads do not scale although the GIL is off'
      return `${scaling} (${threadsPart}): ${what}; processes go further at ${processes === null ? '–' : text.at(processes)}.`
    }
    case 'gil-enabled-by-module': {
      const gil = gilOrDefault(facts.input.gil, facts.input.traits)
      const out =
        gil.enabledBy.length === 0
          ? 'a release of that module that declares free-threading support'
          : `a release of ${moduleList(gil.enabledBy)} that declares free-threading support (Py_mod_gil)`
      return `The GIL was ${gilEnabledText(gil)}, so threads take turns on this free-threaded build: ${threadsPart}${processesPart}. The way out: ${out}; PYTHON_GIL=0 keeps the GIL off only at your own risk.`
    }
    case 'serialized-in-process':
      return `Threads do not run it in parallel (${threadsPart})${processesPart}.`
    case 'transfer-bound':
      return `Each call moves ${formatBytes(facts.bytesPerCall)} that processes must copy (${traits.serializer}), more than parallel work saves: ${both}${processesNote}.`
    case 'overhead-bound':
      return `Calls take ${formatSeconds(facts.callSeconds)} each, less than a pool spends handing them out: ${both}${processesNote}.`
    // verdict/async-classes.ts writes these two with the async figures; these are its fallbacks.
    case 'loop-overlaps-waits':
      return `Waits that one event loop overlaps (serial uses ${formatCpuUse(serial?.cpuUse ?? null)}).`
    case 'blocks-event-loop':
      return `The coroutine blocks its event loop: async does not scale while a pool does (${both}).`
    case 'does-not-scale':
      return `Neither threads nor processes beat serial by more than ${Math.round(margin * 100)}% (${both}) though calls take ${formatSeconds(facts.callSeconds)} and move ${formatBytes(facts.bytesPerCall)}: look for a lock or a saturated resource${processesNote}.`
  }
}

/** How a measurement is quoted: at the worker count recommended, when it is the recommended one. */
function phrases(facts: VerdictFacts): {
  at(best: Measurement): string
  cpu(best: Measurement): string
  whose(m: Measurement | null): string
} {
  const { decision, measurements } = facts.input
  // Decisions use each strategy's best worker count; the sentence quotes the recommended strategy at
  // the worker count recommended (the fewest within the margin of its best), so that they agree.
  const shown = (m: Measurement): Measurement =>
    m.strategy === decision.recommendation && decision.workers !== null
      ? (measurements.find((x) => x.strategy === m.strategy && x.workers === decision.workers) ?? m)
      : m
  return {
    at(best) {
      const m = shown(best)
      return `${formatSpeedup(m.speedup)} at ${m.workers} worker${m.workers === 1 ? '' : 's'}`
    },
    cpu: (best) => formatCpuUse(shown(best).cpuUse),
    whose: (m) => (m === null ? '' : `${m.strategy}'s`)
  }
}

// What the reports say about other processes' load, in words, for both the terminal and the PR
// comment: a runner busy throughout (at the top), a run whose rounds could not be checked (once), and
// under a workload, which of its rounds were set aside and why.

import { joinAnd, strategyWithWorkers } from '../format.ts'
import type { Measurement, Results, WorkloadResult } from '../types.ts'

/**
 * The run-level sentences, for the top of a report: the workloads whose runner was busy throughout
 * (their verdicts are best guesses), and, once, the workloads whose rounds could not be checked.
 */
export function runnerNotes(results: Results): RunnerNotes {
  const measured = results.workloads.filter((w) => w.contention !== null && w.contention.turns > 0)
  const busy = measured.filter((w) => w.contention!.busy).map((w) => w.name)
  const unmonitored = measured.filter((w) => !w.contention!.monitored).map((w) => w.name)
  const busyWhich = busy.length === measured.length ? 'throughout' : `for ${joinAnd(busy)}`
  const unmonitoredWhich =
    unmonitored.length === measured.length ? '' : ` of ${joinAnd(unmonitored)}`
  return {
    busy:
      busy.length === 0
        ? null
        : `The runner was busy ${busyWhich}: other processes took the CPUs in most rounds, so ${busy.length === 1 ? 'its verdict is a best guess' : 'those verdicts are best guesses'} from every round, marked uncertain. Run again on a quieter runner to settle ${busy.length === 1 ? 'it' : 'them'}.`,
    unmonitored:
      unmonitored.length === 0
        ? null
        : `The rounds${unmonitoredWhich} were not checked for other processes' load (Linux's scheduler accounting, /proc/PID/task/TID/schedstat, was not available): none was set aside.`
  }
}

/** The run-level sentences; null where there is nothing to say. */
export interface RunnerNotes {
  /** Some workloads' runner was busy throughout: a warning. */
  readonly busy: string | null
  /** Some workloads' rounds could not be checked: said once. */
  readonly unmonitored: string | null
}

/**
 * "Rounds set aside: processes ×4 3 of 11, 2 taken again (the workers waited 0.6 s for a CPU; other
 * processes ran 0.9 s)." for a workload that had some; null otherwise. The reasons say why: other
 * processes, the host (steal, slower CPUs, slow memory), or a first round that may have been warming
 * up, so the heading names none.
 * `where` names a configuration's interpreter where the workload ran on several.
 */
export function setAsideText(
  result: WorkloadResult,
  where: (m: Measurement) => string = () => ''
): string | null {
  // A busy runner's verdict already says why; the counts say where.
  const busy = result.contention?.busy === true
  const parts = result.measurements.flatMap((m) => {
    if (m.setAside.length === 0) return []
    const worst = m.setAside.reduce((a, b) => (b.lostSeconds > a.lostSeconds ? b : a))
    const why = busy ? '' : ` (${worst.reason})`
    const { ran, aside, retaken } = roundCounts(m)
    const again = busy || retaken === 0 ? '' : `, ${retaken} taken again`
    return [
      `${strategyWithWorkers(m.strategy, m.workers)}${where(m)} ${aside} of ${ran}${again}${why}`
    ]
  })
  if (parts.length === 0) return null
  return busy
    ? `Rounds that other processes slowed, counted in the best guess for want of clean ones: ${parts.join(', ')}.`
    : `Rounds set aside: ${parts.join('; ')}.`
}

/**
 * A configuration's rounds: those it ran (counted or set aside), those with a set-aside turn (once,
 * even when its retake was set aside too), and of these the ones that kept a wall: taken again at the
 * end of that round (measure/run.ts), or put back in a busy runner's best guess.
 */
function roundCounts(m: Measurement): { ran: number; aside: number; retaken: number } {
  const aside = new Set(m.setAside.map((turn) => turn.round))
  const retaken = [...aside].filter((round) => (m.wallSamples[round] ?? null) !== null).length
  const counted = m.wallSamples.filter((wall) => wall !== null).length
  return { ran: counted + aside.size - retaken, aside: aside.size, retaken }
}

// The figures of scripts/contention-rounds.ts: for each kind of contender, the contention readings of
// quiet rounds and of rounds beside the neighbour, how much slower those rounds ran, and how the
// contended-round predicate (src/stats/contention.ts) classifies them.
import { CONTENDED_SHARE, judgeRounds } from '../src/stats/contention.ts'
import { pooledNoise } from '../src/stats/pooled-noise.ts'
import type { RoundContention, RuntimeId, Strategy } from '../src/types.ts'

/** One measured turn. */
export interface Turn {
  readonly workload: string
  readonly runtime: RuntimeId
  readonly strategy: Strategy
  readonly workers: number
  /** `warm-up`: the one call per worker before the rounds. */
  readonly phase: 'warm-up' | 'quiet' | 'neighbour'
  /** 0-based round; -1 for the warm-up. */
  readonly round: number
  readonly wallSeconds: number
  readonly cpuSeconds: number | null
  readonly contention: RoundContention | null
  /** Fraction of the turn during which the neighbour was burning a CPU. */
  readonly neighbourFraction: number
  /** The machine's 1-minute load average when the turn ended. */
  readonly load1: number
}

export interface ContentionRun {
  readonly date: string
  readonly cpus: number
  readonly hostCpus: number
  readonly kernel: string
  readonly turns: Turn[]
  /** What each reading cost: wall and CPU microseconds, and the tasks it read. */
  readonly readingMicros: {
    readonly tasks: number
    readonly micros: number
    readonly cpuMicros: number
  }[]
}

/** Prints the figures of a run. */
export function printContentionFigures(run: ContentionRun): void {
  console.log(
    `# Contention readings (${run.date}, ${run.cpus} usable CPUs of ${run.hostCpus}, Linux ${run.kernel})`
  )
  console.log(
    `load average (1 min) during the turns, p10 p50 p90: ${quantiles(run.turns.map((t) => t.load1))}`
  )
  printReadingCost(run)
  const judged = judgeAll(run)
  console.log(
    '\nPer kind of contender: wait per CPU-second run (W/R), share of the CPU time it could have had that it lost to others (lost), and wall time over the median of the quiet block (slowdown); p10 p50 p90. "on": the neighbour burned for at least half the turn.'
  )
  console.log('kind | block | turns | W/R | lost | slowdown')
  for (const kind of [...new Set(judged.map((j) => j.kind))]) {
    for (const [label, select] of BLOCKS) {
      const turns = judged.filter((j) => j.kind === kind && select(j.turn))
      if (turns.length === 0) continue
      console.log(
        `${kind} | ${label} | ${turns.length} | ${quantiles(turns.map((j) => j.waitPerRun))} | ${quantiles(turns.map((j) => j.lostShare))} | ${quantiles(turns.map((j) => j.slowdown))}`
      )
    }
  }
  printThresholds(judged)
  printSlowdownByLoss(judged)
  printLossPredictsSlowdown(judged, run.cpus)
  printNoise(judged)
}

/** A turn with its judgement and its slowdown against its contender's quiet median. */
interface Judged {
  readonly turn: Turn
  readonly kind: string
  /** Its workload and contender: the group its rounds are compared within. */
  readonly group: string
  readonly waitPerRun: number
  readonly lostShare: number
  readonly slowdown: number
}

const BLOCKS: readonly [string, (t: Turn) => boolean][] = [
  ['quiet', (t) => t.phase === 'quiet'],
  ['off', (t) => t.phase === 'neighbour' && t.neighbourFraction === 0],
  ['on', (t) => t.phase === 'neighbour' && t.neighbourFraction >= 0.5]
]

function judgeAll(run: ContentionRun): Judged[] {
  const judged: Judged[] = []
  const groups = new Map<string, Turn[]>()
  for (const turn of run.turns) {
    const key = `${turn.workload}|${kindOf(turn)}`
    groups.set(key, [...(groups.get(key) ?? []), turn])
  }
  for (const turns of groups.values()) {
    const rounds = turns.filter((t) => t.phase !== 'warm-up' && t.contention !== null)
    const warmUp = turns.find((t) => t.phase === 'warm-up')?.contention ?? null
    const first = turns[0]!
    const verdicts = judgeRounds(
      rounds.map((t) => t.contention),
      { workers: first.workers, cpus: run.cpus },
      warmUp === null ? [] : [warmUp]
    )
    const quietMedian = quantile(
      rounds.filter((t) => t.phase === 'quiet').map((t) => t.wallSeconds),
      0.5
    )
    rounds.forEach((turn, index) => {
      const c = turn.contention!
      judged.push({
        turn,
        kind: kindOf(turn),
        group: `${turn.workload}|${kindOf(turn)}`,
        waitPerRun: c.waitSeconds / Math.max(c.runSeconds, 1e-6),
        lostShare: verdicts[index]!.lostShare,
        slowdown: turn.wallSeconds / quietMedian
      })
    })
  }
  return judged
}

/** How candidate thresholds split the rounds: set aside quiet / beside the burning neighbour. */
function printThresholds(judged: readonly Judged[]): void {
  console.log(
    '\nThresholds on the lost share: rounds set aside in each block, and the slowdown of the "on" rounds kept (p50 p90)'
  )
  console.log('threshold | quiet set aside | off set aside | on set aside | on kept: slowdown')
  for (const threshold of [0.02, 0.05, 0.1, 0.2]) {
    const cells = BLOCKS.map(([, select]) => {
      const turns = judged.filter((j) => select(j.turn))
      const aside = turns.filter((j) => j.lostShare > threshold).length
      return `${aside}/${turns.length}`
    })
    const kept = judged.filter((j) => BLOCKS[2]![1](j.turn) && j.lostShare <= threshold)
    const keptText =
      kept.length === 0
        ? 'none'
        : `${quantile(
            kept.map((j) => j.slowdown),
            0.5
          ).toFixed(2)} ${quantile(
            kept.map((j) => j.slowdown),
            0.9
          ).toFixed(2)}`
    console.log(`${threshold} | ${cells.join(' | ')} | ${keptText}`)
  }
}

/** Median slowdown of the rounds in each band of lost share, all blocks together. */
function printSlowdownByLoss(judged: readonly Judged[]): void {
  console.log('\nSlowdown by lost share (all rounds): band | rounds | slowdown p10 p50 p90')
  const bands = [0, 0.02, 0.05, 0.1, 0.2, 0.4, 1.01]
  for (let i = 0; i + 1 < bands.length; i++) {
    const inBand = judged.filter((j) => j.lostShare >= bands[i]! && j.lostShare < bands[i + 1]!)
    if (inBand.length === 0) continue
    console.log(
      `${bands[i]}–${Math.min(1, bands[i + 1]!)} | ${inBand.length} | ${quantiles(inBand.map((j) => j.slowdown))}`
    )
  }
}

/**
 * Whether the lost share measures the slowdown: within each contender of a workload, the slope of
 * log(wall time) on -log(1 - lost share), which is 1 when a round that lost a share s of the CPU it
 * wanted ran 1 / (1 - s) times slower. Only contenders that kept their CPUs busy count (runnable,
 * running or waiting, at least 80% of the time on each CPU they could use): an I/O-bound round loses
 * little time to a busy CPU.
 */
function printLossPredictsSlowdown(judged: readonly Judged[], cpus: number): void {
  console.log(
    '\nDoes the lost share predict the slowdown? Slope of log(wall) on -log(1 - lost) within each CPU-bound contender (1: one for one), and the correlation'
  )
  console.log('kind | rounds | slope | correlation')
  const busy = judged.filter((j) => {
    const c = j.turn.contention!
    const demand = (c.runSeconds + c.waitSeconds) / c.windowSeconds
    return demand >= 0.8 * Math.min(j.turn.workers, cpus)
  })
  const fits = new Map<string, { xy: number; xx: number; yy: number; n: number }>()
  for (const group of new Set(busy.map((j) => j.group))) {
    const rounds = busy.filter((j) => j.group === group)
    if (rounds.length < 3) continue
    const xs = rounds.map((j) => -Math.log(1 - j.lostShare))
    const ys = rounds.map((j) => Math.log(j.turn.wallSeconds))
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length
    const my = ys.reduce((a, b) => a + b, 0) / ys.length
    for (const key of [rounds[0]!.kind, 'all']) {
      const fit = fits.get(key) ?? { xy: 0, xx: 0, yy: 0, n: 0 }
      xs.forEach((x, i) => {
        fit.xy += (x - mx) * (ys[i]! - my)
        fit.xx += (x - mx) ** 2
        fit.yy += (ys[i]! - my) ** 2
        fit.n++
      })
      fits.set(key, fit)
    }
  }
  for (const [key, { xy, xx, yy, n }] of fits) {
    console.log(`${key} | ${n} | ${(xy / xx).toFixed(2)} | ${(xy / Math.sqrt(xx * yy)).toFixed(2)}`)
  }
}

/**
 * The per-turn noise the evidence rule would see (stats/evidence.ts pooledNoise over a workload's
 * contenders), from all rounds of a block and from its clean rounds only.
 */
function printNoise(judged: readonly Judged[]): void {
  console.log(
    `\nPer-turn noise of each workload (pooled over its contenders), all rounds / clean rounds only (lost share <= ${CONTENDED_SHARE}); "-": too few rounds`
  )
  console.log('workload | quiet block | neighbour block')
  const columns: [number[], number[], number[], number[]] = [[], [], [], []]
  for (const workload of new Set(judged.map((j) => j.turn.workload))) {
    const cells = (['quiet', 'neighbour'] as const).flatMap((phase, p) => {
      const turns = judged.filter((j) => j.turn.workload === workload && j.turn.phase === phase)
      return [false, true].map((cleanOnly, c) => {
        const noise = pooledNoise(tableOf(turns, cleanOnly))
        if (noise !== null) columns[2 * p + c]!.push(noise.turnSigma)
        return noise === null ? '-' : noise.turnSigma.toFixed(3)
      })
    })
    console.log(`${workload} | ${cells[0]} / ${cells[1]} | ${cells[2]} / ${cells[3]}`)
  }
  const middle = (values: number[]): string =>
    values.length === 0 ? '-' : quantile(values, 0.5).toFixed(3)
  console.log(
    `median | ${middle(columns[0])} / ${middle(columns[1])} | ${middle(columns[2])} / ${middle(columns[3])}`
  )
}

/** Wall times by contender (rows) and round (columns); null for a turn set aside. */
function tableOf(turns: readonly Judged[], cleanOnly: boolean): (number | null)[][] {
  const kinds = [...new Set(turns.map((j) => j.kind))]
  const rounds = [...new Set(turns.map((j) => j.turn.round))].sort((a, b) => a - b)
  return kinds.map((kind) =>
    rounds.map((round) => {
      const j = turns.find((t) => t.kind === kind && t.turn.round === round)
      return j === undefined || (cleanOnly && j.lostShare > CONTENDED_SHARE)
        ? null
        : j.turn.wallSeconds
    })
  )
}

function printReadingCost(run: ContentionRun): void {
  const readings = run.readingMicros
  const column = (values: readonly number[]): string =>
    values.length === 0 ? 'not recorded' : `${quantiles(values, 0)} µs`
  // Runs saved before the CPU time was recorded have none.
  const cpu = readings.flatMap((r) => (typeof r.cpuMicros === 'number' ? [r.cpuMicros] : []))
  const tasks = quantiles(
    readings.map((r) => r.tasks),
    0
  )
  console.log(
    `what a reading costs, p10 p50 p90: wall time ${column(readings.map((r) => r.micros))}, CPU time ${column(cpu)}, for ${tasks} tasks`
  )
}

function kindOf(turn: Turn): string {
  return `${turn.runtime} ${turn.strategy}${turn.strategy === 'serial' ? '' : ` ×${turn.workers}`}`
}

function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

function quantiles(values: readonly number[], digits = 2): string {
  return [0.1, 0.5, 0.9].map((q) => quantile(values, q).toFixed(digits)).join(' ')
}

// --dry-run: the workloads a run would measure, printed without measuring anything; with --shard, the
// shard's workloads with their weights and how the whole split came out, so that a matrix can be
// checked before it costs CI minutes.

import { splitBasis } from '../config/shard.ts'
import { formatSeconds } from '../format.ts'
import type { Config, Shard } from '../types.ts'

/** What a run of `config` (already narrowed to its shard) would measure. */
export function renderDryRun(config: Config, shard: Shard | null): string {
  const names = config.workloads.map((spec) => spec.name)
  const rows = (): string[] => {
    const width = Math.max(0, ...names.map((name) => name.length))
    return config.workloads.map((spec) => {
      const planned = shard?.workloads.find((w) => w.name === spec.name)
      const text = planned === undefined ? '' : weightText(planned)
      const weight = text === '' ? '' : `  ${text}`
      return `  ${spec.name.padEnd(width)}  ${spec.runtime.padEnd(6)}  ${spec.module} ${spec.function}${weight}`
    })
  }
  if (shard === null) {
    return `${[`${config.file}: ${count(names.length)} would be measured (dry run: nothing measured)`, ...rows()].join('\n')}\n`
  }
  const mine = shard.workloads.filter((w) => w.shard === shard.index)
  const weighed = shard.workloads.some((w) => w.weightSeconds !== null)
  const head =
    `Shard ${shard.index}/${shard.count} of ${config.file}: ${mine.length} of ${count(shard.workloads.length)}` +
    `${weighed ? `, ${formatSeconds(total(mine))}` : ''}, split ${splitBasis(shard)} (dry run: nothing measured)`
  const all = Array.from({ length: shard.count }, (_, i) => {
    const held = shard.workloads.filter((w) => w.shard === i + 1)
    return `${i + 1}: ${count(held.length)}${weighed ? `, ${formatSeconds(total(held))}` : ''}`
  })
  const empty = mine.length === 0 ? ['  (no workload: this shard would measure nothing)'] : []
  return `${[head, ...rows(), ...empty, `All shards: ${all.join(' · ')}`].join('\n')}\n`
}

function weightText(planned: Shard['workloads'][number]): string {
  if (planned.weightSeconds === null) return ''
  const seconds = formatSeconds(planned.weightSeconds)
  return planned.estimated ? `${seconds} (the median: not in the weights files)` : seconds
}

function total(workloads: Shard['workloads']): number {
  return workloads.reduce((sum, w) => sum + (w.weightSeconds ?? 0), 0)
}

function count(n: number): string {
  return `${n} workload${n === 1 ? '' : 's'}`
}

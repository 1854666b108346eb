// The workloads a CLI run measures: the config's, narrowed by --only, then to one shard of --shard K/N
// (balanced by the wall times in the --shard-weights files).

import { resolve } from 'node:path'
import { shardConfig, weightsFrom } from '../config/shard.ts'
import { UsageError } from '../errors.ts'
import { readResults } from '../results/file.ts'
import type { Config, Results, Shard } from '../types.ts'
import type { CliSettings } from './args.ts'

/** The config narrowed to what this run measures, and the split it is a shard of (or null). */
export async function selectWorkloads(
  loaded: Config,
  settings: Pick<CliSettings, 'config' | 'only' | 'shard' | 'shardWeights'>,
  cwd: string
): Promise<{ readonly config: Config; readonly shard: Shard | null }> {
  const unknown = settings.only.filter((name) => !loaded.workloads.some((w) => w.name === name))
  if (unknown.length > 0) {
    throw new UsageError(
      `--only: no workload named ${JSON.stringify(unknown[0])} in ${settings.config}; it has ${loaded.workloads.map((w) => w.name).join(', ')}`
    )
  }
  const config =
    settings.only.length === 0
      ? loaded
      : { ...loaded, workloads: loaded.workloads.filter((w) => settings.only.includes(w.name)) }
  if (settings.shard === null) return { config, shard: null }
  const runs: Results[] = []
  for (const file of settings.shardWeights) {
    const path = resolve(cwd, file)
    try {
      runs.push(await readResults(path))
    } catch (error) {
      if (error instanceof UsageError)
        throw new UsageError(`--shard-weights: ${error.message.replace(path, file)}`)
      throw error
    }
  }
  const weights = runs.length === 0 ? null : weightsFrom(settings.shardWeights, runs)
  return shardConfig(config, settings.shard, weights)
}

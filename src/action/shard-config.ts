// Mode measure with `shard`: the config narrowed to this job's shard, balanced by the wall times in
// the `shard-weights` files (files, directories or globs, as `results` takes them).

import * as core from '@actions/core'
import { shardConfig, shardLine, weightsFrom } from '../config/shard.ts'
import type { Config, Shard } from '../types.ts'
import type { ActionSettings } from './inputs.ts'
import { loadRuns } from './results-files.ts'

/** The share of `config` this job measures, and the split it is a shard of (null: not sharded). */
export async function selectShard(
  settings: ActionSettings,
  config: Config
): Promise<{ readonly config: Config; readonly shard: Shard | null }> {
  if (settings.shard === null) return { config, shard: null }
  const runs =
    settings.shardWeights.length === 0
      ? []
      : await loadRuns(settings.shardWeights, settings.workingDirectory, 'shard-weights')
  const weights =
    runs.length === 0
      ? null
      : weightsFrom(
          runs.map((run) => run.source),
          runs.map((run) => run.results)
        )
  const selected = shardConfig(config, settings.shard, weights)
  core.info(shardLine(selected.shard))
  return selected
}

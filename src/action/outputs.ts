// What the action leaves behind besides the comment: step outputs for later steps, the job summary,
// and a warning annotation on the config line of each workload whose declared `uses` lost.

import * as core from '@actions/core'
import { relative, resolve, sep } from 'node:path'
import { strategyWithWorkers } from '../format.ts'
import type { Config, Results } from '../types.ts'
import { comparisonsOf, gatedVerdict } from '../verdict/gate.ts'
import type { ActionSettings } from './inputs.ts'

/** GitHub keeps up to 1 MiB of summary per step. */
export const SUMMARY_MAX_BYTES = 1024 * 1024

/**
 * The `results-path`, `recommendations`, `mismatches`, `differs`, `gate` and `regressions` outputs
 * of a measuring run.
 */
export function setResultOutputs(results: Results, resultsPath: string): void {
  core.setOutput('results-path', resultsPath)
  const recommendations = Object.fromEntries(
    results.workloads.map((w) => [w.name, w.recommendation])
  )
  core.setOutput('recommendations', JSON.stringify(recommendations))
  core.setOutput(
    'mismatches',
    JSON.stringify(results.workloads.filter((w) => w.mismatch).map((w) => w.name))
  )
  // One run has nothing to differ from; report mode sets the workloads whose verdict changes.
  core.setOutput('differs', '[]')
  core.setOutput('gate', results.gate === null ? 'off' : results.gate.failed ? 'failed' : 'passed')
  core.setOutput(
    'regressions',
    JSON.stringify(
      results.workloads
        .filter((w) => comparisonsOf(w).some(({ comparison }) => comparison.regression))
        .map((w) => w.name)
    )
  )
}

/** The run's page, where the job summary holds the untrimmed report. */
export function runPageUrl(settings: ActionSettings): string | null {
  const { serverUrl, repository, runId } = settings.run
  return repository === null || runId === null
    ? null
    : `${serverUrl}/${repository}/actions/runs/${runId}`
}

/** The `comment-url` output: the comment's address, or empty when none was written. */
export function setCommentUrl(url: string | null): void {
  core.setOutput('comment-url', url ?? '')
}

/** Appends the report to the job summary; outside a runner (no GITHUB_STEP_SUMMARY) it is skipped. */
export async function writeJobSummary(report: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('GITHUB_STEP_SUMMARY is not set: no job summary written.')
    return
  }
  await core.summary.addRaw(report, true).write()
}

/**
 * A warning on the config line of each mismatched workload, so that the pull request's diff shows it.
 * Paths in annotations are relative to the checkout (GITHUB_WORKSPACE).
 */
export function annotateMismatches(results: Results, config: Config, workspace: string): void {
  const file = relative(workspace, resolve(config.baseDir, config.file)).split(sep).join('/')
  for (const workload of results.workloads) {
    // With several interpreters, `uses` is checked against the first one's own verdict.
    const gated = gatedVerdict(workload)
    if (!workload.mismatch || gated.recommendation === null) continue
    const line = config.workloads.find((spec) => spec.name === workload.name)?.line
    const best = strategyWithWorkers(gated.recommendation, gated.workers)
    const where = gated.on === null ? '' : ` on ${gated.on}`
    core.warning(
      `${workload.name}: the config declares \`uses: ${workload.uses}\`, but ${best} measured best${where}. ${gated.reason}`,
      {
        title: 'concurrency-advisor: uses mismatch',
        file,
        ...(line === undefined ? {} : { startLine: line })
      }
    )
  }
}

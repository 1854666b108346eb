// The action: inputs -> config -> engine -> results file -> report -> job summary -> comment -> outputs
// (modes measure-and-comment and measure), or inputs -> results files -> one report across runners
// (mode report, report-mode.ts). The only place that fails the step. A UsageError fails it with its
// one line (exit 2); a failed gate (`fail-on`) fails it after everything is published (exit 1); a
// workload's fault is data in the report, never a failed step; a comment that cannot be written is a
// warning, because the report is already in the job summary.

import * as core from '@actions/core'
import { advise } from '../engine.ts'
import { loadConfig } from '../config/load.ts'
import { formatError, GateFailure, UsageError } from '../errors.ts'
import { commentBodyLimit } from '../github/comment.ts'
import { readPullRequest } from '../github/pull-request.ts'
import type { PullRequestInfo } from '../github/pull-request.ts'
import { renderReport } from '../report/markdown.ts'
import { readResults, writeResults } from '../results/file.ts'
import { createProgressPrinter } from '../report/progress.ts'
import { gateLines } from '../report/terminal.ts'
import type { Baseline, Results, RunContext } from '../types.ts'
import { checkOutBase } from './base-worktree.ts'
import { readSettings } from './inputs.ts'
import type { ActionSettings } from './inputs.ts'
import {
  annotateMismatches,
  runPageUrl,
  setCommentUrl,
  setResultOutputs,
  SUMMARY_MAX_BYTES,
  writeJobSummary
} from './outputs.ts'
import { publishComment } from './publish.ts'
import { reportRuns } from './report-mode.ts'
import { selectShard } from './shard-config.ts'

/** Runs the action; never throws, sets the step's result instead. */
export async function run(): Promise<void> {
  // A cancelled job gets SIGINT, then SIGTERM: stop measuring and still publish what was measured.
  const controller = new AbortController()
  const stop = (): void => controller.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    const settings = readSettings()
    switch (settings.mode) {
      case 'report':
        await reportRuns(settings)
        break
      case 'measure':
      case 'measure-and-comment':
        await adviseAndReport(settings, controller.signal)
        break
    }
  } catch (error) {
    core.setFailed(
      error instanceof UsageError || error instanceof GateFailure
        ? error.message
        : formatError(error)
    )
    if (error instanceof UsageError || error instanceof GateFailure)
      process.exitCode = error.exitCode
    if (error instanceof Error && !(error instanceof UsageError)) core.debug(error.stack ?? '')
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}

async function adviseAndReport(settings: ActionSettings, signal: AbortSignal): Promise<void> {
  // No core.setSecret(token): it prints `::add-mask::<token>` to stdout, which shows the token
  // anywhere but on a runner, and on a runner the token (github.token or a secret) is masked already.
  const { config, shard } = await selectShard(
    settings,
    await loadConfig(settings.config, {
      cwd: settings.workingDirectory,
      python: settings.python,
      pythonSource: 'action input python'
    })
  )
  const pullRequest = await readPullRequest(settings.run.eventPath, settings.run.repository)
  const base = await prepareBaseline(settings, pullRequest)
  let results: Results
  try {
    results = await advise(config, {
      budgetSeconds: settings.budgetSeconds,
      context: runContext(settings, pullRequest),
      onProgress: createProgressPrinter(process.stdout),
      signal,
      baseline: base.baseline,
      strictBaseline: settings.strictBaseline,
      threshold: settings.threshold,
      failOn: settings.failOn,
      predictCpus: settings.predictCpus,
      shard
    })
  } finally {
    await base.remove()
  }
  await writeResults(settings.resultsPath, results)
  core.info(`Results written to ${settings.resultsPath}`)

  const runUrl = runPageUrl(settings)
  const title = reportTitle(settings)
  await writeJobSummary(
    renderReport(results, {
      title,
      maxLength: SUMMARY_MAX_BYTES - 1024,
      measure: (text) => Buffer.byteLength(text),
      limitName: "GitHub's 1 MiB limit for a job summary"
    })
  )
  annotateMismatches(results, config, settings.run.workspace)
  setResultOutputs(results, settings.resultsPath)

  if (settings.mode === 'measure') {
    // Measure mode never calls the GitHub API, so it is safe on a fork's read-only token: a later
    // job or workflow reads the uploaded results file and comments (mode report).
    core.info(
      'mode: measure: no comment is written; upload the results file (the results-path output) for a report job.'
    )
    setCommentUrl(null)
  } else {
    const report = renderReport(results, {
      title,
      maxLength: commentBodyLimit(settings.jobKey),
      fullReportUrl: runUrl
    })
    setCommentUrl(await publishComment(settings, pullRequest, settings.jobKey, report))
  }

  // The gate comes last, once the report, comment and outputs are out: run() fails the step with it.
  if (results.gate !== null) {
    const lines = gateLines(results.gate)
    if (results.gate.failed) throw new GateFailure(lines.join('\n'))
    core.info(lines.join('\n'))
  }
}

/** The baseline the inputs ask for: a results file, or the base commit checked out beside the head. */
async function prepareBaseline(
  settings: ActionSettings,
  pullRequest: PullRequestInfo | null
): Promise<{ readonly baseline: Baseline | null; readonly remove: () => Promise<void> }> {
  const none = { baseline: null, remove: () => Promise.resolve() }
  if (settings.baseline !== null) {
    try {
      const results = await readResults(settings.baseline)
      return { ...none, baseline: { kind: 'file', source: settings.baseline, results } }
    } catch (error) {
      if (error instanceof UsageError)
        throw new UsageError(`action input: baseline: ${error.message}`)
      throw error
    }
  }
  if (settings.compare === 'none') return none
  const sha = pullRequest?.baseSha ?? null
  if (sha === null) {
    core.warning(
      'compare: base needs a pull request event with a base commit; measuring without a comparison.'
    )
    return none
  }
  const worktree = await checkOutBase(settings.workingDirectory, sha)
  core.info(`Measuring the base commit ${sha.slice(0, 12)} alongside, from ${worktree.dir}`)
  return {
    baseline: {
      kind: 'checkout',
      source: `base commit ${sha.slice(0, 12)}`,
      dir: worktree.dir,
      sha
    },
    remove: worktree.remove
  }
}

/** Everything a later report needs to know about where this run happened. */
function runContext(settings: ActionSettings, pullRequest: PullRequestInfo | null): RunContext {
  return {
    runner: settings.runnerLabel,
    repository:
      settings.run.repository ??
      (pullRequest === null ? null : `${pullRequest.owner}/${pullRequest.repo}`),
    pullRequest: pullRequest?.number ?? null,
    headSha: pullRequest?.headSha ?? settings.run.sha,
    baseSha: pullRequest?.baseSha ?? null,
    runId: settings.run.runId,
    job: settings.jobKey
  }
}

/** The heading names the job key when it was chosen (a matrix), so that the comments tell apart. */
function reportTitle(settings: ActionSettings): string {
  const chosen = settings.jobKey !== 'default' && settings.jobKey !== settings.run.job
  return chosen ? `Concurrency advisor: ${settings.jobKey}` : 'Concurrency advisor'
}

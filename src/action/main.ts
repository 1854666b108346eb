// The action: inputs -> config -> engine -> results file -> report -> job summary -> comment -> outputs.
// The only place that fails the step. A UsageError fails it with its one line (exit 2); a workload's
// fault is data in the report, never a failed step; a comment that cannot be written is a warning,
// because the report is already in the job summary.

import * as core from '@actions/core'
import { advise } from '../engine.ts'
import { loadConfig } from '../config/load.ts'
import { formatError, UsageError } from '../errors.ts'
import { createGitHubClient } from '../github/client.ts'
import { commentBodyLimit, httpStatusOf, upsertComment } from '../github/comment.ts'
import { readPullRequest } from '../github/pull-request.ts'
import type { PullRequestInfo } from '../github/pull-request.ts'
import { renderReport } from '../report/markdown.ts'
import { writeResults } from '../report/results-json.ts'
import { createProgressPrinter } from '../report/terminal.ts'
import type { RunContext } from '../types.ts'
import { readSettings } from './inputs.ts'
import type { ActionSettings } from './inputs.ts'
import {
  annotateMismatches,
  setCommentUrl,
  setResultOutputs,
  SUMMARY_MAX_BYTES,
  writeJobSummary
} from './outputs.ts'

/** Runs the action; never throws, sets the step's result instead. */
export async function run(): Promise<void> {
  // A cancelled job gets SIGINT, then SIGTERM: stop measuring and still publish what was measured.
  const controller = new AbortController()
  const stop = (): void => controller.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    await adviseAndReport(readSettings(), controller.signal)
  } catch (error) {
    core.setFailed(error instanceof UsageError ? error.message : formatError(error))
    if (error instanceof UsageError) process.exitCode = error.exitCode
    if (error instanceof Error && !(error instanceof UsageError)) core.debug(error.stack ?? '')
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}

async function adviseAndReport(settings: ActionSettings, signal: AbortSignal): Promise<void> {
  // No core.setSecret(token): it prints `::add-mask::<token>` to stdout, which shows the token
  // anywhere but on a runner, and on a runner the token (github.token or a secret) is masked already.
  const config = await loadConfig(settings.config, {
    cwd: settings.workingDirectory,
    python: settings.python
  })
  const pullRequest = await readPullRequest(settings.run.eventPath, settings.run.repository)
  const results = await advise(config, {
    budgetSeconds: settings.budgetSeconds,
    context: runContext(settings, pullRequest),
    onProgress: createProgressPrinter(process.stdout),
    signal
  })
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

  const report = renderReport(results, {
    title,
    maxLength: commentBodyLimit(settings.jobKey),
    fullReportUrl: runUrl
  })
  setCommentUrl(await publishComment(settings, pullRequest, report))

  // Merge gates (`fail-on`) are a later issue. They go here, once the report, comment and outputs are
  // out: a failed gate throws GateFailure, and run() fails the step with its message.
  if (settings.failOn !== 'never') {
    core.info(
      `fail-on: ${settings.failOn} is accepted, but the gates are not built yet: this run does not fail on it.`
    )
  }
}

/** Upserts the sticky comment when there is a pull request; returns its URL or null. */
async function publishComment(
  settings: ActionSettings,
  pullRequest: PullRequestInfo | null,
  report: string
): Promise<string | null> {
  if (!settings.comment) {
    core.info('comment: false: the report is in the job summary only.')
    return null
  }
  if (pullRequest === null) {
    const event = settings.run.eventName ?? 'this'
    core.info(`No pull request in the ${event} event: the report is in the job summary only.`)
    return null
  }
  if (settings.token === null) {
    core.warning(
      'No github-token was given: the pull-request comment is skipped; the report is in the job summary.'
    )
    return null
  }
  const unit = settings.run.retryUnitMs
  const client = createGitHubClient(settings.token, {
    baseUrl: settings.run.apiUrl,
    retryUnitMs: unit
  })
  try {
    const outcome = await upsertComment(client, pullRequest, settings.jobKey, report, {
      createRetryDelaysMs: [1, 4, 9].map((units) => units * unit)
    })
    if (outcome.status === 'forbidden') {
      const why = pullRequest.fork
        ? 'This pull request comes from a fork, and GitHub gives its runs a read-only token.'
        : 'Give the job `permissions: pull-requests: write`.'
      core.warning(
        `Could not write the pull-request comment (HTTP ${outcome.httpStatus}: ${outcome.message}). ${why} ` +
          'The report is in the job summary.'
      )
      return null
    }
    core.info(`Pull-request comment ${outcome.status}: ${outcome.url}`)
    return outcome.url
  } catch (error) {
    if (httpStatusOf(error) === null) throw error
    core.warning(
      `Could not write the pull-request comment: ${formatError(error)}. The report is in the job summary.`
    )
    return null
  }
}

function runContext(settings: ActionSettings, pullRequest: PullRequestInfo | null): RunContext {
  return {
    runner: settings.run.runner,
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

function runPageUrl(settings: ActionSettings): string | null {
  const { serverUrl, repository, runId } = settings.run
  return repository === null || runId === null
    ? null
    : `${serverUrl}/${repository}/actions/runs/${runId}`
}

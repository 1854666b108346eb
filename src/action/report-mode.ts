// Mode report: read the results files of other jobs (a matrix over runners and shards) or of the run a
// `workflow_run` follows, join each runner's shards and merge the runners as `concurrency-advisor
// report` does (results/combine.ts), and publish one report across the runners: the job summary
// always, the sticky comment when the files agree on a pull request of this repository and that pull
// request's head is the commit they measured. Then `fail-on` is applied to the merged verdicts.
// Nothing is measured and no checkout is needed.

import * as core from '@actions/core'
import type { GitHubClient } from '../github/client.ts'
import { commentBodyLimit } from '../github/comment.ts'
import { readEventCommit } from '../github/event-commit.ts'
import { renderRunnersReport } from '../report/markdown-runners.ts'
import { combineRuns } from '../results/combine.ts'
import type { MergedRuns } from '../results/merge.ts'
import { formatError, GateFailure } from '../errors.ts'
import { gateLines } from '../report/terminal.ts'
import { httpStatusOf } from '../github/comment.ts'
import type { ActionSettings } from './inputs.ts'
import { runPageUrl, setCommentUrl, SUMMARY_MAX_BYTES, writeJobSummary } from './outputs.ts'
import { publishComment } from './publish.ts'
import type { CommentTarget } from './publish.ts'
import { reportTarget } from './report-target.ts'
import { loadRuns } from './results-files.ts'

/**
 * Reads the results files, writes the summary and outputs, comments when it may, and throws
 * GateFailure last when the merged verdicts fail `fail-on`.
 */
export async function reportRuns(settings: ActionSettings): Promise<void> {
  const runs = await loadRuns(settings.results, settings.workingDirectory)
  core.info(`Read ${runs.length} results files: ${runs.map((run) => run.source).join(', ')}`)
  const { merged, notes: joinNotes, gate } = combineRuns(runs, settings.failOn)
  for (const note of joinNotes) core.warning(note)
  const decision = reportTarget(
    runs,
    settings.run.repository,
    await readEventCommit(settings.run.eventPath)
  )
  const notes = [...joinNotes]
  if (decision.kind === 'refused') {
    core.warning(decision.message)
    notes.push(decision.message)
  } else if (decision.kind === 'none') {
    core.info(decision.message)
    notes.push(decision.message)
  }
  const title = reportTitle(settings, merged)
  await writeJobSummary(
    renderRunnersReport(merged, {
      title,
      notes,
      gate,
      maxLength: SUMMARY_MAX_BYTES - 1024,
      measure: (text) => Buffer.byteLength(text),
      limitName: "GitHub's 1 MiB limit for a job summary"
    })
  )
  setRunnersOutputs(merged)
  core.setOutput('gate', gate === null ? 'off' : gate.failed ? 'failed' : 'passed')
  if (decision.kind === 'comment') {
    const report = renderRunnersReport(merged, {
      title,
      notes: joinNotes,
      gate,
      maxLength: commentBodyLimit(settings.jobKey),
      fullReportUrl: runPageUrl(settings)
    })
    const target: CommentTarget = { ...decision.target, fork: null }
    setCommentUrl(
      await publishComment(settings, target, settings.jobKey, report, (client, pr) =>
        confirmHead(client, pr, decision.headShas)
      )
    )
  } else setCommentUrl(null)
  // The gate comes last, once the report, comment and outputs are out: run() fails the step with it.
  if (gate !== null) {
    if (gate.failed) throw new GateFailure(gateLines(gate).join('\n'))
    core.info(gateLines(gate).join('\n'))
  }
}

/**
 * The pull request's head must be a commit the results measured: results that name a pull request
 * they were not measured on (a fork's forged file, or a run overtaken by a newer push) are not posted.
 */
async function confirmHead(
  client: GitHubClient,
  target: CommentTarget,
  headShas: readonly string[]
): Promise<string | null> {
  let head: string
  try {
    const { data } = await client.rest.pulls.get({
      owner: target.owner,
      repo: target.repo,
      pull_number: target.number
    })
    head = data.head.sha
  } catch (error) {
    const status = httpStatusOf(error)
    if (status === null) throw error
    return `Could not read pull request #${target.number} of ${target.owner}/${target.repo} to check its head commit (HTTP ${status}: ${formatError(error)}); the job needs \`permissions: pull-requests: write\`.`
  }
  if (headShas.includes(head)) return null
  const measured = headShas.length === 0 ? 'no commit named' : headShas.join(', ')
  return `Pull request #${target.number} is at commit ${head}, but the results are for ${measured}: they may be stale (a newer push) or not from this pull request.`
}

/** `recommendations`: run label to workload to verdict; `mismatches` and `differs`: workload names. */
function setRunnersOutputs(merged: MergedRuns): void {
  core.setOutput('results-path', '')
  const recommendations = Object.fromEntries(
    merged.runs.map((run) => [
      run.label,
      Object.fromEntries(run.results.workloads.map((w) => [w.name, w.recommendation]))
    ])
  )
  core.setOutput('recommendations', JSON.stringify(recommendations))
  const mismatched = merged.workloads.filter((w) => w.results.some((r) => r?.mismatch === true))
  core.setOutput('mismatches', JSON.stringify(mismatched.map((w) => w.name)))
  core.setOutput(
    'differs',
    JSON.stringify(merged.workloads.filter((w) => w.differs).map((w) => w.name))
  )
}

function reportTitle(settings: ActionSettings, merged: MergedRuns): string {
  const count = merged.runs.length
  const across = `across ${count} runner${count === 1 ? '' : 's'}`
  return settings.jobKey === 'report'
    ? `Concurrency advisor ${across}`
    : `Concurrency advisor: ${settings.jobKey}, ${across}`
}

// Which pull request report mode comments on. The number comes from the results files, not from the
// event: under `workflow_run` the event's pull_requests list is empty for a fork's pull request. The
// files are not trusted for it, though: they may have been written by a fork's code, so they must agree
// with each other, be from this repository, and be about the commit the triggering event names; the
// pull request's own head is checked through the API before the comment is written (report-mode.ts).

import type { IssueTarget } from '../github/pull-request.ts'
import { splitRepository } from '../github/pull-request.ts'
import type { RunInput } from '../results/merge.ts'

export type ReportTarget =
  /** Comment on this pull request, once its head is confirmed to be one of `headShas`. */
  | {
      readonly kind: 'comment'
      readonly target: IssueTarget
      readonly headShas: readonly string[]
    }
  /** No comment, as expected: the runs were not for a pull request (push, schedule). */
  | { readonly kind: 'none'; readonly message: string }
  /** No comment, because the files do not agree or do not fit this run: a warning. */
  | { readonly kind: 'refused'; readonly message: string }

const SUMMARY_ONLY = 'no comment was written; the report is in the job summary.'

/**
 * Decides the comment's pull request from the runs' context. `repository` is GITHUB_REPOSITORY;
 * `eventCommit` the head commit the event names (null when it names none).
 */
export function reportTarget(
  runs: readonly RunInput[],
  repository: string | null,
  eventCommit: string | null
): ReportTarget {
  const numbers = runs.map((run) => run.results.context?.pullRequest ?? null)
  // The files cross a trust boundary; a number that is not one is not followed anywhere.
  const odd = numbers.findIndex((n) => n !== null && !(Number.isInteger(n) && n > 0))
  if (odd >= 0) {
    return {
      kind: 'refused',
      message: `${runs[odd]!.source} names pull request ${JSON.stringify(numbers[odd])}, which is not a pull-request number: ${SUMMARY_ONLY}`
    }
  }
  const named = [...new Set(numbers.filter((n) => n !== null))]
  if (named.length === 0) {
    return {
      kind: 'none',
      message: `None of the ${runs.length} results files names a pull request (a push, schedule or manual run): ${SUMMARY_ONLY}`
    }
  }
  if (named.length > 1 || numbers.includes(null)) {
    const list = runs.map(
      (run, i) => `${numbers[i] === null ? 'none' : `#${numbers[i]}`} in ${run.source}`
    )
    return {
      kind: 'refused',
      message: `The results files name different pull requests (${list.join('; ')}): ${SUMMARY_ONLY}`
    }
  }
  const foreign = runs.find((run) => {
    const own = run.results.context?.repository ?? null
    return own !== null && repository !== null && own !== repository
  })
  if (foreign !== undefined) {
    return {
      kind: 'refused',
      message: `${foreign.source} was measured in ${foreign.results.context!.repository}, not in ${repository}: ${SUMMARY_ONLY}`
    }
  }
  const heads = runs.map((run) => run.results.context?.headSha ?? null)
  if (eventCommit !== null) {
    const other = runs.findIndex((_, i) => heads[i] !== eventCommit)
    if (other >= 0) {
      return {
        kind: 'refused',
        message: `${runs[other]!.source} was measured on commit ${heads[other] ?? '(none named)'}, but this run is for commit ${eventCommit}: ${SUMMARY_ONLY}`
      }
    }
  }
  const name = splitRepository(repository ?? runs[0]!.results.context?.repository ?? null)
  if (name === null) {
    return {
      kind: 'refused',
      message: `No repository is known (GITHUB_REPOSITORY is not set and the results name none): ${SUMMARY_ONLY}`
    }
  }
  const headShas = [...new Set(heads.filter((sha) => sha !== null))]
  return { kind: 'comment', target: { ...name, number: named[0]! }, headShas }
}

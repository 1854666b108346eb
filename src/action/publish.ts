// Writes the sticky comment for either mode that comments. A comment that cannot be written is a
// warning, never a failed step: the report is already in the job summary.

import * as core from '@actions/core'
import { formatError } from '../errors.ts'
import { createGitHubClient } from '../github/client.ts'
import type { GitHubClient } from '../github/client.ts'
import { httpStatusOf, upsertComment } from '../github/comment.ts'
import { resolveCommentAuthor } from '../github/identity.ts'
import type { IssueTarget } from '../github/pull-request.ts'
import type { ActionSettings } from './inputs.ts'

export interface CommentTarget extends IssueTarget {
  /** The head branch lives in a fork (its runs get a read-only token); null when unknown. */
  readonly fork: boolean | null
}

/**
 * A check made with the client before writing (report mode confirms the pull request's head): null
 * to go on, or why not, which becomes the warning.
 */
export type BeforeWrite = (client: GitHubClient, target: CommentTarget) => Promise<string | null>

const AUTHOR_SOURCE = {
  input: 'the comment-author input',
  'user-api': "the token's own account, from GET /user",
  'installation-token':
    'the account the workflow token writes as; an app token needs comment-author'
} as const

/** Upserts the sticky comment for `key` when there is a target; returns its URL or null. */
export async function publishComment(
  settings: ActionSettings,
  target: CommentTarget | null,
  key: string,
  report: string,
  beforeWrite?: BeforeWrite
): Promise<string | null> {
  if (!settings.comment) {
    core.info('comment: false: the report is in the job summary only.')
    return null
  }
  if (target === null) {
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
    const refusal = beforeWrite === undefined ? null : await beforeWrite(client, target)
    if (refusal !== null) {
      core.warning(`${refusal} No comment was written; the report is in the job summary.`)
      return null
    }
    const author = await resolveCommentAuthor(client, settings.token, settings.commentAuthor)
    core.info(
      `Looking for this job's comment by ${author.login} (${AUTHOR_SOURCE[author.source]}).`
    )
    const outcome = await upsertComment(client, target, key, report, author, {
      createRetryDelaysMs: [1, 4, 9].map((units) => units * unit)
    })
    if (outcome.status === 'forbidden') {
      const why =
        target.fork === true
          ? 'This pull request comes from a fork, and GitHub gives its runs a read-only token: ' +
            'use mode: measure here and mode: report in a workflow_run workflow (docs/workflows.md).'
          : 'Give the job `permissions: pull-requests: write`.'
      core.warning(
        `Could not write the pull-request comment (HTTP ${outcome.httpStatus}: ${outcome.message}). ${why} ` +
          'The report is in the job summary.'
      )
      return null
    }
    const others = [...new Set(outcome.ignored)]
    if (others.length > 0) {
      core.info(
        `Left alone: comments by ${others.join(', ')} carry this tool's marker, but only the ` +
          "token's own comment is ever edited."
      )
    }
    // An app's bot among them is most likely this very token, when no comment-author says so.
    const bots = others.filter((login) => login.endsWith('[bot]'))
    if (author.source !== 'input' && bots.length > 0) {
      core.warning(
        `Comments by ${bots.join(', ')} carry this job's marker. If the token writes as one of them ` +
          `(a GitHub App's token), set the input comment-author: ${bots[0]} so that its comment is ` +
          'updated instead of a new one being added.'
      )
    }
    if (outcome.unexpectedAuthor !== null) {
      core.warning(
        `The comment was written as ${outcome.unexpectedAuthor}, not ${author.login}: the next run would not ` +
          `recognise it and would add another. Set the input comment-author: ${outcome.unexpectedAuthor}.`
      )
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

// Which pull request a run belongs to, from the webhook payload GitHub writes to GITHUB_EVENT_PATH.
// pull_request and pull_request_target (and the review events) carry `pull_request`; push, schedule and
// workflow_dispatch do not, and then there is no comment to write, only the job summary.

import { readFile } from 'node:fs/promises'
import { UsageError } from '../errors.ts'

/** Where a comment goes: a repository and an issue or pull-request number. */
export interface IssueTarget {
  readonly owner: string
  readonly repo: string
  readonly number: number
}

export interface PullRequestInfo extends IssueTarget {
  /** The commit the pull request's branch points at (not the merge commit GITHUB_SHA names). */
  readonly headSha: string | null
  readonly baseSha: string | null
  /** The head branch lives in another repository: GitHub gives such runs a read-only token. */
  readonly fork: boolean
}

interface RepoRef {
  readonly full_name?: unknown
}

interface PullRequestPayload {
  readonly number?: unknown
  readonly head?: { readonly sha?: unknown; readonly repo?: RepoRef | null }
  readonly base?: { readonly sha?: unknown; readonly repo?: RepoRef | null }
}

interface EventPayload {
  readonly pull_request?: PullRequestPayload
  readonly repository?: RepoRef
}

/**
 * The pull request of this run, or null when the event has none. `repository` is GITHUB_REPOSITORY
 * ("owner/name"); without it the payload's base repository is used.
 */
export async function readPullRequest(
  eventPath: string | null,
  repository: string | null
): Promise<PullRequestInfo | null> {
  if (eventPath === null) return null
  let text: string
  try {
    text = await readFile(eventPath, 'utf8')
  } catch {
    // GitHub always writes the file; a local run may point at nothing.
    return null
  }
  let payload: EventPayload
  try {
    payload = JSON.parse(text) as EventPayload
  } catch (error) {
    throw new UsageError(`GITHUB_EVENT_PATH: ${eventPath}: the event payload is not JSON`, {
      cause: error
    })
  }
  return pullRequestOf(payload, repository)
}

/** The pull request in a parsed payload, or null. */
export function pullRequestOf(
  payload: EventPayload,
  repository: string | null
): PullRequestInfo | null {
  const pr = payload.pull_request
  if (typeof pr !== 'object' || pr === null) return null
  if (typeof pr.number !== 'number' || !Number.isInteger(pr.number) || pr.number <= 0) return null
  const baseRepo = stringOrNull(pr.base?.repo?.full_name)
  const headRepo = stringOrNull(pr.head?.repo?.full_name)
  const name = splitRepository(
    repository ?? baseRepo ?? stringOrNull(payload.repository?.full_name)
  )
  if (name === null) return null
  return {
    ...name,
    number: pr.number,
    headSha: stringOrNull(pr.head?.sha),
    baseSha: stringOrNull(pr.base?.sha),
    // A deleted fork has head.repo null: still not this repository.
    fork: baseRepo !== null && headRepo !== baseRepo
  }
}

/** "owner/name" into its parts, or null. */
export function splitRepository(full: string | null): { owner: string; repo: string } | null {
  const match = full === null ? null : /^([^/\s]+)\/([^/\s]+)$/.exec(full)
  return match === null ? null : { owner: match[1]!, repo: match[2]! }
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

// The sticky comment: one per pull request and job key, found again by a hidden marker and edited in
// place on every run. Creating is the one write that is not idempotent: a 502 can come back from a
// create that GitHub did perform, so a failed create is never blindly repeated; the comments are
// listed again and a comment that did land is updated instead of a second one being posted.
// Only a comment written by the token's own account is ours (identity.ts): a marker in anyone else's
// comment is left alone, neither edited nor taken as a reason not to comment.

import { setTimeout as sleep } from 'node:timers/promises'
import { GITHUB_COMMENT_MAX_LENGTH } from '../limits.ts'
import type { GitHubClient } from './client.ts'
import { isAuthor } from './identity.ts'
import type { CommentAuthor } from './identity.ts'
import type { IssueTarget } from './pull-request.ts'

export type UpsertOutcome =
  | {
      readonly status: 'created' | 'updated' | 'unchanged'
      readonly id: number
      readonly url: string
      /** Logins of other accounts whose comments carry the marker; left untouched. */
      readonly ignored: readonly string[]
      /**
       * The login a new comment was written as, when it is not the expected author (an app's token
       * without `comment-author`): the next run would not recognise the comment. Null otherwise.
       */
      readonly unexpectedAuthor: string | null
    }
  /** The token may not read or write comments here (a fork's read-only token, missing permission). */
  | { readonly status: 'forbidden'; readonly httpStatus: number; readonly message: string }

export interface UpsertOptions {
  /** Milliseconds before each repeated create, after a create failed with a transient error. */
  readonly createRetryDelaysMs?: readonly number[]
}

interface ExistingComment {
  readonly id: number
  readonly body: string
  readonly url: string
}

const DEFAULT_CREATE_RETRY_DELAYS_MS = [1_000, 4_000, 9_000]

/** The hidden line that identifies this tool's comment for one job key. */
export function commentMarker(key: string): string {
  // The key ends up inside an HTML comment: keep it to characters that cannot close or break it.
  const safe = key.replace(/[^A-Za-z0-9._/:=+-]+/g, '-').replace(/-{2,}/g, '-') || 'default'
  return `<!-- concurrency-advisor:${safe} -->`
}

/** The longest report that still fits in a comment once the marker line is added. */
export function commentBodyLimit(key: string): number {
  return GITHUB_COMMENT_MAX_LENGTH - commentMarker(key).length - 1
}

/** Creates the comment for `key`, or updates it in place; skips the write when nothing changed. */
export async function upsertComment(
  client: GitHubClient,
  target: IssueTarget,
  key: string,
  report: string,
  author: CommentAuthor,
  options: UpsertOptions = {}
): Promise<UpsertOutcome> {
  const marker = commentMarker(key)
  const body = `${marker}\n${report}`
  const delays = options.createRetryDelaysMs ?? DEFAULT_CREATE_RETRY_DELAYS_MS
  try {
    for (let attempt = 0; ; attempt++) {
      const { own, ignored } = await findComment(client, target, marker, author)
      if (own !== null) return { ...(await update(client, target, own, body)), ignored }
      try {
        const { data } = await client.rest.issues.createComment({
          owner: target.owner,
          repo: target.repo,
          issue_number: target.number,
          body,
          // Repeating a create is decided here, after listing again, not by the retry plugin.
          request: { retries: 0 }
        })
        const writtenAs = data.user?.login
        return {
          status: 'created',
          id: data.id,
          url: data.html_url,
          ignored,
          unexpectedAuthor:
            writtenAs !== undefined && !isAuthor(author, writtenAs) ? writtenAs : null
        }
      } catch (error) {
        const delay = delays[attempt]
        if (!isTransient(error) || delay === undefined) throw error
        await sleep(delay)
      }
    }
  } catch (error) {
    const status = httpStatusOf(error)
    if (status === 401 || status === 403 || status === 404) {
      return {
        status: 'forbidden',
        httpStatus: status,
        message: firstLine(String((error as Error).message))
      }
    }
    throw error
  }
}

async function update(
  client: GitHubClient,
  target: IssueTarget,
  existing: ExistingComment,
  body: string
): Promise<{ status: 'updated' | 'unchanged'; id: number; url: string; unexpectedAuthor: null }> {
  if (existing.body === body)
    return { status: 'unchanged', id: existing.id, url: existing.url, unexpectedAuthor: null }
  const { data } = await client.rest.issues.updateComment({
    owner: target.owner,
    repo: target.repo,
    comment_id: existing.id,
    body
  })
  return { status: 'updated', id: data.id, url: data.html_url, unexpectedAuthor: null }
}

/**
 * The oldest comment carrying the marker that `author` wrote, paging through all comments, and the
 * logins of other accounts whose comments carry it (a person quoting or squatting the marker).
 */
async function findComment(
  client: GitHubClient,
  target: IssueTarget,
  marker: string,
  author: CommentAuthor
): Promise<{ own: ExistingComment | null; ignored: string[] }> {
  const pages = client.paginate.iterator(client.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
    per_page: 100
  })
  const ignored: string[] = []
  for await (const { data } of pages) {
    for (const comment of data) {
      if (!comment.body?.includes(marker)) continue
      const login = comment.user?.login
      if (!isAuthor(author, login)) {
        ignored.push(login ?? '(deleted account)')
        continue
      }
      return { own: { id: comment.id, body: comment.body, url: comment.html_url }, ignored }
    }
  }
  return { own: null, ignored }
}

/** Worth another try: a server error or a rate limit (octokit reports a network failure as 500 too). */
function isTransient(error: unknown): boolean {
  const status = httpStatusOf(error)
  return status !== null && (status >= 500 || status === 429)
}

/** The HTTP status of an octokit RequestError, or null for anything else. */
export function httpStatusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('status' in error)) return null
  return typeof error.status === 'number' ? error.status : null
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 300) ?? ''
}

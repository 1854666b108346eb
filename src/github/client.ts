// The REST client: @actions/github's octokit with the retry plugin (5xx and other transient answers are
// tried again with growing waits) and the throttling plugin (primary and secondary rate limits wait for
// the reset GitHub names). The base URL comes from GITHUB_API_URL, which is how GitHub Enterprise Server
// and the tests' local stand-in are reached. Every request names the REST API version it was written
// against and the current media type, so that a change of GitHub's default cannot change the answers.

import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'

export type GitHubClient = ReturnType<typeof getOctokit>

/** The REST API version every request pins (X-GitHub-Api-Version). */
export const API_VERSION = '2022-11-28'
/** GitHub's current media type; octokit still defaults to the legacy application/vnd.github.v3+json. */
export const MEDIA_TYPE = 'application/vnd.github+json'
const LEGACY_MEDIA_TYPE = 'application/vnd.github.v3+json'

export interface ClientOptions {
  /** REST API root, e.g. https://api.github.com. */
  readonly baseUrl: string
  /**
   * Milliseconds per unit of wait: the retry plugin waits 1, 4, 9 units between tries, the throttling
   * plugin waits the seconds GitHub names. 1000 in production; tests shorten it.
   */
  readonly retryUnitMs?: number
  /** Turned off only by unit tests that count requests and do not want the write spacing. */
  readonly throttle?: boolean
}

/** Rate-limit waits longer than this are not sat out: the job would rather warn than idle. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 120
const RATE_LIMIT_RETRIES = 2

/** A client authenticated with `token`, retrying transient failures and honouring rate limits. */
export function createGitHubClient(token: string, options: ClientOptions): GitHubClient {
  const unit = options.retryUnitMs ?? 1000
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _octokit: unknown,
      retryCount: number
    ) => {
      const retrying = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS
      core.info(
        `GitHub ${kind} rate limit on ${request.method} ${request.url}: ` +
          (retrying ? `retrying after ${retryAfter} s` : 'giving up')
      )
      return retrying
    }
  const client = getOctokit(
    token,
    {
      baseUrl: options.baseUrl,
      userAgent: 'concurrency-advisor',
      log: {
        debug: (message: string) => core.debug(message),
        info: (message: string) => core.debug(message),
        warn: (message: string) => core.info(message),
        error: (message: string) => core.info(message)
      },
      retry: { retryAfterBaseValue: unit },
      throttle:
        options.throttle === false
          ? { enabled: false }
          : {
              retryAfterBaseValue: unit,
              onRateLimit: onLimit('primary'),
              onSecondaryRateLimit: onLimit('secondary')
            }
    },
    retry,
    throttling
  )
  // A hook, not constructor options: octokit's constructor takes no default headers. It runs before
  // every request, including the retry and throttling plugins' repeats and each page of a listing.
  client.hook.before('request', (request) => {
    request.headers['x-github-api-version'] = API_VERSION
    if (request.headers.accept === undefined || request.headers.accept === LEGACY_MEDIA_TYPE)
      request.headers.accept = MEDIA_TYPE
  })
  return client
}

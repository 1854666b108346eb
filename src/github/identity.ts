// Who the token writes comments as. The sticky comment is found by its hidden marker, but anyone can
// paste the marker into a comment of their own, and a token with `pull-requests: write` may edit other
// people's comments: so only a comment whose author is the token's own account is ever ours.
//
// Asking is not always possible. `GET /user` answers 403 to installation tokens: the workflow's
// GITHUB_TOKEN and a GitHub App's token (both `ghs_…`). The workflow's token writes as
// `github-actions[bot]`; an app's token writes as `<app-slug>[bot]`, which no endpoint open to that token
// tells, so it is given as the `comment-author` input. Only tokens that belong to a person (a personal
// access token, an OAuth or a user-to-server token) are asked.

import type { GitHubClient } from './client.ts'

/** The account that the workflow's GITHUB_TOKEN writes comments as. */
export const WORKFLOW_TOKEN_LOGIN = 'github-actions[bot]'

/** How the author was learnt, for the log and for the hint after a mismatch. */
export type AuthorSource = 'input' | 'user-api' | 'installation-token'

export interface CommentAuthor {
  /** The login as the REST API spells it in `user.login`, e.g. github-actions[bot]. */
  readonly login: string
  readonly source: AuthorSource
}

/**
 * Token kinds by GitHub's documented prefixes. Installation tokens are `ghs_` (and `v1.` on old GitHub
 * Enterprise Server); `ghp_`, `github_pat_`, `gho_` and `ghu_` act for a person, who has a /user.
 * Anything else is unknown and treated like an installation token: asking would be a refused request.
 */
export type TokenKind = 'installation' | 'user' | 'unknown'

export function tokenKind(token: string): TokenKind {
  if (/^(ghs_|v1\.)/.test(token)) return 'installation'
  if (/^(ghp_|github_pat_|gho_|ghu_)/.test(token)) return 'user'
  return 'unknown'
}

/**
 * The account the token writes as: the `comment-author` input when given, the person's login from
 * `GET /user` for a person's token, else the workflow token's github-actions[bot].
 */
export async function resolveCommentAuthor(
  client: GitHubClient,
  token: string,
  configured: string | null
): Promise<CommentAuthor> {
  if (configured !== null) return { login: configured, source: 'input' }
  if (tokenKind(token) === 'user') {
    const { data } = await client.rest.users.getAuthenticated()
    return { login: data.login, source: 'user-api' }
  }
  return { login: WORKFLOW_TOKEN_LOGIN, source: 'installation-token' }
}

/**
 * Logins compare without regard to case, as GitHub treats them, and exactly otherwise: `name` and
 * `name[bot]` are different accounts (a person may register the name of an app's bot).
 */
export function isAuthor(author: CommentAuthor, login: string | undefined): boolean {
  return login !== undefined && login.toLowerCase() === author.login.toLowerCase()
}

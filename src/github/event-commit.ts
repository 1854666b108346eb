// The commit a run is about, from the webhook payload GitHub writes to GITHUB_EVENT_PATH: the head of
// the run a `workflow_run` follows, or a pull request's head. Report mode checks downloaded results
// files against it: the event comes from GitHub, the files may come from a fork's code.

import { readFile } from 'node:fs/promises'

interface CommitPayload {
  readonly workflow_run?: { readonly head_sha?: unknown } | null
  readonly pull_request?: { readonly head?: { readonly sha?: unknown } | null } | null
}

/** The head commit the event names, or null when it names none (push, schedule, a local run). */
export async function readEventCommit(eventPath: string | null): Promise<string | null> {
  if (eventPath === null) return null
  let payload: unknown
  try {
    payload = JSON.parse(await readFile(eventPath, 'utf8'))
  } catch {
    // A missing or broken payload is reported by readPullRequest; here it only means no commit.
    return null
  }
  return typeof payload === 'object' && payload !== null ? eventCommitOf(payload) : null
}

/** The head commit in a parsed payload, or null. */
export function eventCommitOf(payload: CommitPayload): string | null {
  const sha = payload.workflow_run?.head_sha ?? payload.pull_request?.head?.sha
  return typeof sha === 'string' && /^[0-9a-f]{7,64}$/i.test(sha) ? sha : null
}

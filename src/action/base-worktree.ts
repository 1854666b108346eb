// compare: base — the pull request's base commit checked out beside the head, in a git worktree, so
// that the engine can measure both in the same interleaved rounds. actions/checkout fetches one
// commit by default, so the base commit is fetched when it is missing.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { execa } from 'execa'
import { invalid } from '../errors.ts'

export interface BaseWorktree {
  /** The folder that corresponds to the working directory, in the base checkout. */
  readonly dir: string
  /** Removes the worktree. Idempotent. */
  readonly remove: () => Promise<void>
}

/** Checks `sha` out into a temporary worktree of the repository that contains `workingDirectory`. */
export async function checkOutBase(workingDirectory: string, sha: string): Promise<BaseWorktree> {
  const git = async (...args: string[]): Promise<string> => {
    const result = await execa('git', args, { cwd: workingDirectory, reject: false })
    if (result.exitCode !== 0) {
      const why =
        String(result.stderr).trim().split('\n').at(-1) ?? `exit code ${String(result.exitCode)}`
      throw invalid(
        'action input',
        'compare',
        `cannot check out the base commit ${sha.slice(0, 12)}: git ${args[0]}: ${why}`
      )
    }
    return String(result.stdout).trim()
  }
  const root = await git('rev-parse', '--show-toplevel')
  const present = await execa('git', ['cat-file', '-e', `${sha}^{commit}`], {
    cwd: root,
    reject: false
  })
  if (present.exitCode !== 0) await git('fetch', '--no-tags', '--depth=1', 'origin', sha)
  const parent = await mkdtemp(
    join(process.env.RUNNER_TEMP || tmpdir(), 'concurrency-advisor-base-')
  )
  const tree = join(parent, 'base')
  await git('worktree', 'add', '--detach', tree, sha)
  let removed = false
  return {
    dir: join(tree, relative(root, workingDirectory)),
    remove: async () => {
      if (removed) return
      removed = true
      await execa('git', ['worktree', 'remove', '--force', tree], { cwd: root, reject: false })
      await rm(parent, { recursive: true, force: true })
    }
  }
}

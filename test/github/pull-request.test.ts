import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/errors.ts'
import { pullRequestOf, readPullRequest, splitRepository } from '../../src/github/pull-request.ts'

const pr = (head: string, base = 'octo/repo') => ({
  pull_request: {
    number: 7,
    head: { sha: 'h'.repeat(40), repo: { full_name: head } },
    base: { sha: 'b'.repeat(40), repo: { full_name: base } }
  },
  repository: { full_name: base }
})

describe('pullRequestOf', () => {
  it('reads number, head and base from a pull_request payload', () => {
    expect(pullRequestOf(pr('octo/repo'), 'octo/repo')).toEqual({
      owner: 'octo',
      repo: 'repo',
      number: 7,
      headSha: 'h'.repeat(40),
      baseSha: 'b'.repeat(40),
      fork: false
    })
  })

  it('flags a pull request from a fork, or from a deleted fork', () => {
    expect(pullRequestOf(pr('someone/repo'), 'octo/repo')?.fork).toBe(true)
    const deleted = pr('x')
    ;(deleted.pull_request.head as { repo: unknown }).repo = null
    expect(pullRequestOf(deleted, 'octo/repo')?.fork).toBe(true)
  })

  it('takes the repository from the payload without GITHUB_REPOSITORY', () => {
    expect(pullRequestOf(pr('octo/repo'), null)).toMatchObject({ owner: 'octo', repo: 'repo' })
  })

  it('finds no pull request on push and schedule payloads', () => {
    expect(pullRequestOf({ repository: { full_name: 'octo/repo' } }, 'octo/repo')).toBeNull()
    expect(pullRequestOf({}, 'octo/repo')).toBeNull()
  })
})

describe('readPullRequest', () => {
  it('reads the payload file, and finds nothing without one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ca-event-'))
    const path = join(dir, 'event.json')
    await writeFile(path, JSON.stringify(pr('octo/repo')))
    expect((await readPullRequest(path, 'octo/repo'))?.number).toBe(7)
    expect(await readPullRequest(null, 'octo/repo')).toBeNull()
    expect(await readPullRequest(join(dir, 'missing.json'), 'octo/repo')).toBeNull()
    await writeFile(path, '{not json')
    await expect(readPullRequest(path, 'octo/repo')).rejects.toBeInstanceOf(UsageError)
  })
})

describe('splitRepository', () => {
  it('splits owner/name and rejects anything else', () => {
    expect(splitRepository('octo/repo')).toEqual({ owner: 'octo', repo: 'repo' })
    expect(splitRepository('octo')).toBeNull()
    expect(splitRepository(null)).toBeNull()
  })
})

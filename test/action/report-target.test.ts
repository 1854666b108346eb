// Which pull request report mode may comment on: the one the results files agree on, of this
// repository, measured on the commit the triggering event names.
import { describe, expect, it } from 'vitest'
import { reportTarget } from '../../src/action/report-target.ts'
import type { RunInput } from '../../src/results/merge.ts'
import type { RunContext } from '../../src/types.ts'
import { results, workload } from '../helpers/results-factory.ts'

const HEAD = '0123456789abcdef0123456789abcdef01234567'

function run(source: string, context: Partial<RunContext> | null): RunInput {
  const base = results([workload()])
  return {
    source,
    results: { ...base, context: context === null ? null : { ...base.context!, ...context } }
  }
}

describe('reportTarget', () => {
  it('comments on the pull request the files agree on, in GITHUB_REPOSITORY', () => {
    expect(reportTarget([run('a.json', {}), run('b.json', {})], 'octo/repo', HEAD)).toEqual({
      kind: 'comment',
      target: { owner: 'octo', repo: 'repo', number: 7 },
      headShas: [HEAD]
    })
  })

  it('writes only the summary when no file names a pull request', () => {
    const decision = reportTarget(
      [run('a.json', { pullRequest: null }), run('b.json', null)],
      'octo/repo',
      null
    )
    expect(decision).toEqual({
      kind: 'none',
      message:
        'None of the 2 results files names a pull request (a push, schedule or manual run): no comment was written; the report is in the job summary.'
    })
  })

  it('refuses when the files name different pull requests, or some name none', () => {
    expect(
      reportTarget([run('a.json', {}), run('b.json', { pullRequest: 8 })], 'octo/repo', null)
    ).toEqual({
      kind: 'refused',
      message:
        'The results files name different pull requests (#7 in a.json; #8 in b.json): no comment was written; the report is in the job summary.'
    })
    expect(
      reportTarget([run('a.json', {}), run('b.json', { pullRequest: null })], 'octo/repo', null)
        .kind
    ).toBe('refused')
  })

  it('refuses a pull-request number that is not one', () => {
    const forged = run('a.json', { pullRequest: '7/../../8' as unknown as number })
    expect(reportTarget([forged], 'octo/repo', null)).toMatchObject({
      kind: 'refused',
      message: expect.stringMatching(
        /^a\.json names pull request "7\/\.\.\/\.\.\/8", which is not/
      ) as string
    })
  })

  it('refuses files measured in another repository', () => {
    const decision = reportTarget([run('a.json', { repository: 'evil/repo' })], 'octo/repo', null)
    expect(decision).toMatchObject({ kind: 'refused' })
    expect(decision.kind === 'refused' && decision.message).toMatch(
      /^a\.json was measured in evil\/repo, not in octo\/repo/
    )
  })

  it('refuses files measured on another commit than the triggering run', () => {
    const decision = reportTarget([run('a.json', {})], 'octo/repo', 'f'.repeat(40))
    expect(decision.kind === 'refused' && decision.message).toBe(
      `a.json was measured on commit ${HEAD}, but this run is for commit ${'f'.repeat(40)}: no comment was written; the report is in the job summary.`
    )
  })

  it('takes the repository from the files when GITHUB_REPOSITORY is not set (a local run)', () => {
    expect(reportTarget([run('a.json', {})], null, null)).toMatchObject({
      kind: 'comment',
      target: { owner: 'octo', repo: 'repo', number: 7 }
    })
  })
})

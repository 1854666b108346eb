import { describe, expect, it } from 'vitest'
import { eventCommitOf } from '../../src/github/event-commit.ts'

describe('eventCommitOf', () => {
  it("names the triggering run's head under workflow_run and the head under pull_request", () => {
    expect(eventCommitOf({ workflow_run: { head_sha: 'a'.repeat(40) } })).toBe('a'.repeat(40))
    expect(eventCommitOf({ pull_request: { head: { sha: 'b'.repeat(40) } } })).toBe('b'.repeat(40))
  })

  it('names none for other events or a value that is not a commit', () => {
    expect(eventCommitOf({})).toBeNull()
    expect(eventCommitOf({ workflow_run: { head_sha: 'not a sha' } })).toBeNull()
  })
})

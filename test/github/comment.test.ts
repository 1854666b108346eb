import { afterEach, describe, expect, it } from 'vitest'
import { createGitHubClient } from '../../src/github/client.ts'
import { commentBodyLimit, commentMarker, upsertComment } from '../../src/github/comment.ts'
import type { FakeApi, FakeApiOptions } from '../helpers/github-api.ts'
import { startFakeApi } from '../helpers/github-api.ts'

const target = { owner: 'octo', repo: 'repo', number: 7 }
const fast = { createRetryDelaysMs: [1, 1, 1] }
let api: FakeApi | null = null

async function start(options: FakeApiOptions = {}): Promise<FakeApi> {
  api = await startFakeApi(options)
  return api
}

function client(server: FakeApi, throttle = false) {
  return createGitHubClient('test-token-123', { baseUrl: server.url, retryUnitMs: 1, throttle })
}

afterEach(async () => {
  await api?.close()
  api = null
})

describe('upsertComment', () => {
  it('creates the comment, then updates it in place, and skips an unchanged body', async () => {
    const server = await start()
    const github = client(server)
    const first = await upsertComment(github, target, 'advise', 'report one', fast)
    expect(first.status).toBe('created')
    const second = await upsertComment(github, target, 'advise', 'report two', fast)
    expect(second.status).toBe('updated')
    const third = await upsertComment(github, target, 'advise', 'report two', fast)
    expect(third.status).toBe('unchanged')

    expect(server.comments).toHaveLength(1)
    expect(server.comments[0]!.body).toBe(`${commentMarker('advise')}\nreport two`)
    expect(server.count('POST')).toBe(1)
    expect(server.count('PATCH')).toBe(1)
    expect(server.requests.every((r) => r.authorization === 'token test-token-123')).toBe(true)
    if (first.status === 'created' && second.status === 'updated')
      expect(second.url).toBe(first.url)
  })

  it('pages through every comment to find its own', async () => {
    const others = Array.from({ length: 250 }, (_, i) => ({
      issue: 'octo/repo/7',
      body: `comment ${i}`,
      user: { login: 'someone', type: 'User' }
    }))
    const server = await start({
      comments: [
        ...others,
        {
          issue: 'octo/repo/7',
          body: `${commentMarker('advise')}\nold`,
          user: { login: 'github-actions[bot]', type: 'Bot' }
        }
      ]
    })
    const outcome = await upsertComment(client(server), target, 'advise', 'new', fast)
    expect(outcome.status).toBe('updated')
    expect(server.count('POST')).toBe(0)
    expect(server.count('GET', /\/comments$/)).toBe(3)
    expect(server.comments.filter((c) => c.body.includes('concurrency-advisor'))).toHaveLength(1)
  })

  it('keeps one comment per job key and never matches a key that only starts the same', async () => {
    const server = await start()
    const github = client(server)
    await upsertComment(github, target, 'linux', 'a', fast)
    await upsertComment(github, target, 'linux-arm', 'b', fast)
    await upsertComment(github, target, 'linux', 'c', fast)
    expect(server.comments.map((c) => c.body)).toEqual([
      `${commentMarker('linux')}\nc`,
      `${commentMarker('linux-arm')}\nb`
    ])
  })

  it("ignores a marker in another account's comment when the token's login is known", async () => {
    const quoted = {
      issue: 'octo/repo/7',
      body: `quoting ${commentMarker('advise')}`,
      user: { login: 'human', type: 'User' }
    }
    const server = await start({ viewer: 'ci-bot', writer: 'ci-bot', comments: [quoted] })
    const outcome = await upsertComment(client(server), target, 'advise', 'report', fast)
    expect(outcome.status).toBe('created')
    expect(server.comments[0]!.body).toBe(quoted.body)
  })

  it('ends with exactly one comment when the first two creates answer 502', async () => {
    const server = await start({ failWrites: 2 })
    const outcome = await upsertComment(client(server), target, 'advise', 'report', fast)
    expect(outcome.status).toBe('created')
    expect(server.count('POST')).toBe(3)
    expect(server.comments).toHaveLength(1)
  })

  it('does not post a second copy when a create answered 502 but did land', async () => {
    const server = await start({ failWrites: 1, failAfterWrite: true })
    const outcome = await upsertComment(client(server), target, 'advise', 'report', fast)
    expect(outcome.status).toBe('unchanged')
    expect(server.count('POST')).toBe(1)
    expect(server.comments).toHaveLength(1)
  })

  it('retries an update that answers 502', async () => {
    const existing = {
      issue: 'octo/repo/7',
      body: `${commentMarker('advise')}\nold`,
      user: { login: 'github-actions[bot]', type: 'Bot' }
    }
    const server = await start({ failWrites: 2, comments: [existing] })
    const outcome = await upsertComment(client(server), target, 'advise', 'new', fast)
    expect(outcome.status).toBe('updated')
    expect(server.count('PATCH')).toBe(3)
    expect(server.comments[0]!.body).toBe(`${commentMarker('advise')}\nnew`)
  })

  it('reports a read-only token (403) instead of throwing', async () => {
    const server = await start({ forbidWrites: true })
    const outcome = await upsertComment(client(server), target, 'advise', 'report', fast)
    expect(outcome).toMatchObject({ status: 'forbidden', httpStatus: 403 })
    expect(server.count('POST')).toBe(1)
  })

  it('waits out a rate limit through the throttling plugin', async () => {
    const server = await start({ rateLimitWrites: 1 })
    const outcome = await upsertComment(client(server, true), target, 'advise', 'report', fast)
    expect(outcome.status).toBe('created')
    expect(server.count('POST')).toBe(2)
    expect(server.comments).toHaveLength(1)
  })

  it('throws what is neither transient nor a permission problem', async () => {
    const server = await start({ failWrites: 1, failStatus: 422 })
    await expect(
      upsertComment(client(server), target, 'advise', 'report', fast)
    ).rejects.toMatchObject({ status: 422 })
  })
})

describe('commentMarker', () => {
  it('keeps the key from closing the HTML comment', () => {
    expect(commentMarker('py3.12 / ubuntu')).toBe('<!-- concurrency-advisor:py3.12-/-ubuntu -->')
    expect(commentMarker('a-->b')).toBe('<!-- concurrency-advisor:a-b -->')
    expect(commentMarker('')).toBe('<!-- concurrency-advisor:default -->')
    expect(commentBodyLimit('x') + commentMarker('x').length + 1).toBe(65_536)
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { createGitHubClient } from '../../src/github/client.ts'
import { commentBodyLimit, commentMarker, upsertComment } from '../../src/github/comment.ts'
import { resolveCommentAuthor, tokenKind } from '../../src/github/identity.ts'
import type { CommentAuthor } from '../../src/github/identity.ts'
import type { FakeApi, FakeApiOptions } from '../helpers/github-api.ts'
import { startFakeApi } from '../helpers/github-api.ts'

const target = { owner: 'octo', repo: 'repo', number: 7 }
const fast = { createRetryDelaysMs: [1, 1, 1] }
const bot: CommentAuthor = { login: 'github-actions[bot]', source: 'installation-token' }
const INSTALLATION_TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a'
let api: FakeApi | null = null

async function start(options: FakeApiOptions = {}): Promise<FakeApi> {
  api = await startFakeApi(options)
  return api
}

function client(server: FakeApi, throttle = false, token = 'test-token-123') {
  return createGitHubClient(token, { baseUrl: server.url, retryUnitMs: 1, throttle })
}

afterEach(async () => {
  await api?.close()
  api = null
})

describe('upsertComment', () => {
  it('creates the comment, then updates it in place, and skips an unchanged body', async () => {
    const server = await start()
    const github = client(server)
    const first = await upsertComment(github, target, 'advise', 'report one', bot, fast)
    expect(first.status).toBe('created')
    const second = await upsertComment(github, target, 'advise', 'report two', bot, fast)
    expect(second.status).toBe('updated')
    const third = await upsertComment(github, target, 'advise', 'report two', bot, fast)
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
    const outcome = await upsertComment(client(server), target, 'advise', 'new', bot, fast)
    expect(outcome.status).toBe('updated')
    expect(server.count('POST')).toBe(0)
    expect(server.count('GET', /\/comments$/)).toBe(3)
    expect(server.comments.filter((c) => c.body.includes('concurrency-advisor'))).toHaveLength(1)
  })

  it('keeps one comment per job key and never matches a key that only starts the same', async () => {
    const server = await start()
    const github = client(server)
    await upsertComment(github, target, 'linux', 'a', bot, fast)
    await upsertComment(github, target, 'linux-arm', 'b', bot, fast)
    await upsertComment(github, target, 'linux', 'c', bot, fast)
    expect(server.comments.map((c) => c.body)).toEqual([
      `${commentMarker('linux')}\nc`,
      `${commentMarker('linux-arm')}\nb`
    ])
  })

  it("leaves a person's comment carrying the marker alone and still writes, then updates, its own", async () => {
    // Posted before the tool's first run: a squatter hoping to have it rewritten, or to block the report.
    const squatted = {
      issue: 'octo/repo/7',
      body: `${commentMarker('advise')}\nall good, merge it`,
      user: { login: 'mallory', type: 'User' }
    }
    const server = await start({ comments: [squatted] })
    const github = client(server, false, INSTALLATION_TOKEN)
    const author = await resolveCommentAuthor(github, INSTALLATION_TOKEN, null)
    expect(author).toEqual({ login: 'github-actions[bot]', source: 'installation-token' })

    const first = await upsertComment(github, target, 'advise', 'report one', author, fast)
    expect(first).toMatchObject({ status: 'created', ignored: ['mallory'], unexpectedAuthor: null })
    const second = await upsertComment(github, target, 'advise', 'report two', author, fast)
    expect(second).toMatchObject({ status: 'updated', ignored: ['mallory'] })

    expect(server.comments[0]).toMatchObject({ body: squatted.body, user: { login: 'mallory' } })
    const own = server.comments.filter((c) => c.user.login === 'github-actions[bot]')
    expect(own.map((c) => c.body)).toEqual([`${commentMarker('advise')}\nreport two`])
    const patched = server.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)
    expect(patched).toEqual([`/repos/octo/repo/issues/comments/${own[0]!.id}`])
    // An installation token may not ask who it is: it is never asked.
    expect(server.count('GET', /^\/user$/)).toBe(0)
    expect(server.refused).toEqual([])
  })

  it("asks GET /user for a person's token and ignores the marker in anyone else's comment", async () => {
    const quoted = {
      issue: 'octo/repo/7',
      body: `quoting ${commentMarker('advise')}`,
      user: { login: 'github-actions[bot]', type: 'Bot' }
    }
    const server = await start({ viewer: 'ci-bot', writer: 'ci-bot', comments: [quoted] })
    const token = 'ghp_personalAccessToken0123456789abcdef'
    const github = client(server, false, token)
    const author = await resolveCommentAuthor(github, token, null)
    expect(author).toEqual({ login: 'ci-bot', source: 'user-api' })
    const outcome = await upsertComment(github, target, 'advise', 'report', author, fast)
    expect(outcome).toMatchObject({ status: 'created', ignored: ['github-actions[bot]'] })
    expect(server.comments[0]!.body).toBe(quoted.body)
    expect(server.count('GET', /^\/user$/)).toBe(1)
  })

  it('takes the comment-author input as given, without a request, and never strips [bot]', async () => {
    // A person may own the login an app's bot has without its suffix: they are different accounts.
    const lookalike = {
      issue: 'octo/repo/7',
      body: `${commentMarker('advise')}\nold`,
      user: { login: 'my-app', type: 'User' }
    }
    const server = await start({ writer: 'my-app[bot]', comments: [lookalike] })
    const github = client(server, false, INSTALLATION_TOKEN)
    const author = await resolveCommentAuthor(github, INSTALLATION_TOKEN, 'My-App[bot]')
    expect(author).toEqual({ login: 'My-App[bot]', source: 'input' })
    const first = await upsertComment(github, target, 'advise', 'one', author, fast)
    expect(first).toMatchObject({ status: 'created', unexpectedAuthor: null })
    const second = await upsertComment(github, target, 'advise', 'two', author, fast)
    expect(second.status).toBe('updated')
    expect(server.comments.map((c) => [c.user.login, c.body])).toEqual([
      ['my-app', lookalike.body],
      ['my-app[bot]', `${commentMarker('advise')}\ntwo`]
    ])
    expect(server.requests).toHaveLength(4)
  })

  it('says when a new comment was written as another account than expected', async () => {
    const server = await start({ writer: 'my-app[bot]' })
    const outcome = await upsertComment(client(server), target, 'advise', 'report', bot, fast)
    expect(outcome).toMatchObject({ status: 'created', unexpectedAuthor: 'my-app[bot]' })
  })

  it('names the API version and the current media type on every request, pages and repeats too', async () => {
    const others = Array.from({ length: 120 }, (_, i) => ({
      issue: 'octo/repo/7',
      body: `comment ${i}`,
      user: { login: 'someone', type: 'User' }
    }))
    const server = await start({ failWrites: 1, comments: others })
    await upsertComment(client(server), target, 'advise', 'report', bot, fast)
    expect(server.count('GET')).toBeGreaterThanOrEqual(2)
    expect(server.count('POST')).toBe(2)
    for (const request of server.requests) {
      expect(request.apiVersion, `${request.method} ${request.path}`).toBe('2022-11-28')
      expect(request.accept, `${request.method} ${request.path}`).toBe(
        'application/vnd.github+json'
      )
    }
  })

  it('ends with exactly one comment when the first two creates answer 502', async () => {
    const server = await start({ failWrites: 2 })
    const outcome = await upsertComment(client(server), target, 'advise', 'report', bot, fast)
    expect(outcome.status).toBe('created')
    expect(server.count('POST')).toBe(3)
    expect(server.comments).toHaveLength(1)
  })

  it('does not post a second copy when a create answered 502 but did land', async () => {
    const server = await start({ failWrites: 1, failAfterWrite: true })
    const outcome = await upsertComment(client(server), target, 'advise', 'report', bot, fast)
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
    const outcome = await upsertComment(client(server), target, 'advise', 'new', bot, fast)
    expect(outcome.status).toBe('updated')
    expect(server.count('PATCH')).toBe(3)
    expect(server.comments[0]!.body).toBe(`${commentMarker('advise')}\nnew`)
  })

  it('reports a read-only token (403) instead of throwing', async () => {
    const server = await start({ forbidWrites: true })
    const outcome = await upsertComment(client(server), target, 'advise', 'report', bot, fast)
    expect(outcome).toMatchObject({ status: 'forbidden', httpStatus: 403 })
    expect(server.count('POST')).toBe(1)
  })

  it('waits out a rate limit through the throttling plugin', async () => {
    const server = await start({ rateLimitWrites: 1 })
    const outcome = await upsertComment(client(server, true), target, 'advise', 'report', bot, fast)
    expect(outcome.status).toBe('created')
    expect(server.count('POST')).toBe(2)
    expect(server.comments).toHaveLength(1)
  })

  it('throws what is neither transient nor a permission problem', async () => {
    const server = await start({ failWrites: 1, failStatus: 422 })
    await expect(
      upsertComment(client(server), target, 'advise', 'report', bot, fast)
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

describe('tokenKind', () => {
  it("tells installation tokens from a person's tokens by their documented prefixes", () => {
    expect(tokenKind('ghs_16C7e42F292c6912E7710c838347Ae178B4a')).toBe('installation')
    expect(tokenKind('ghs_12345_eyJhbGciOi.stateless')).toBe('installation')
    expect(tokenKind('v1.1f699f1069f60xxx')).toBe('installation')
    for (const token of ['ghp_abc', 'github_pat_11ABC', 'gho_abc', 'ghu_abc'])
      expect(tokenKind(token), token).toBe('user')
    expect(tokenKind('test-token-123')).toBe('unknown')
  })
})

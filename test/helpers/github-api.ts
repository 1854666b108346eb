// A local stand-in for the GitHub REST API's issue-comment endpoints, on node:http. It records every
// request, stores comments per issue, pages like GitHub (Link headers), and can be told to fail: the
// first N writes with 502 (optionally after storing the comment, as a gateway timeout after a
// successful create looks), every write with 403, or the first N writes with a rate-limit answer.
// GET of a pull request answers from `pulls` (its head commit), 404 for any other. GET /user answers 403
// to an installation token (`ghs_…`), as GitHub does; such refusals are also listed in `refused`.

import { once } from 'node:events'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly authorization: string | undefined
  readonly accept: string | undefined
  readonly apiVersion: string | undefined
  readonly body: unknown
}

export interface StoredComment {
  id: number
  issue: string
  body: string
  user: { login: string; type: string }
  html_url: string
}

export interface FakeApiOptions {
  /** Answer the first N writes (POST/PATCH) with `failStatus`. */
  readonly failWrites?: number
  readonly failStatus?: number
  /** A failed create still stores the comment (the gateway timed out after GitHub wrote it). */
  readonly failAfterWrite?: boolean
  /** Answer every write with 403, as for a fork's read-only token. */
  readonly forbidWrites?: boolean
  /** Answer the first N writes with a primary rate limit (403, x-ratelimit-remaining: 0). */
  readonly rateLimitWrites?: number
  /** Login for GET /user with a person's token; null answers 403 (the default). */
  readonly viewer?: string | null
  /** Login that new comments are stored under. */
  readonly writer?: string
  /** Comments already on issues, e.g. other bots' or older ones. */
  readonly comments?: readonly Omit<StoredComment, 'id' | 'html_url'>[]
  /** Pull requests GET /repos/{owner}/{repo}/pulls/{number} knows, by "owner/repo/number". */
  readonly pulls?: Readonly<Record<string, { readonly headSha: string }>>
}

export interface FakeApi {
  readonly url: string
  readonly requests: RecordedRequest[]
  readonly comments: StoredComment[]
  /** Requests refused because the token's kind may not make them (GET /user with an installation token). */
  readonly refused: RecordedRequest[]
  /** Requests with this method whose path matches. */
  count(method: string, path?: RegExp): number
  close(): Promise<void>
}

const ISSUE_COMMENTS = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/
const ONE_COMMENT = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/
const ONE_PULL = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/

/** Starts the stand-in on a free local port. */
export async function startFakeApi(options: FakeApiOptions = {}): Promise<FakeApi> {
  const requests: RecordedRequest[] = []
  const refused: RecordedRequest[] = []
  const comments: StoredComment[] = []
  let nextId = 1000
  let writes = 0
  let url = ''
  const store = (issue: string, body: string, login: string, type: string): StoredComment => {
    const id = nextId++
    const comment = {
      id,
      issue,
      body,
      user: { login, type },
      html_url: `https://github.test/${issue}#issuecomment-${id}`
    }
    comments.push(comment)
    return comment
  }
  for (const c of options.comments ?? []) store(c.issue, c.body, c.user.login, c.user.type)

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    const parsed = new URL(req.url ?? '/', 'http://localhost')
    const body: unknown = raw === '' ? null : JSON.parse(raw)
    const recorded = {
      method: req.method ?? 'GET',
      path: parsed.pathname,
      query: parsed.searchParams,
      authorization: req.headers.authorization,
      accept: req.headers.accept,
      apiVersion: header(req.headers['x-github-api-version']),
      body
    }
    requests.push(recorded)
    const send = (status: number, data: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      res.end(JSON.stringify(data))
    }
    const isWrite = req.method === 'POST' || req.method === 'PATCH'
    if (isWrite) writes++
    if (isWrite && options.forbidWrites)
      return send(403, { message: 'Resource not accessible by integration' })
    if (isWrite && writes <= (options.rateLimitWrites ?? 0)) {
      const reset = String(Math.ceil(Date.now() / 1000))
      return send(
        403,
        { message: 'API rate limit exceeded' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }
      )
    }
    const failing = isWrite && writes <= (options.failWrites ?? 0)
    const text =
      typeof (body as { body?: unknown } | null)?.body === 'string'
        ? (body as { body: string }).body
        : ''
    const writer = options.writer ?? 'github-actions[bot]'

    if (parsed.pathname === '/user' && req.method === 'GET') {
      if (/^(token|bearer) ghs_/i.test(req.headers.authorization ?? '')) {
        refused.push(recorded)
        return send(403, { message: 'Resource not accessible by integration' })
      }
      const viewer = options.viewer ?? null
      return viewer === null
        ? send(403, { message: 'Resource not accessible by integration' })
        : send(200, { login: viewer, type: 'User' })
    }
    const pull = ONE_PULL.exec(parsed.pathname)
    if (pull !== null && req.method === 'GET') {
      const known = options.pulls?.[`${pull[1]}/${pull[2]}/${pull[3]}`]
      return known === undefined
        ? send(404, { message: 'Not Found' })
        : send(200, { number: Number(pull[3]), state: 'open', head: { sha: known.headSha } })
    }
    const list = ISSUE_COMMENTS.exec(parsed.pathname)
    if (list !== null) {
      const issue = `${list[1]}/${list[2]}/${list[3]}`
      if (req.method === 'GET') {
        const perPage = Number(parsed.searchParams.get('per_page') ?? 30)
        const page = Number(parsed.searchParams.get('page') ?? 1)
        const all = comments.filter((c) => c.issue === issue)
        const last = Math.max(1, Math.ceil(all.length / perPage))
        const headers: Record<string, string> = {}
        if (page < last) {
          const next = new URL(parsed.pathname, url)
          next.searchParams.set('per_page', String(perPage))
          next.searchParams.set('page', String(page + 1))
          headers.link = `<${next.href}>; rel="next"`
        }
        return send(200, all.slice((page - 1) * perPage, page * perPage), headers)
      }
      if (req.method === 'POST') {
        if (failing) {
          if (options.failAfterWrite) store(issue, text, writer, 'Bot')
          return send(options.failStatus ?? 502, { message: 'Bad Gateway' })
        }
        return send(201, store(issue, text, writer, 'Bot'))
      }
    }
    const one = ONE_COMMENT.exec(parsed.pathname)
    if (one !== null && req.method === 'PATCH') {
      const comment = comments.find((c) => c.id === Number(one[3]))
      if (comment === undefined) return send(404, { message: 'Not Found' })
      if (failing) {
        if (options.failAfterWrite) comment.body = text
        return send(options.failStatus ?? 502, { message: 'Bad Gateway' })
      }
      comment.body = text
      return send(200, comment)
    }
    send(404, { message: 'Not Found' })
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    requests,
    comments,
    refused,
    count: (method, path) =>
      requests.filter((r) => r.method === method && (path === undefined || path.test(r.path)))
        .length,
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    }
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value
}

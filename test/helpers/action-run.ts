// Runs dist/index.js the way the runner does: inputs as INPUT_* variables (hyphens kept, upper-cased),
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as files, GITHUB_EVENT_PATH as a payload file, and
// GITHUB_API_URL at the local stand-in. Nothing of @actions/* is mocked.

import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './dist.ts'

export interface ActionResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly outputs: Record<string, string>
  readonly summary: string
  readonly dir: string
}

export interface ActionRunOptions {
  readonly inputs: Record<string, string>
  readonly apiUrl: string
  /** The webhook payload; null for an event without one worth reading (push, schedule). */
  readonly event: object | null
  readonly eventName: string
  readonly env?: Record<string, string>
}

/** A pull_request payload for PR 7 of octo/repo; `fork` puts the head in another repository. */
export function pullRequestEvent(fork = false): object {
  return {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      head: { sha: 'a'.repeat(40), repo: { full_name: fork ? 'someone/repo' : 'octo/repo' } },
      base: { sha: 'b'.repeat(40), repo: { full_name: 'octo/repo' } }
    },
    repository: { full_name: 'octo/repo' }
  }
}

/** Runs the bundled action once and collects its log, outputs and job summary. */
export async function runAction(entry: string, options: ActionRunOptions): Promise<ActionResult> {
  const dir = await mkdtemp(join(tmpdir(), 'ca-action-'))
  const output = join(dir, 'output')
  const summary = join(dir, 'summary.md')
  const eventPath = join(dir, 'event.json')
  await writeFile(output, '')
  await writeFile(summary, '')
  await writeFile(eventPath, JSON.stringify(options.event ?? {}))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_REPOSITORY: 'octo/repo',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: 'c'.repeat(40),
    GITHUB_RUN_ID: '4242',
    GITHUB_JOB: 'advise',
    GITHUB_WORKSPACE: ROOT,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: dir,
    ...options.env
  }
  for (const [name, value] of Object.entries(options.inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  const child = spawn(process.execPath, [entry], { cwd: ROOT, env, stdio: 'pipe' })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(await readFile(output, 'utf8')),
    summary: await readFile(summary, 'utf8'),
    dir
  }
}

/** Reads the GITHUB_OUTPUT file: `name<<delimiter`, the value's lines, the delimiter. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (match === null) continue
    const end = lines.indexOf(match[2]!, i + 1)
    outputs[match[1]!] = lines.slice(i + 1, end).join('\n')
    i = end
  }
  return outputs
}

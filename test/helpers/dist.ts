// The end-to-end tests run dist/ as GitHub and npm users do. dist/ is committed, but it may lag behind
// the source in a working tree: this rebuilds it (`npm run build`, i.e. scripts/build.mjs) when any source
// or build file is newer, once, even when several test files ask at the same time.

import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BUILD_INPUTS = ['src', 'scripts/build.mjs', 'package-lock.json']
const LOCK = join(ROOT, 'node_modules', '.cache', 'concurrency-advisor-dist.lock')
const STALE_LOCK_MS = 10 * 60 * 1000

/** The path of a dist/ file that is at least as new as the source; builds first when it is not. */
export async function ensureDist(file = 'index.js'): Promise<string> {
  const target = join(ROOT, 'dist', file)
  while (!isFresh(target)) {
    if (takeLock()) {
      try {
        if (!isFresh(target)) await build()
      } finally {
        rmSync(LOCK, { recursive: true, force: true })
      }
    } else {
      await sleep(500)
    }
  }
  return target
}

function isFresh(target: string): boolean {
  const built = mtime(target)
  return built !== null && BUILD_INPUTS.every((input) => newest(join(ROOT, input)) <= built)
}

function takeLock(): boolean {
  mkdirSync(join(LOCK, '..'), { recursive: true })
  const age = mtime(LOCK)
  if (age !== null && Date.now() - age > STALE_LOCK_MS)
    rmSync(LOCK, { recursive: true, force: true })
  try {
    mkdirSync(LOCK)
    return true
  } catch {
    return false
  }
}

async function build(): Promise<void> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
    cwd: ROOT,
    stdio: 'pipe'
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (code !== 0)
    throw new Error(`the build (scripts/build.mjs) failed (exit ${code}):\n${output.slice(-4000)}`)
}

function mtime(path: string): number | null {
  try {
    return statSync(path).mtimeMs
  } catch {
    return null
  }
}

/** The newest modification time under a path (0 when it does not exist). */
function newest(path: string): number {
  let stat
  try {
    stat = statSync(path)
  } catch {
    return 0
  }
  if (!stat.isDirectory()) return stat.mtimeMs
  let latest = stat.mtimeMs
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)))
  return latest
}

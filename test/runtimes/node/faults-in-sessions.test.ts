// How the harness reports user code that throws, exits, crashes, hangs or runs out of memory, in
// each strategy: as Fault data on the round, and with no process left behind.
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { processGroupMembers } from '../../../src/runtimes/process-tree.ts'
import type { Fault, Strategy } from '../../../src/types.ts'
import { moduleDir, nodeRuntime, runRounds, workload } from './workloads.ts'

const runtime = nodeRuntime()

const modules = moduleDir({
  'faulty.mjs': [
    "import { writeFileSync } from 'node:fs'",
    'export function exit3() { process.exit(3) }',
    "export function segfault() { process.kill(process.pid, 'SIGSEGV') }",
    "export function throwString() { throw 'plain text' }",
    "export function throwCoded() { throw Object.assign(new Error('first line\\nsecond line'), { code: 'E_USER' }) }",
    "export function throwLater() { setTimeout(() => { throw new RangeError('from a timer') }, 1); return new Promise(() => {}) }",
    // The harness's process group: the harness itself in serial, the parent of a child process.
    'export function hang(file, fromChild) {',
    '  writeFileSync(file, String(fromChild ? process.ppid : process.pid))',
    '  for (;;) {}',
    '}',
    'export function hog() { const kept = []; for (;;) kept.push(new Array(1e5).fill(1.5)) }'
  ].join('\n')
})
afterAll(() => modules.remove())

async function roundFault(
  fn: string,
  strategy: Strategy,
  args: readonly (string | boolean)[] = [],
  overrides: Parameters<typeof workload>[3] = {}
): Promise<Fault> {
  const spec = workload(modules.path('faulty.mjs'), fn, args, overrides)
  const { opened, outcomes } = await runRounds(runtime, spec, strategy, 2, [4])
  if (!opened.ok) return opened.fault
  const [outcome] = outcomes
  if (outcome === undefined || outcome.ok) throw new Error(`${fn} in ${strategy} did not fail`)
  return outcome.fault
}

describe('faults of user code', () => {
  describe.each(['serial', 'threads', 'processes'] as const)('%s', (strategy) => {
    it('formats a thrown non-Error value', async () => {
      expect(await roundFault('throwString', strategy)).toMatchObject({
        kind: 'exception',
        type: 'string',
        message: 'threw a non-Error value: plain text'
      })
    })

    it('keeps the error code and the first line of the message', async () => {
      const fault = await roundFault('throwCoded', strategy)
      expect(fault).toMatchObject({
        kind: 'exception',
        type: 'Error',
        code: 'E_USER',
        message: 'Error [E_USER]: first line'
      })
      expect(fault.detail).toContain('faulty.mjs')
    })

    it('reports an error thrown from a timer while a call is pending', async () => {
      expect(await roundFault('throwLater', strategy)).toMatchObject({
        kind: 'exception',
        type: 'RangeError',
        message: 'RangeError: from a timer'
      })
    })
  })

  it('reports process.exit in a worker thread as that thread exiting', async () => {
    expect(await roundFault('exit3', 'threads')).toMatchObject({
      kind: 'exit',
      exitCode: 3,
      message: 'a worker thread exited with code 3'
    })
  })

  it('reports process.exit in a child process with its code', async () => {
    expect(await roundFault('exit3', 'processes')).toMatchObject({
      kind: 'exit',
      exitCode: 3,
      message: 'a worker process exited with code 3'
    })
  })

  it('reports process.exit on the main thread as the harness exiting', async () => {
    expect(await roundFault('exit3', 'serial')).toMatchObject({ kind: 'exit', exitCode: 3 })
  })

  it('reports a child process killed by a signal', async () => {
    expect(await roundFault('segfault', 'processes')).toMatchObject({
      kind: 'signal',
      signal: 'SIGSEGV',
      message: 'a worker process was killed by SIGSEGV'
    })
  })

  it.each(['serial', 'threads', 'processes'] as const)(
    'reports running out of memory in %s',
    async (strategy) => {
      const fault = await roundFault('hog', strategy, [], { memoryBytes: 300 * 1024 * 1024 })
      expect(fault.kind).toBe('memory')
    }
  )
})

describe('hangs', () => {
  it.each([
    ['serial', false],
    ['processes', true]
  ] as const)('times out a hang in %s and leaves no process alive', async (strategy, fromChild) => {
    const scratch = moduleDir({})
    const pidFile = scratch.path('group')
    try {
      // The round's timeout must also cover a loaded machine's fork of the child that writes the
      // pid file: 2 s was seen to run out first under a full suite on 2 busy cores.
      const fault = await roundFault('hang', strategy, [pidFile, fromChild], { timeoutSeconds: 6 })
      expect(fault).toMatchObject({ kind: 'timeout', message: 'timed out after 6 s' })
      const group = Number(readFileSync(pidFile, 'utf8'))
      expect(group).toBeGreaterThan(0)
      // SIGKILL is delivered asynchronously: allow the group a moment to disappear.
      await vi.waitFor(() => expect(processGroupMembers(group)).toEqual([]), { timeout: 5000 })
    } finally {
      scratch.remove()
    }
  })
})

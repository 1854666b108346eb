// The Node harness's session steps over raw command lines, as the engine sends them: `init` loads
// (replies loaded), `start` starts the strategy (replies ready), and a command out of turn is a
// protocol fault, as in the Python harness (test/runtimes/python/commands.test.ts).
import { describe, expect, it } from 'vitest'
import { parseCommand } from '../../../src/runtimes/node/harness/commands.ts'
import { harnessReplies } from '../../helpers/harness-lines.ts'
import { REPO_ROOT, fixturePath } from './workloads.ts'

const HARNESS = `${REPO_ROOT}src/runtimes/node/harness/harness.ts`

/** Runs a harness session over these commands and returns its replies. */
function session(commands: readonly object[]): unknown[] {
  return harnessReplies(
    process.execPath,
    [HARNESS],
    commands.map((command) => JSON.stringify(command))
  )
}

const init = (strategy: string, fn = 'countPrimes'): object => ({
  type: 'init',
  modulePath: fixturePath('cpu.mjs'),
  function: fn,
  args: [100],
  strategy,
  workers: 2,
  startMethod: 'default',
  memoryLimitBytes: null
})
const START = { type: 'start' }
const ROUND = { type: 'round', tasks: 2, measureBytes: false }

const protocol = (message: string): object => ({
  type: 'fault',
  fault: { kind: 'protocol', message: `harness: ${message}` }
})

describe('Node harness commands', () => {
  it('reads start as a command of its own', () => {
    expect(parseCommand('{"type":"start"}')).toEqual({ type: 'start' })
  })

  it.each(['serial', 'threads'])('loads at init and starts at start (%s)', (strategy) => {
    expect(session([init(strategy), START, ROUND, { type: 'exit' }])).toMatchObject([
      { type: 'loaded' },
      { type: 'ready', startupSeconds: expect.any(Number) as number },
      { type: 'round' }
    ])
  })

  it('reports a missing function at init for serial', () => {
    expect(session([init('serial', 'missing'), START])).toMatchObject([
      { type: 'fault', fault: { kind: 'exception' } }
    ])
  })

  it.each([
    ['a start before init', [START], [protocol('"start" before "init"')]],
    [
      'a round before start',
      [init('serial'), ROUND],
      [{ type: 'loaded' }, protocol('"round" before "start"')]
    ],
    [
      'a second init',
      [init('serial'), init('serial')],
      [{ type: 'loaded' }, protocol('a second "init"')]
    ],
    [
      'a second start',
      [init('serial'), START, START],
      [{ type: 'loaded' }, { type: 'ready' }, protocol('a second "start"')]
    ]
  ])('answers %s with a protocol fault', (_name, commands, replies) => {
    expect(session(commands)).toMatchObject(replies)
  })
})

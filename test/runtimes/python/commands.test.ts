// The Python harness checks each command field by field, as the Node harness does: a malformed
// command, or one out of turn, is answered with a `protocol` fault, not taken for the workload's
// exception.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { harnessReplies } from '../../helpers/harness-lines.ts'
import { FAULTS } from '../../helpers/python-faults.ts'

const HARNESS = fileURLToPath(new URL('../../../src/runtimes/python/harness.py', import.meta.url))

/** Runs a harness session over these command lines and returns its replies. */
function session(lines: readonly string[]): unknown[] {
  return harnessReplies('python3', [HARNESS], lines)
}

const init = {
  type: 'init',
  modulePath: FAULTS,
  function: 'ok',
  args: [1],
  strategy: 'serial',
  workers: 1,
  startMethod: 'default',
  memoryLimitBytes: null
}

const start = '{"type": "start"}'

const protocol = (message: string) => ({
  type: 'fault',
  fault: { kind: 'protocol', message: `harness: ${message}` }
})

describe('python harness commands', () => {
  it.each([
    ['a line that is not JSON', ['not json'], protocol('unreadable command: not json')],
    ['a JSON value that is not an object', ['[1, 2]'], protocol('unreadable command: [1, 2]')],
    ['an unknown type', ['{"type": "launch"}'], protocol("unknown command type 'launch'")],
    [
      'a round before init',
      ['{"type": "round", "tasks": 4, "measureBytes": false}'],
      protocol('"round" before "start"')
    ],
    ['a start before init', [start], protocol('"start" before "init"')],
    [
      'workers that are not a count',
      [JSON.stringify({ ...init, workers: 'two' })],
      protocol('a malformed "init" command')
    ],
    [
      'an unknown strategy',
      [JSON.stringify({ ...init, strategy: 'fibers' })],
      protocol('a malformed "init" command')
    ],
    [
      'a missing module path',
      [JSON.stringify({ ...init, modulePath: undefined })],
      protocol('a malformed "init" command')
    ]
  ])('answers %s with a protocol fault', (_name, lines, reply) => {
    expect(session(lines)).toEqual([reply])
  })

  it('answers a malformed round after a good start with a protocol fault', () => {
    const replies = session([
      JSON.stringify(init),
      start,
      '{"type": "round", "tasks": -1, "measureBytes": false}'
    ])
    expect(replies).toMatchObject([
      { type: 'loaded' },
      { type: 'ready' },
      protocol('a malformed "round" command')
    ])
  })

  it.each([
    ['a second init', [JSON.stringify(init), JSON.stringify(init)], 'a second "init"', 1],
    [
      'a round before start',
      [JSON.stringify(init), '{"type": "round", "tasks": 1, "measureBytes": false}'],
      '"round" before "start"',
      1
    ],
    ['a second start', [JSON.stringify(init), start, start], 'a second "start"', 2]
  ])('answers %s with a protocol fault', (_name, lines, message, before) => {
    const replies = session(lines)
    expect(replies).toHaveLength(before + 1)
    expect(replies.at(-1)).toEqual(protocol(message))
  })

  it('loads at init and starts the pool only at start', () => {
    // A thread pool that is loaded and never started: the session ends cleanly without one.
    const loadedOnly = session([JSON.stringify({ ...init, strategy: 'threads', workers: 2 })])
    expect(loadedOnly).toEqual([{ type: 'loaded' }])
    const replies = session([JSON.stringify({ ...init, strategy: 'threads', workers: 2 }), start])
    expect(replies).toMatchObject([
      { type: 'loaded' },
      { type: 'ready', startupSeconds: expect.any(Number) as number }
    ])
  })

  it('reports a missing function at init, as before the split', () => {
    const replies = session([JSON.stringify({ ...init, function: 'missing' }), start])
    expect(replies).toMatchObject([
      { type: 'fault', fault: { kind: 'exception', type: 'AttributeError' } }
    ])
  })

  it('runs a well-formed session to its end', () => {
    const replies = session([
      JSON.stringify(init),
      start,
      '{"type": "round", "tasks": 3, "measureBytes": true}',
      '{"type": "exit"}'
    ])
    expect(replies).toMatchObject([
      { type: 'loaded' },
      { type: 'ready', startupSeconds: 0 },
      { type: 'round', bytesToWorkersPerCall: expect.any(Number) as number }
    ])
  })
})

// The Python harness checks each command field by field, as the Node harness does: a malformed
// command is answered with a `protocol` fault, not taken for the workload's exception.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { FAULTS } from '../../helpers/python-faults.ts'

const HARNESS = fileURLToPath(new URL('../../../src/runtimes/python/harness.py', import.meta.url))

/** Runs a harness session over these command lines and returns its replies. */
function session(lines: readonly string[]): unknown[] {
  const out = execFileSync('python3', [HARNESS], {
    input: lines.map((line) => `${line}\n`).join(''),
    encoding: 'utf8',
    timeout: 30_000
  })
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown)
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
      protocol('"round" before "init"')
    ],
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

  it('answers a malformed round after a good init with a protocol fault', () => {
    const replies = session([
      JSON.stringify(init),
      '{"type": "round", "tasks": -1, "measureBytes": false}'
    ])
    expect(replies).toMatchObject([{ type: 'ready' }, protocol('a malformed "round" command')])
  })

  it('answers a second init with a protocol fault', () => {
    const replies = session([JSON.stringify(init), JSON.stringify(init)])
    expect(replies).toMatchObject([{ type: 'ready' }, protocol('a second "init"')])
  })

  it('runs a well-formed session to its end', () => {
    const replies = session([
      JSON.stringify(init),
      '{"type": "round", "tasks": 3, "measureBytes": true}',
      '{"type": "exit"}'
    ])
    expect(replies).toMatchObject([
      { type: 'ready', startupSeconds: 0 },
      { type: 'round', bytesToWorkersPerCall: expect.any(Number) as number }
    ])
  })
})

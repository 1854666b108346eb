import { describe, expect, it } from 'vitest'
import { parseFault } from '../../../../src/runtimes/protocol.ts'
import { parseHostCommand, parseHostReply } from '../../../../src/runtimes/node/shared/protocol.ts'

describe('parseHostReply', () => {
  it('reads ready, result, usage and error messages', () => {
    const usage = { cpuMicros: 10, maxRssBytes: 2048 }
    expect(parseHostReply({ type: 'ready', usage: null })).toEqual({ type: 'ready', usage: null })
    expect(parseHostReply({ type: 'usage', usage })).toEqual({ type: 'usage', usage })
    const bytes = new Uint8Array([1, 2])
    expect(parseHostReply({ type: 'result', id: 3, value: bytes })).toEqual({
      type: 'result',
      id: 3,
      value: bytes
    })
    expect(
      parseHostReply({
        type: 'error',
        id: null,
        fault: { kind: 'exit', message: 'x', exitCode: 2 }
      })
    ).toEqual({ type: 'error', id: null, fault: { kind: 'exit', message: 'x', exitCode: 2 } })
  })

  it('rejects what is not a message', () => {
    for (const value of [
      null,
      'ready',
      [],
      { type: 'hello' },
      { type: 'result', id: -1, value: 1 },
      { type: 'usage', usage: { cpuMicros: '1' } },
      { type: 'usage' },
      { type: 'error', id: 0, fault: { kind: 'crash', message: 'x' } }
    ])
      expect(parseHostReply(value)).toBeNull()
  })
})

describe('parseHostCommand', () => {
  it('reads start, task and usage messages', () => {
    expect(parseHostCommand({ type: 'usage' })).toEqual({ type: 'usage' })
    expect(parseHostCommand({ type: 'start', modulePath: '/m.mjs', function: 'f' })).toEqual({
      type: 'start',
      modulePath: '/m.mjs',
      function: 'f'
    })
    expect(parseHostCommand({ type: 'task', id: 0, args: [1, 'a'] })).toEqual({
      type: 'task',
      id: 0,
      args: [1, 'a']
    })
    expect(parseHostCommand({ type: 'task', id: 0.5, args: [] })).toBeNull()
    expect(parseHostCommand({ type: 'start', modulePath: 1, function: 'f' })).toBeNull()
  })
})

describe('parseFault', () => {
  it('keeps known fields of the right type and drops the others', () => {
    expect(
      parseFault({
        kind: 'signal',
        message: 'm',
        signal: 'SIGKILL',
        code: 5,
        extra: true,
        detail: 'd'
      })
    ).toEqual({ kind: 'signal', message: 'm', signal: 'SIGKILL', detail: 'd' })
    expect(parseFault({ kind: 'signal' })).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { parseFault, parseReply } from '../../src/runtimes/protocol.ts'

describe('parseReply', () => {
  it('reads the four replies', () => {
    expect(parseReply('{"type":"loaded"}')).toEqual({ type: 'loaded' })
    expect(
      parseReply(
        '{"type":"ready","startupSeconds":0.1,"runtimeVersion":"3.12.1","startMethod":"fork"}'
      )
    ).toEqual({
      type: 'ready',
      startupSeconds: 0.1,
      runtimeVersion: '3.12.1',
      startMethod: 'fork'
    })
    expect(
      parseReply(
        '{"type":"round","wallSeconds":0.2,"cpuSeconds":null,"childCpuSeconds":0.05,"peakRssBytes":1000,"bytesToWorkersPerCall":null,"bytesFromWorkersPerCall":3}'
      )
    ).toEqual({
      type: 'round',
      wallSeconds: 0.2,
      cpuSeconds: null,
      childCpuSeconds: 0.05,
      peakRssBytes: 1000,
      bytesToWorkersPerCall: null,
      bytesFromWorkersPerCall: 3
    })
    expect(
      parseReply(
        '{"type":"fault","fault":{"kind":"exit","message":"exited with code 3","exitCode":3}}'
      )
    ).toEqual({
      type: 'fault',
      fault: { kind: 'exit', message: 'exited with code 3', exitCode: 3 }
    })
  })

  it('leaves lines that are not replies to the log', () => {
    expect(parseReply('hello from user code')).toBeNull()
    expect(parseReply('{"status": "ok"}')).toBeNull()
    expect(parseReply('{not json')).toBeNull()
  })

  it('turns a malformed reply of ours into a protocol fault at once', () => {
    expect(parseReply('{"type":"round","wallSeconds":"fast"}')).toEqual({
      type: 'fault',
      fault: { kind: 'protocol', message: 'harness protocol error: a malformed "round" reply' }
    })
    expect(parseReply('{"type":"fault","fault":{"kind":"meltdown"}}')).toMatchObject({
      fault: { kind: 'protocol' }
    })
  })
})

describe('parseFault', () => {
  it('keeps the known fields and drops the rest', () => {
    expect(
      parseFault({
        kind: 'signal',
        message: 'killed by SIGSEGV',
        signal: 'SIGSEGV',
        extra: 1,
        exitCode: 'x'
      })
    ).toEqual({
      kind: 'signal',
      message: 'killed by SIGSEGV',
      signal: 'SIGSEGV'
    })
    expect(parseFault({ kind: 'exit' })).toBeNull()
  })
})

import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { exceptionFault, withContext } from '../../../../src/runtimes/node/shared/faults.ts'

describe('exceptionFault', () => {
  it('names the error, its code and the first line of its message', () => {
    const error = Object.assign(new TypeError('bad input\nmore'), { code: 'ERR_X' })
    const fault = exceptionFault(error)
    expect(fault).toMatchObject({
      kind: 'exception',
      type: 'TypeError',
      code: 'ERR_X',
      message: 'TypeError [ERR_X]: bad input'
    })
    expect(fault.detail?.split('\n').length).toBeLessThanOrEqual(12)
  })

  it('keeps the cause in the detail', () => {
    const fault = exceptionFault(new Error('outer', { cause: new Error('inner') }))
    expect(fault.detail).toContain('[cause]: inner')
  })

  it('formats values that are not errors', () => {
    expect(exceptionFault(42)).toEqual({
      kind: 'exception',
      type: 'number',
      message: 'threw a non-Error value: 42'
    })
    expect(exceptionFault({ reason: 'x' }).message).toBe('threw a non-Error value: {"reason":"x"}')
    expect(exceptionFault(undefined).message).toBe('threw a non-Error value: undefined')
  })

  it('recognises errors from another realm', () => {
    const error: unknown = runInNewContext('new RangeError("elsewhere")')
    expect(exceptionFault(error)).toMatchObject({
      type: 'RangeError',
      message: 'RangeError: elsewhere'
    })
  })

  it('calls a worker out of memory a memory fault', () => {
    const error = Object.assign(new Error('Worker terminated due to reaching memory limit'), {
      code: 'ERR_WORKER_OUT_OF_MEMORY'
    })
    expect(exceptionFault(error).kind).toBe('memory')
  })
})

describe('withContext', () => {
  it('prefixes the message', () => {
    expect(withContext({ kind: 'exception', message: 'Error: x' }, 'importing failed')).toEqual({
      kind: 'exception',
      message: 'importing failed: Error: x'
    })
  })
})

import { afterAll, describe, expect, it } from 'vitest'
import { fixturePath, moduleDir, nodeRuntime, workload } from './workloads.ts'

const modules = moduleDir({
  'throws-on-import.mjs': "throw new Error('boom at import')\nexport function fn() {}\n",
  'exits-on-import.mjs': 'process.exit(3)\nexport function fn() {}\n',
  'not-a-function.mjs': 'export const limit = 42\nexport function other() {}\n',
  'prints-on-import.mjs': "console.log('[not protocol]')\nexport function fn() { return 1 }\n"
})
afterAll(() => modules.remove())

describe('createNodeRuntime', () => {
  const runtime = nodeRuntime()

  it('describes Node: no GIL, worker_threads and child_process.fork, structured clone', () => {
    expect(runtime.id).toBe('node')
    expect(runtime.traits.hasGil).toBe(false)
    expect(runtime.traits.strategyNames).toEqual({
      serial: 'the main thread',
      async: 'promises on the main thread',
      threads: 'worker_threads',
      processes: 'child_process.fork'
    })
    expect(runtime.traits.serializer).toBe('structured clone')
  })

  it('probes the Node that runs the workloads', async () => {
    // One interpreter, the tool's own, which the config cannot choose: no name, no GIL.
    await expect(runtime.probe()).resolves.toEqual([
      {
        name: null,
        version: process.versions.node,
        executable: process.execPath,
        defaultStartMethod: null,
        freeThreaded: false,
        gilEnabled: false,
        gilForcedBy: null
      }
    ])
  })

  it('finds functions in ESM, CommonJS, default-export and TypeScript modules', async () => {
    const checks = await runtime.check([
      workload(fixturePath('cpu.mjs'), 'countPrimes'),
      workload(fixturePath('large-buffer.cjs'), 'makeBuffer'),
      workload(fixturePath('default-export.mjs'), 'longestCollatz'),
      workload(fixturePath('typed.ts'), 'digitSums'),
      workload(modules.path('prints-on-import.mjs'), 'fn')
    ])
    expect(checks).toHaveLength(5)
    for (const check of checks) expect(check).toMatchObject({ configError: null, fault: null })
  })

  it('reports a missing function as a config error naming it and listing the exports', async () => {
    const [esm, cjs] = await runtime.check([
      workload(fixturePath('cpu.mjs'), 'countPrime'),
      workload(fixturePath('large-buffer.cjs'), 'makeBuffers', [], { name: 'blob' })
    ])
    expect(esm).toEqual({
      workload: 'countPrime-workload',
      configError: "has no function 'countPrime' (it exports: countPrimes)",
      fault: null,
      gilEnabled: null,
      gilEnabledBy: []
    })
    expect(cjs?.workload).toBe('blob')
    expect(cjs?.configError).toBe("has no function 'makeBuffers' (it exports: makeBuffer)")
  })

  it('reports an export that is not a function as a config error', async () => {
    const [check] = await runtime.check([workload(modules.path('not-a-function.mjs'), 'limit')])
    expect(check?.configError).toBe("'limit' is a number, not a function")
  })

  it('reports a module that throws on import as a fault of that workload only', async () => {
    const checks = await runtime.check([
      workload(modules.path('throws-on-import.mjs'), 'fn'),
      workload(fixturePath('trivial.mjs'), 'increment')
    ])
    expect(checks[0]?.configError).toBeNull()
    expect(checks[0]?.fault).toMatchObject({
      kind: 'exception',
      type: 'Error',
      message: 'importing the module failed: Error: boom at import'
    })
    expect(checks[0]?.fault?.detail).toContain('throws-on-import.mjs')
    expect(checks[1]).toMatchObject({ configError: null, fault: null })
  })

  it('reports a module that exits on import as an exit fault', async () => {
    const [check] = await runtime.check([workload(modules.path('exits-on-import.mjs'), 'fn')])
    expect(check?.fault).toMatchObject({ kind: 'exit', exitCode: 3 })
  })

  it('reports a module that hangs on import as a timeout', async () => {
    const hanging = moduleDir({ 'hangs.mjs': 'for (;;) {}\nexport function fn() {}\n' })
    try {
      const [check] = await runtime.check([
        workload(hanging.path('hangs.mjs'), 'fn', [], { timeoutSeconds: 2 })
      ])
      expect(check?.fault).toMatchObject({ kind: 'timeout' })
    } finally {
      hanging.remove()
    }
  })
})

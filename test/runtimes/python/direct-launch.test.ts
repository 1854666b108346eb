// Harnesses start on the interpreter itself where the configured command is a wrapper that only sets
// the environment (pyenv's shim), and through the command wherever anything else could differ. The
// rule on synthetic probe replies, then real wrapper scripts: one that sets a variable (its sessions
// skip it and still see the variable) and one that adds an interpreter option (every process goes
// through it).
import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { availableParallelism, getPriority, tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createPythonRuntime } from '../../../src/runtimes/python/adapter.ts'
import { directLaunch } from '../../../src/runtimes/python/direct-launch.ts'
import type { ProbeLaunch } from '../../../src/runtimes/python/direct-launch.ts'
import { openSession } from '../../../src/runtimes/runtime.ts'
import type { WorkloadSpec } from '../../../src/types.ts'

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ca-direct-')))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('directLaunch: when the probe allows starting the interpreter itself', () => {
  const executable = process.execPath
  const stat = statSync(executable, { bigint: true })
  const passed: ProbeLaunch = {
    args: ['/x/harness.py'],
    cwd: dir,
    env: { PATH: '/usr/bin:/bin', HOME: '/home/u' }
  }
  const reply = (launch: Record<string, unknown> = {}, more: Record<string, unknown> = {}) => ({
    executable,
    ...more,
    launch: {
      argv: ['python3', '/x/harness.py', '--probe'],
      environment: {
        PATH: `/pyenv/versions/3.11/bin${delimiter}/usr/bin:/bin`,
        HOME: '/home/u',
        PYENV_VERSION: '3.11'
      },
      cwd: dir,
      executableId: [String(stat.dev), String(stat.ino)],
      cpus: availableParallelism(),
      niceness: getPriority(),
      ...launch
    }
  })

  it('takes a wrapper that lengthened PATH in front and added variables', () => {
    expect(directLaunch(reply(), passed, 'linux')).toEqual({
      file: executable,
      env: reply().launch.environment
    })
  })

  it('ignores what the wrapper’s shell keeps for itself', () => {
    const shell = { ...passed, env: { ...passed.env, _: '/usr/bin/node', SHLVL: '1' } }
    const environment = { ...reply().launch.environment, SHLVL: '2' }
    expect(directLaunch(reply({ environment }), shell, 'linux')?.env).toEqual(environment)
  })

  it.each([
    ['an interpreter option', { argv: ['python3', '-X', 'dev', '/x/harness.py', '--probe'] }],
    ['no orig_argv (Python 3.9)', { argv: null }],
    ['another working directory', { cwd: tmpdir() }],
    ['a variable changed', { environment: { PATH: '/usr/bin:/bin', HOME: '/root' } }],
    ['a variable removed', { environment: { PATH: '/usr/bin:/bin' } }],
    ['PATH changed, not lengthened', { environment: { PATH: '/usr/bin', HOME: '/home/u' } }],
    [
      'PATH joined without a separator',
      { environment: { PATH: '/opt/usr/bin:/bin', HOME: '/home/u' } }
    ],
    ['an environment that JSON could not carry', { environment: null }],
    ['another file at the same path (a container)', { executableId: ['1', '2'] }],
    ['fewer CPUs', { cpus: availableParallelism() + 1 }],
    ['another niceness', { niceness: getPriority() + 5 }]
  ])('refuses %s', (_name, launch) => {
    expect(directLaunch(reply(launch), passed, 'linux')).toBeNull()
  })

  it('refuses a relative executable, and Windows', () => {
    expect(directLaunch(reply({}, { executable: 'python3' }), passed, 'linux')).toBeNull()
    expect(directLaunch(reply(), passed, 'win32')).toBeNull()
  })
})

describe.runIf(process.platform !== 'win32')('a wrapper command (python, real processes)', () => {
  // The module records, at import, which interpreter ran it and what the wrapper set.
  const module = join(dir, 'seen.py')
  writeFileSync(
    module,
    [
      'import os, sys',
      `with open(${JSON.stringify(join(dir, 'seen.txt'))}, "a") as f:`,
      '    f.write(f"{os.environ.get(\'WRAPPED\')} {sys.flags.dev_mode}\\n")',
      'def work():',
      '    return 1',
      ''
    ].join('\n')
  )
  const spec: WorkloadSpec = {
    name: 'seen',
    runtime: 'python',
    module: 'seen.py',
    modulePath: module,
    function: 'work',
    args: [],
    tasks: null,
    uses: null,
    timeoutSeconds: 30,
    budgetSeconds: 10,
    memoryBytes: null,
    startMethod: 'default',
    line: 1
  }

  /** A wrapper script that counts its runs in `name`.count, sets WRAPPED and runs python3 with `options`. */
  function wrapper(name: string, options: string): string {
    const file = join(dir, name)
    writeFileSync(
      file,
      `#!/bin/sh\necho run >> ${JSON.stringify(`${file}.count`)}\nWRAPPED=yes; export WRAPPED\nexec python3 ${options} "$@"\n`
    )
    chmodSync(file, 0o755)
    return file
  }

  async function loadAndStart(command: string): Promise<{ runs: number; seen: string }> {
    rmSync(join(dir, 'seen.txt'), { force: true })
    const runtime = createPythonRuntime({ python: [command], cwd: dir, source: 'test' })
    await runtime.probe()
    const opened = await openSession(runtime, { workload: spec, strategy: 'serial', workers: 1 })
    if (!opened.ok) throw new Error(opened.fault.message)
    await opened.session.close()
    const runs = readFileSync(`${command}.count`, 'utf8').trim().split('\n').length
    return { runs, seen: readFileSync(join(dir, 'seen.txt'), 'utf8').trim() }
  }

  it('starts sessions on the interpreter itself, with the environment the wrapper set', async () => {
    const result = await loadAndStart(wrapper('env-only', ''))
    // The probe alone went through the wrapper; the session saw its variable all the same.
    expect(result).toEqual({ runs: 1, seen: 'yes False' })
  })

  it('starts every process through a wrapper that adds an interpreter option', async () => {
    const result = await loadAndStart(wrapper('with-option', '-X dev'))
    expect(result).toEqual({ runs: 2, seen: 'yes True' })
  })
})

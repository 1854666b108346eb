// `npm run lint:python` (scripts/lint-python.mjs: Ruff and pyright over the Python harness) fails on
// an undefined name. It runs on a copy of the harness, with the project's own ruff.toml and
// pyrightconfig.json, into which one undefined name is injected; both tools must name it.
import { execFile } from 'node:child_process'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { ROOT } from '../helpers/dist.ts'
import { tempDir } from '../helpers/temp.ts'

const run = promisify(execFile)

it('fails on an undefined name injected into a copy of the harness, in Ruff and in pyright', async () => {
  const dir = tempDir('ca-lint-python-')
  cpSync(join(ROOT, 'src', 'runtimes', 'python'), join(dir.path, 'src', 'runtimes', 'python'), {
    recursive: true,
    filter: (path) => !path.endsWith('__pycache__')
  })
  for (const config of ['ruff.toml', 'pyrightconfig.json'])
    cpSync(join(ROOT, config), join(dir.path, config))
  const session = join(dir.path, 'src/runtimes/python/concurrency_advisor_harness/session.py')
  const source = readFileSync(session, 'utf8')
  const line = '    measure = command["measureBytes"]\n'
  expect(source).toContain(line)
  writeFileSync(
    session,
    source.replace(line, '    measure = command["measureBytes"] or wrong_name\n')
  )

  const failure = await run(process.execPath, [join(ROOT, 'scripts', 'lint-python.mjs')], {
    cwd: dir.path
  }).then(
    () => null,
    (error: unknown) => error as { code: number; stdout: string }
  )
  expect(failure?.code).toBe(1)
  const problems = failure!.stdout
  expect(problems).toMatch(/session\.py:\d+:\d+: F821 Undefined name `wrong_name`/)
  expect(problems).toMatch(/session\.py:\d+:\d+ - error: "wrong_name" is not defined/)
}, 60_000)

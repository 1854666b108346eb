// scripts/lint-workflows.mjs is the CI check that the workflows and the documented examples pass
// actionlint. These tests show that it finds the examples and can fail, at the markdown's own lines.
import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/dist.ts'

const run = promisify(execFile)
const SCRIPT = join(ROOT, 'scripts', 'lint-workflows.mjs')

async function lint(files: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [SCRIPT, ...files])
    return { code: 0, stdout }
  } catch (error) {
    const failed = error as { code: number; stdout: string }
    return { code: failed.code, stdout: failed.stdout }
  }
}

describe('lint-workflows', () => {
  it('passes the workflows and every workflow example in the README and docs/', async () => {
    const result = await lint([])
    expect(result.stdout).toMatch(/actionlint: \d+ workflow\(s\) in \d+ file\(s\), 0 problem\(s\)/)
    const count = Number(/(\d+) workflow/.exec(result.stdout)![1])
    // 2 workflows, 1 block of steps in the README, 3 examples in github-action.md, 4 in workflows.md.
    expect(count).toBeGreaterThanOrEqual(10)
    expect(result.code).toBe(0)
  }, 60_000)

  it('fails on a broken example, naming the markdown line and column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ca-lint-'))
    const file = join(dir, 'doc.md')
    await writeFile(
      file,
      [
        '# Example',
        '',
        '```yaml',
        'jobs:',
        '  advise:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: echo ${{ github.evnt.number }}',
        '```',
        '',
        '```yaml',
        '- uses: actions/checkout@v4',
        '  with:',
        '    fetch-deph: 1',
        '```',
        '',
        '```yaml',
        'workloads: []',
        '```'
      ].join('\n')
    )
    const result = await lint([file])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`${file}:8:23: property "evnt" is not defined`)
    expect(result.stdout).toContain(`${file}:14:5: input "fetch-deph" is not defined`)
    expect(result.stdout).toContain('2 workflow(s) in 1 file(s), 2 problem(s)')
  }, 60_000)
})

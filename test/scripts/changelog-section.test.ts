// scripts/changelog-section.mjs gives the release workflow its notes: one version's CHANGELOG section.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/dist.ts'
import { tempDir } from '../helpers/temp.ts'

const run = promisify(execFile)
const dir = tempDir()
const changelog = dir.write(
  'CHANGELOG.md',
  [
    '# Changelog',
    '',
    '## Unreleased',
    '',
    '- next thing',
    '',
    '## 1.2.0 (2026-12-02)',
    '',
    '- Added the schemas.',
    '- Fixed 1.10.0 look-alikes.',
    '',
    '## v1.1.0',
    '',
    '- Older.',
    '',
    '## 1.0.0',
    ''
  ].join('\n')
)

async function section(version: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [
      join(ROOT, 'scripts', 'changelog-section.mjs'),
      version,
      changelog
    ])
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

describe('changelog-section', () => {
  it('prints the section of a version, with or without the v and a date', async () => {
    expect((await section('v1.2.0')).stdout).toBe(
      '- Added the schemas.\n- Fixed 1.10.0 look-alikes.\n'
    )
    expect((await section('1.1.0')).stdout).toBe('- Older.\n')
  })

  it('fails on a version without a section or with an empty one', async () => {
    const missing = await section('1.3.0')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('no "## 1.3.0" section')
    const empty = await section('1.0.0')
    expect(empty.code).toBe(1)
    expect(empty.stderr).toContain('is empty')
    expect((await section('1.2')).code).toBe(2)
  })
})

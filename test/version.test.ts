// The version in results files and the CLI's --version is src/version.ts; npm and the release workflow
// read package.json's. A release changes both (docs/releasing.md): keep them equal.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TOOL_VERSION } from '../src/version.ts'
import { ROOT } from './helpers/dist.ts'

describe('TOOL_VERSION', () => {
  it("is package.json's version", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string
    }
    expect(TOOL_VERSION).toBe(version)
  })
})

// Compares text with a checked-in file under test/golden/. UPDATE_GOLDEN=1 rewrites the files instead:
// review the diff before committing it.

import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { ROOT } from './dist.ts'

export function expectGolden(name: string, actual: string): void {
  const path = join(ROOT, 'test', 'golden', name)
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    writeFileSync(path, actual)
    if (process.env.UPDATE_GOLDEN !== '1')
      throw new Error(`wrote missing golden file ${name}: check it, then rerun`)
    return
  }
  expect(actual, `differs from test/golden/${name} (UPDATE_GOLDEN=1 rewrites it)`).toBe(
    readFileSync(path, 'utf8')
  )
}

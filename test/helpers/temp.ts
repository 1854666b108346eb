// Temporary folders for tests, removed after each test file.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll } from 'vitest'

/** A fresh folder under the OS temp dir, removed when the test file ends; `write` creates files in it. */
export function tempDir(prefix = 'ca-test-'): {
  readonly path: string
  write(relative: string, content: string): string
} {
  const path = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(path, { recursive: true, force: true }))
  return {
    path,
    write(relative, content) {
      const file = join(path, relative)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, content)
      return file
    }
  }
}

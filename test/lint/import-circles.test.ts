// No import circle in src/: `npm run lint` runs dependency-cruiser with .dependency-cruiser.mjs over
// src/. This proves that the rule rejects a circle, also one that goes through `import type` (all
// three circles this tree once had did), and leaves a plain chain of imports alone.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { ROOT } from '../helpers/dist.ts'
import { tempDir } from '../helpers/temp.ts'

const run = promisify(execFile)
// The package's `exports` hide its files from require.resolve: its bin by path.
const depcruise = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs')

it('rejects a circle of imports, a type-only one included, and nothing else', async () => {
  const dir = tempDir('ca-import-circles-')
  // A circle: a value import one way, a type-only import back.
  dir.write(
    'circle/a.ts',
    "import type { B } from './b.ts'\nexport const a = 1\nexport type A = B\n"
  )
  dir.write('circle/b.ts', "import { a } from './a.ts'\nexport interface B {\n  x: typeof a\n}\n")
  // A chain with no way back.
  dir.write('chain/c.ts', "import { d } from './d.ts'\nexport const c = d + 1\n")
  dir.write('chain/d.ts', 'export const d = 1\n')

  const failure = await run(
    process.execPath,
    [depcruise, dir.path, '--config', '.dependency-cruiser.mjs', '--output-type', 'err'],
    { cwd: ROOT }
  ).then(
    () => null,
    (error: unknown) => error as { code: number; stdout: string }
  )
  expect(failure?.code).toBe(1)
  const violations = failure!.stdout
  expect(violations).toMatch(/no-circular: .*circle\/(a|b)\.ts/)
  expect(violations).toContain('1 dependency violations')
  expect(violations).not.toContain('chain/')
}, 60_000)

// No import circle in src/: `npm run lint` runs dependency-cruiser with .dependency-cruiser.mjs over
// src/. This proves, with that config through dependency-cruiser's own API, that the rule rejects a
// circle, also one that goes through `import type` (all three circles this tree once had did), and
// leaves a plain chain of imports alone.
import { cruise } from 'dependency-cruiser'
import type { IConfiguration } from 'dependency-cruiser'
import { expect, it } from 'vitest'
import { tempDir } from '../helpers/temp.ts'

// The config is untyped JavaScript; a path in a variable keeps tsc from asking for its declarations.
const configFile = '../../.dependency-cruiser.mjs'
const config = ((await import(configFile)) as { default: IConfiguration }).default

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

  // tsConfig names the project's file, which the command line reads; these files need none.
  const { tsConfig: _project, ...options } = config.options ?? {}
  const { output } = await cruise([dir.path], {
    ...options,
    validate: true,
    ruleSet: { forbidden: config.forbidden ?? [] }
  })
  if (typeof output === 'string') throw new Error(`unexpected text output: ${output}`)
  const violations = output.summary.violations.map((v) => ({
    rule: v.rule.name,
    from: v.from.split('/').slice(-2).join('/'),
    to: v.to.split('/').slice(-2).join('/')
  }))
  expect(violations).toEqual([{ rule: 'no-circular', from: 'circle/a.ts', to: 'circle/b.ts' }])
})

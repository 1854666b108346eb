// Lint rules of STYLE.md guideline 5: no `any`, no floating promises, sorted comparators,
// return types on exported functions, exhaustive switches over closed sets.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// The layering of src/ (README, "Development"), written as code: each block below says what one
// folder may not import. Data flows inputs -> measurements -> verdicts -> reports, and no layer
// imports one above it. Import specifiers are matched by regular expression, so a forbidden folder is
// caught however the relative path reaches it ('../engine.ts', '../../measure/run.ts').
const folder = (name) => ({
  regex: `(^|/)${name}/`,
  message: `this layer may not import from src/${name}/ (layering: eslint.config.mjs)`
})
// The Node runtime's rooms, each run by another process.
const nodeRoom = (name) => ({
  regex: `(^|/)${name}/`,
  message: `this layer may not import from src/runtimes/node/${name}/, another process (layering: eslint.config.mjs)`
})
const topFile = (name) => ({
  regex: `(^|/)${name.replace('.', '\\.')}$`,
  message: `this layer may not import src/${name} (layering: eslint.config.mjs)`
})
// Only runtimes/ starts processes.
const PROCESSES = ['node:child_process', 'child_process', 'execa'].map((name) => ({
  name,
  message: 'only src/runtimes/ starts processes (layering: eslint.config.mjs)'
}))
// Only action/ and github/ talk to GitHub.
const GITHUB_TOOLKIT = {
  regex: '^@(actions|octokit)/',
  message:
    'only src/action/ and src/github/ import @actions/* and @octokit/* (layering: eslint.config.mjs)'
}
// stats/, verdict/ and report/ are pure: no files, no network, no threads.
const IO = [
  'node:fs',
  'node:fs/promises',
  'fs',
  'node:net',
  'node:http',
  'node:https',
  'node:worker_threads',
  'node:readline'
].map((name) => ({ name, message: 'this layer is pure: no I/O (layering: eslint.config.mjs)' }))

const SHELLS = [folder('cli'), folder('action'), topFile('cli.ts'), topFile('index.ts')]
// The results file's records are defined once, as the TypeBox schema in results/schema.ts (pure: no
// I/O); types.ts derives their static types from it. Reading and writing files stays in results/.
const RESULTS_EXCEPT_SCHEMA = {
  regex: '(^|/)results/(?!schema\\.ts$)',
  message:
    'this layer may import only results/schema.ts from src/results/ (layering: eslint.config.mjs)'
}
const ABOVE_MEASURE_BUT_RESULTS = [
  folder('report'),
  folder('github'),
  topFile('engine.ts'),
  ...SHELLS
]
const ABOVE_MEASURE = [folder('results'), ...ABOVE_MEASURE_BUT_RESULTS]

const RUNTIMES_PATTERNS = [
  ...['config', 'measure', 'stats', 'verdict'].map(folder),
  ...ABOVE_MEASURE,
  GITHUB_TOOLKIT
]

/** One folder's rule: the folders and files above it, and the modules it may not use. */
function layer(files, { patterns, paths = [] }) {
  return { files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } }
}
export const layering = [
  // The shared vocabulary at the top of src/: domain types and closed sets, progress events, errors,
  // formatting, defaults.
  layer(
    [
      'src/types.ts',
      'src/closed-sets.ts',
      'src/progress-events.ts',
      'src/errors.ts',
      'src/format.ts',
      'src/version.ts',
      'src/defaults.ts',
      'src/limits.ts'
    ],
    {
      patterns: [
        ...['config', 'runtimes', 'measure', 'stats', 'verdict'].map(folder),
        RESULTS_EXCEPT_SCHEMA,
        ...ABOVE_MEASURE_BUT_RESULTS,
        GITHUB_TOOLKIT
      ],
      paths: [...PROCESSES, ...IO]
    }
  ),
  layer(['src/config/**'], {
    // A file's extension decides its runtime: that one table of runtimes/ is config's to read.
    patterns: [
      { ...folder('runtimes'), regex: '(^|/)runtimes/(?!extensions\\.ts$)' },
      ...['measure', 'stats', 'verdict'].map(folder),
      ...ABOVE_MEASURE,
      GITHUB_TOOLKIT
    ],
    paths: PROCESSES
  }),
  layer(['src/stats/**'], {
    patterns: [
      ...['config', 'runtimes', 'measure', 'verdict'].map(folder),
      ...ABOVE_MEASURE,
      GITHUB_TOOLKIT
    ],
    paths: [...PROCESSES, ...IO]
  }),
  layer(['src/verdict/**'], {
    patterns: [...['config', 'runtimes', 'measure'].map(folder), ...ABOVE_MEASURE, GITHUB_TOOLKIT],
    paths: [...PROCESSES, ...IO]
  }),
  layer(['src/report/**'], {
    patterns: [
      ...['config', 'runtimes', 'measure', 'github'].map(folder),
      topFile('engine.ts'),
      ...SHELLS,
      GITHUB_TOOLKIT
    ],
    paths: [...PROCESSES, ...IO]
  }),
  // The results file: reading, writing, merging. Its IO is files only.
  layer(['src/results/**'], {
    patterns: [
      ...['config', 'runtimes', 'measure', 'github', 'report'].map(folder),
      topFile('engine.ts'),
      ...SHELLS,
      GITHUB_TOOLKIT
    ],
    paths: PROCESSES
  }),
  layer(['src/runtimes/**'], { patterns: RUNTIMES_PATTERNS }),
  // The Node runtime's rooms run in different processes (runtimes/node/README.md): the engine side,
  // the harness and the task host share only shared/.
  layer(['src/runtimes/node/adapter.ts'], {
    patterns: [...RUNTIMES_PATTERNS, nodeRoom('harness'), nodeRoom('task-host')]
  }),
  layer(['src/runtimes/node/harness/**'], {
    patterns: [...RUNTIMES_PATTERNS, nodeRoom('task-host')]
  }),
  layer(['src/runtimes/node/task-host/**'], {
    patterns: [...RUNTIMES_PATTERNS, nodeRoom('harness')]
  }),
  // The loop asks the stopping policy (pure, verdict/stopping.ts) after each round whether to go on:
  // that one module of verdict/ and nothing else, so the verdict never becomes the loop's business.
  layer(['src/measure/**'], {
    patterns: [
      folder('config'),
      {
        regex: '(^|/)verdict/(?!stopping\\.ts$)',
        message:
          'measure/ may import only verdict/stopping.ts from src/verdict/ (layering: eslint.config.mjs)'
      },
      ...ABOVE_MEASURE,
      GITHUB_TOOLKIT
    ],
    paths: PROCESSES
  }),
  layer(['src/engine.ts'], {
    patterns: [folder('report'), folder('results'), folder('github'), ...SHELLS, GITHUB_TOOLKIT],
    paths: PROCESSES
  }),
  layer(['src/github/**'], {
    patterns: [
      ...['config', 'runtimes', 'measure', 'stats', 'verdict', 'report', 'results'].map(folder),
      topFile('engine.ts'),
      ...SHELLS
    ],
    paths: PROCESSES
  }),
  layer(['src/cli/**'], {
    patterns: [folder('action'), folder('github'), topFile('index.ts'), GITHUB_TOOLKIT],
    paths: PROCESSES
  }),
  layer(['src/action/**'], {
    patterns: [folder('cli'), topFile('cli.ts')],
    paths: PROCESSES
  }),
  // The one exception: the action checks out the pull request's base with git. It is the action's
  // own setup, not a workload, so it does not go through runtimes/ (whose helpers strip the
  // environment that git needs for its credentials).
  layer(['src/action/base-worktree.ts'], { patterns: [folder('cli'), topFile('cli.ts')] })
]

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'fixtures/', 'bench/libraries/', '**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/require-array-sort-compare': ['error', { ignoreStringArrays: true }],
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false }
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // A rest sibling may drop a field: `const { type, ...sample } = reply`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true }
      ],
      eqeqeq: ['error', 'always']
    }
  },
  ...layering,
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off'
    }
  }
)

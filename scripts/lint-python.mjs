// `npm run lint:python`: the Python harness under Ruff (lint and format check) and pyright (types,
// for Python 3.9), both from npm, so that CI needs no Python package index and the versions are
// pinned in package-lock.json. Ruff is its WebAssembly build, which checks one file's text at a time:
// this script finds the files (ruff.toml's `include`), hands each to Ruff with ruff.toml's settings,
// and prints what it says; pyright reads pyrightconfig.json itself. Both configs are read from the
// working directory, so a test can run the check on a copy of the tree.
// `node scripts/lint-python.mjs --fix` applies the fixes Ruff offers, then formats the files.
import { execFileSync } from 'node:child_process'
import console from 'node:console'
import { globSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import process from 'node:process'
import { parse } from 'smol-toml'

const require = createRequire(import.meta.url)
const { PositionEncoding, Workspace } = require('@astral-sh/ruff-wasm-nodejs')
const fix = process.argv.includes('--fix')

const { include = [], ...settings } = parse(readFileSync('ruff.toml', 'utf8'))
const workspace = new Workspace(settings, PositionEncoding.Utf16)
const files = include
  .flatMap((pattern) => globSync(pattern))
  .filter((file) => !file.split('/').includes('__pycache__'))
  .sort()
if (files.length === 0) {
  console.error(`lint:python: ruff.toml's include (${include.join(', ')}) matches no file`)
  process.exit(1)
}

/** The text with Ruff's fixes applied, pass after pass until none is left (edits that overlap wait). */
function applyFixes(text) {
  for (let pass = 0; pass < 10; pass += 1) {
    const lines = text.split('\n')
    const offset = ({ row, column }) =>
      lines.slice(0, row - 1).reduce((sum, line) => sum + line.length + 1, 0) + column - 1
    const edits = workspace
      .check(text)
      .flatMap((d) => d.fix?.edits ?? [])
      .map((e) => ({
        from: offset(e.location),
        to: offset(e.end_location),
        content: e.content ?? ''
      }))
      .sort((a, b) => b.from - a.from || b.to - a.to)
    if (edits.length === 0) return text
    let next = text
    let floor = Infinity
    for (const edit of edits) {
      if (edit.to > floor) continue
      next = next.slice(0, edit.from) + edit.content + next.slice(edit.to)
      floor = edit.from
    }
    text = next
  }
  return text
}

let problems = 0
for (const file of files) {
  let text = readFileSync(file, 'utf8')
  if (fix) {
    text = applyFixes(text)
    writeFileSync(file, text)
  }
  for (const d of workspace.check(text)) {
    problems += 1
    const { row, column } = d.start_location
    console.log(`${file}:${row}:${column}: ${d.code ?? 'syntax'} ${d.message}`)
  }
  const formatted = workspace.format(text)
  if (formatted !== text) {
    if (fix) {
      writeFileSync(file, formatted)
    } else {
      problems += 1
      console.log(`${file}: not formatted as Ruff formats it (node scripts/lint-python.mjs --fix)`)
    }
  }
}
console.log(`ruff ${Workspace.version()}: ${files.length} files, ${problems} problems`)

const pyright = join(dirname(require.resolve('pyright/package.json')), 'index.js')
let typesOk = true
try {
  execFileSync(process.execPath, [pyright, '--project', 'pyrightconfig.json'], { stdio: 'inherit' })
} catch {
  typesOk = false
}
if (problems > 0 || !typesOk) process.exit(1)

// Prints the CHANGELOG.md section of one version, for the release notes: from its heading
// (`## 1.2.3`, `## v1.2.3`, optionally followed by a date, e.g. `## 1.2.3 (2026-12-02)`) to the next
// `## ` heading, without the heading itself. Fails when the version has no section or an empty one,
// so that a release cannot go out without its notes.
//   node scripts/changelog-section.mjs 1.2.3 [CHANGELOG.md]
import console from 'node:console'
import { readFileSync } from 'node:fs'
import process from 'node:process'

const [version, file = 'CHANGELOG.md'] = process.argv.slice(2)
if (!version || !/^v?\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) {
  console.error(`usage: changelog-section.mjs VERSION [FILE]; got ${JSON.stringify(version ?? '')}`)
  process.exit(2)
}
const plain = version.replace(/^v/, '')
const escaped = plain.replace(/[.]/g, '\\.')
const heading = new RegExp(`^## v?${escaped}(?:\\s|$)`)
const lines = readFileSync(file, 'utf8').split('\n')
const start = lines.findIndex((line) => heading.test(line))
if (start === -1) {
  console.error(`${file}: no "## ${plain}" section; add the release notes before tagging v${plain}`)
  process.exit(1)
}
const rest = lines.slice(start + 1)
const end = rest.findIndex((line) => line.startsWith('## '))
const section = (end === -1 ? rest : rest.slice(0, end)).join('\n').trim()
if (section === '') {
  console.error(`${file}: the "## ${plain}" section is empty`)
  process.exit(1)
}
console.log(section)

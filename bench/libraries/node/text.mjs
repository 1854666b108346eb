// marked (Markdown to HTML) and js-yaml: pure-JavaScript parsers, CPU-bound.
import { marked } from 'marked'
import yaml from 'js-yaml'

const markdown = Array.from(
  { length: 40 },
  (_, i) =>
    `## Section ${i}\n\nSome *emphasis*, a [link](https://example.com/${i}) and \`code\`.\n\n` +
    `- item one\n- item two with **bold**\n- item three\n\n> a quote ${i}`
).join('\n\n')

const document = Array.from(
  { length: 400 },
  (_, i) =>
    `entry${i}:\n  name: item ${i}\n  tags: [a, b, c]\n  size: ${i * 3}\n  nested: {x: 1, y: 2}`
).join('\n')

/** Renders a 40-section document `times` times; returns the HTML's total length. */
export function render(times) {
  let length = 0
  for (let i = 0; i < times; i++) length += marked.parse(markdown).length
  return length
}

/** Parses a 400-entry YAML document `times` times. */
export function parseYaml(times) {
  let count = 0
  for (let i = 0; i < times; i++) count += Object.keys(yaml.load(document)).length
  return count
}

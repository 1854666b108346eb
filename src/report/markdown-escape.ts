// Text from workloads (names, reason sentences, fault messages, tracebacks) goes into GitHub markdown,
// where a stray "|" breaks a table row, a "<" can open an HTML tag and "_" or "*" start emphasis.

const INLINE_SPECIALS = /[\\`*_[\]<>|~]/g

/** Text safe in a markdown table cell or a sentence: one line, markdown specials escaped. */
export function escapeInline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(INLINE_SPECIALS, (char) =>
      char === '<' ? '&lt;' : char === '>' ? '&gt;' : `\\${char}`
    )
}

/** Text as inline code; the fence grows past any backtick run inside, as CommonMark allows. */
export function inlineCode(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')
  const fence = '`'.repeat(longestRun(oneLine, '`') + 1)
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${oneLine}${pad}${fence}`
}

/** A fenced code block whose fence is longer than any backtick run in the text. */
export function codeBlock(text: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1))
  return `${fence}${language}\n${text.replace(/\s+$/, '')}\n${fence}`
}

/** Text inside an HTML element such as <summary>, where markdown is not parsed. */
export function escapeHtml(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

function longestRun(text: string, char: string): number {
  let longest = 0
  let current = 0
  for (const c of text) {
    current = c === char ? current + 1 : 0
    longest = Math.max(longest, current)
  }
  return longest
}

// Parsers for values that both edges (CLI flags and action inputs) accept, so that "10%" or "4,8,16"
// mean the same everywhere. Each returns null for a bad value; the edge names its flag or input.

export const CPU_LIST_RULE = 'whole numbers from 1 to 65536 separated by commas, e.g. 4,8,16,64'
export const PERCENT_RULE = 'a percentage between 0 and 100, e.g. 10 for 10%'

/** "4,8,16,64" or "4 8 16": positive whole numbers, sorted, without repeats. */
export function parseCpuList(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '')
  const counts = parts.map(Number)
  if (parts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1 || n > 65_536))
    return null
  return [...new Set(counts)].sort((a, b) => a - b)
}

/** "10", "10%" or "12.5" -> 0.1, 0.1, 0.125 */
export function parsePercent(text: string): number | null {
  const value = Number(text.trim().replace(/%$/, ''))
  return Number.isFinite(value) && value > 0 && value < 100 ? value / 100 : null
}

export const INTERPRETER_LIST_RULE =
  'an interpreter, or several separated by commas, each once, e.g. python3.14,python3.14t'

/** "python3.14, python3.14t" -> ["python3.14", "python3.14t"]; null when a name is empty or repeated. */
export function parseInterpreterList(text: string): string[] | null {
  const names = text.split(',').map((name) => name.trim())
  if (names.some((name) => name === '') || new Set(names).size !== names.length) return null
  return names
}

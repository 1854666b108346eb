// "Did you mean …?" for misspelt config keys and flags.

/** The nearest candidate to `word` if it is close enough to be a plausible typo, else null. */
export function suggest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  // Up to a third of the word may differ: "taks" -> "tasks", not "x" -> "uses".
  return best !== null && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : null
}

/** " (did you mean X?)" or "" */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = suggest(word, candidates)
  return match === null ? '' : ` (did you mean "${match}"?)`
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution))
    }
    previous = current
  }
  return previous[b.length]!
}

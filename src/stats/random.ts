// Seeded pseudo-random numbers: resampling (compare.ts) and simulations give the same answer for the
// same input every time, with no dependency.

/** A small, fast, seedable uniform generator on [0, 1) (mulberry32). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

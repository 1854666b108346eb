// pako (pure-JavaScript zlib): CPU-bound JavaScript, which worker threads run in parallel.
import pako from 'pako'

const input = new Uint8Array(1 << 20).map((_, i) => (i * 31) % 251 ^ (i >> 9))

/** Deflates 1 MiB at `level`; returns the compressed length. */
export function deflate(level) {
  return pako.deflate(input, { level }).length
}

// Node's own native modules, called synchronously: zlib and crypto run on the calling thread, so a
// pool of either kind spreads them; a large JSON result must be copied back from any pool.
import { pbkdf2Sync } from 'node:crypto'
import { gzipSync } from 'node:zlib'

const input = Buffer.from(
  Array.from({ length: 40000 }, (_, i) => `line ${i}: ${(i * 7919) % 10007}\n`).join('')
)

/** Gzips 0.5 MiB of text at `level`; returns the compressed length. */
export function gzip(level) {
  return gzipSync(input, { level }).length
}

/** PBKDF2-SHA256 with `iterations`; returns the key as hex. */
export function derive(iterations) {
  return pbkdf2Sync('password', 'salt', iterations, 32, 'sha256').toString('hex')
}

/** A list of `count` records, built quickly, that a pool must copy back. */
export function records(count) {
  return Array.from({ length: count }, (_, id) => ({ id, name: `record ${id}`, tags: ['a', 'b'] }))
}

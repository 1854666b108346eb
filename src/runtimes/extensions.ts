// Which runtime runs a module, by file extension. Kept apart from the adapters so that config
// validation can use it without loading them.

import { extname } from 'node:path'
import type { RuntimeId } from '../types.ts'

const EXTENSIONS: Readonly<Record<string, RuntimeId>> = {
  '.py': 'python',
  '.js': 'node',
  '.mjs': 'node',
  '.cjs': 'node',
  '.ts': 'node',
  '.mts': 'node',
  '.cts': 'node'
}

/** Module extensions the tool can run, for error messages. */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(EXTENSIONS)

/** The runtime that runs a module, or null for an extension no runtime handles. */
export function runtimeForModule(modulePath: string): RuntimeId | null {
  return EXTENSIONS[extname(modulePath).toLowerCase()] ?? null
}

// Imports a user's module and finds the function to measure: shared by the harness (serial and
// check mode) and the task host (every worker thread and child process), so that all of them accept
// the same modules: ESM or CommonJS, .js/.mjs/.cjs or .ts/.mts/.cts (Node's type stripping), the
// function as a named export, a property of the default export, or the default export itself.

import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Fault, JsonValue } from '../../../types.ts'
import { exceptionFault, withContext } from './faults.ts'

/** The user's function as the strategies call it; it may return a value or a promise. */
export type UserFunction = (...args: readonly JsonValue[]) => unknown

export type LoadOutcome =
  | { readonly kind: 'function'; readonly fn: UserFunction }
  /** The module loaded but has no such function: the config is wrong (exit 2). */
  | { readonly kind: 'config-error'; readonly problem: string }
  /** Importing the module threw: the workload fails, the others still run. */
  | { readonly kind: 'fault'; readonly fault: Fault }

type Namespace = Readonly<Record<string, unknown>>

// Node 23+ lists the whole CommonJS `module.exports` under this name; it is not a function name.
const CJS_EXPORTS_KEY = 'module.exports'

/** Imports the module by file URL and finds `name` in it. */
export async function loadFunction(modulePath: string, name: string): Promise<LoadOutcome> {
  let namespace: Namespace
  try {
    namespace = (await import(pathToFileURL(resolve(modulePath)).href)) as Namespace
  } catch (error) {
    return {
      kind: 'fault',
      fault: withContext(exceptionFault(error), 'importing the module failed')
    }
  }
  return resolveFunction(namespace, name)
}

/** Calls the function and waits for it when it returns a promise. */
export async function callFunction(fn: UserFunction, args: readonly JsonValue[]): Promise<unknown> {
  const value = fn(...args)
  return isThenable(value) ? await value : value
}

function resolveFunction(namespace: Namespace, name: string): LoadOutcome {
  const fallback = namespace.default
  let found: { value: unknown; owner: object | null } | null = null
  if (name !== CJS_EXPORTS_KEY && Object.hasOwn(namespace, name)) {
    found = { value: namespace[name], owner: null }
  } else if (isObject(fallback) && hasMember(fallback, name)) {
    found = { value: (fallback as Namespace)[name], owner: fallback }
  }
  if (found === null || found.value === undefined) {
    const names = functionNames(namespace)
    const list = names.length === 0 ? 'it exports no functions' : `it exports: ${names.join(', ')}`
    return { kind: 'config-error', problem: `has no function '${name}' (${list})` }
  }
  const { value, owner } = found
  if (typeof value !== 'function') {
    return { kind: 'config-error', problem: `'${name}' is ${describe(value)}, not a function` }
  }
  const target = value as (...args: readonly JsonValue[]) => unknown
  // A method of a default-exported object keeps its `this`, as `module.fn(...)` would.
  const fn: UserFunction = owner === null ? target : (...args) => target.call(owner, ...args)
  return { kind: 'function', fn }
}

/** Names a config may use: function exports, and functions on the default export object. */
function functionNames(namespace: Namespace): string[] {
  const names = new Set<string>()
  for (const [key, value] of Object.entries(namespace)) {
    if (key !== CJS_EXPORTS_KEY && typeof value === 'function') names.add(key)
  }
  const fallback = namespace.default
  if (isObject(fallback)) {
    for (const [key, value] of Object.entries(fallback)) {
      if (typeof value === 'function') names.add(key)
    }
  }
  return [...names].sort()
}

// Own properties, or inherited ones of a class instance, but not Object's or Function's built-ins.
function hasMember(owner: object, name: string): boolean {
  if (Object.hasOwn(owner, name)) return true
  const base = typeof owner === 'function' ? Function.prototype : Object.prototype
  return name in owner && !(name in base)
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function'
}

/** A promise or any value with a `then` method, which `await` would wait for. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return isObject(value) && typeof (value as { then?: unknown }).then === 'function'
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  const type = typeof value
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}
